/**
 * Everything synth takes from the registry, in one place. Only the registry's public API
 * (src/registry/index.ts) is used.
 */
export {
  BulkPerson as BulkPersonSchema,
  type BulkPerson,
  countPersons,
  encodePid,
  getPerson,
  registerBulk,
  type SourceDocument,
} from '../registry/index.js';
