/**
 * The linkage model: blocking rules, comparison levels, a Fellegi–Sunter model trained by
 * EM (or the built-in one), matching against a reference index with explanations,
 * decisions, deduplication and linking of two files.
 */
export { type BlockingRecall, blockingRecall, ruleKeys } from './blocking.js';
export {
  clusterRoots,
  clustersOf,
  dedupe,
  dedupeIndex,
  duplicatePairs,
  type FileLink,
  linkFiles,
} from './dedupe.js';
export { defaultModel } from './default-model.js';
export {
  decide,
  disagreements,
  type MatchOptions,
  type MatchResult,
  matchRecord,
  probabilityOf,
} from './match.js';
export {
  type BlockingRule,
  FIELD_LEVELS,
  FIELDS,
  type FieldModel,
  type FieldName,
  KEY_PARTS,
  type KeyPart,
  type LinkModel,
  LinkModelSchema,
  parseModel,
} from './model.js';
export { type IndexData, ReferenceIndex } from './reference-index.js';
export { jaro, jaroWinkler, oneEdit } from './strings.js';
export { type EmSession, type TrainingReport, type TrainOptions, trainModel } from './train.js';
