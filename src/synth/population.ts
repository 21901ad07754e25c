import type { Geo } from './geo.js';
import { HouseholdFactory } from './household.js';
import { PidAllocator } from './pids.js';
import { Rng } from './prng.js';
import type { BulkPerson } from './registry-port.js';

/** What to generate. */
export interface PopulationOptions {
  persons: number;
  seed: number;
  /** 0 for a first seeding; 1–9 give ID numbers and household ids that cannot collide with stream 0. */
  stream?: number;
  /** Persons per batch (a household is never split). Default 2000. */
  batchSize?: number;
}

/** One batch of whole households. */
export interface PopulationBatch {
  persons: BulkPerson[];
  households: number;
}

/**
 * The synthetic population as a stream of batches: the same options give the same
 * persons, byte for byte, whatever the batch size; memory stays flat however many.
 *
 * @example
 *   for (const batch of generatePopulation(staticGeo(), { persons: 10_000, seed: 6 })) …
 */
export function* generatePopulation(geo: Geo, opts: PopulationOptions): Generator<PopulationBatch> {
  const stream = opts.stream ?? 0;
  const batchSize = Math.max(1, opts.batchSize ?? 2000);
  const factory = new HouseholdFactory(new Rng(opts.seed, stream), geo, new PidAllocator(stream), stream);
  let left = opts.persons;
  let batch: PopulationBatch = { persons: [], households: 0 };
  while (left > 0) {
    const h = factory.next(left);
    left -= h.persons.length;
    for (const p of h.persons) batch.persons.push(p);
    batch.households += h.households;
    if (batch.persons.length >= batchSize) {
      yield batch;
      batch = { persons: [], households: 0 };
    }
  }
  if (batch.persons.length > 0) yield batch;
}
