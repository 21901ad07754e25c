/**
 * Synthetic population: realistic, entirely made-up persons, households and histories for
 * demos, tests and benchmarks, written through the registry's bulk path. Deterministic:
 * the same options give the same population.
 */
export {
  type DatasetFormat,
  type DatasetKind,
  type DatasetOptions,
  type DatasetSummary,
  generateDataset,
} from './dataset.js';
export { type Geo, staticGeo } from './geo.js';
export { loadGeo } from './geo.load.js';
export { NOISE, type NoiseLevel, type NoiseRates } from './noise.js';
export { generatePopulation, type PopulationBatch, type PopulationOptions } from './population.js';
export { Rng, Weighted } from './prng.js';
export {
  ensureDemoPopulation,
  freeAppendStream,
  progressBar,
  progressUpdater,
  type SeedOptions,
  type SeedSummary,
  seedPopulation,
  summaryLine,
} from './seed.service.js';
