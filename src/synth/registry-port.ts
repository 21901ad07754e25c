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
  type LinkagePerson,
  registerBulk,
  type SourceDocument,
  streamLinkagePersons,
} from '../registry/index.js';
