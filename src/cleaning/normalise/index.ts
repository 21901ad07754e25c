/**
 * Normalisation of person data for linkage: names (NFC, one tone placement, input-method
 * leftovers, split and folded), dates, ID numbers, phone numbers and addresses to unit
 * codes of both eras.
 */
export { type DateOptions, type DateResult, formatDate, parseDate, registerDate } from './dates.js';
export { type IdResult, normaliseOtherId, parseIdNumber } from './ids.js';
export { fromTelex, fromViqr, fromVni, repairNameWords } from './input-methods.js';
export {
  fold,
  hasDiacritics,
  type NameFields,
  nameFields,
  nameWords,
  splitName,
  surnameClass,
} from './names.js';
export {
  createNormaliser,
  type NormalisedRow,
  type Normaliser,
  type NormaliserOptions,
  normaliserFrom,
} from './normaliser.js';
export { type PhoneResult, parsePhone } from './phone.js';
export { type Place, placeFromAddress, placeFromCodes } from './place.js';
export { parseSex } from './sex.js';
export { isSyllable, placeTone } from './syllable.js';
