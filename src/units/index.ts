/**
 * Administrative units of Vietnam: provinces, districts and communes before 1 July 2025
 * (era `pre2025`) and provinces and communes after it (era `2025`), the mapping from old
 * to new units, and parsing of free-text addresses into unit codes.
 *
 * Other modules call only what is exported here.
 */
export { type AccuracyFigure, measureAccuracy } from './accuracy.js';
export type { AddressMatch } from './address.js';
export { foldName } from './fold.js';
export { loadUnitSnapshot, type UnitReader, type UnitSnapshot, unitReader } from './unit-reader.js'; // for cleaning
export type { Unit } from './units.cache.js';
export { importUnitList, type ListImportSummary } from './units.import.js';
export { importMapping, type MappingImportSummary } from './units.mapping.js';
export type { UnitEra, UnitLevel } from './units.repo.js';
export { unitsRoutes } from './units.routes.js';
export {
  getUnit,
  listUnits,
  listVersions,
  parseAddress,
  successorsOf,
  type UnitListVersion,
  type UnitQuery,
  unitContains,
} from './units.service.js';
