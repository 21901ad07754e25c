/**
 * Reading agency datasets (CSV, XLSX, JSON Lines; streamed, encodings detected), guessing
 * or parsing the column mapping, and writing the cleaned file.
 */
export {
  CLEANED_COLUMNS,
  CleanedCsvWriter,
  type CleanedRow,
  type CleanedStatus,
  csvField,
  neutralise,
} from './cleaned-writer.js';
export { sniffSeparator } from './csv-read.js';
export { type Dataset, type DatasetFormat, type OpenOptions, openDataset } from './dataset.js';
export { detectEncoding } from './encoding.js';
export { COLUMN_ROLES, foldHeader, parseMapping, suggestMapping } from './mapping.js';
