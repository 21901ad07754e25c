/** Sex as datasets write it: Vietnamese, English, single letters, ISO/IEC 5218 digits. */

const MALE = new Set(['nam', 'trai', 'nam gioi', 'm', 'male', 'man', 'boy', 'h', 'homme', '1']);
const FEMALE = new Set(['nu', 'gai', 'nu gioi', 'f', 'female', 'woman', 'girl', 'w', 'femme', '2']);
const UNKNOWN = new Set(['', '0', '9', 'u', 'x', 'unknown', 'khong ro', 'khac', 'other', 'n/a', 'na', '-']);

/**
 * `male` or `female`; `null` for a value that says "unknown"; `undefined` when unrecognised.
 *
 * @example
 *   parseSex('Nữ') // 'female'
 */
export function parseSex(text: string): 'male' | 'female' | null | undefined {
  const k = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/đ/g, 'd')
    .replace(/[.\s]+/g, ' ')
    .trim();
  if (MALE.has(k)) return 'male';
  if (FEMALE.has(k)) return 'female';
  if (UNKNOWN.has(k)) return null;
  return undefined;
}
