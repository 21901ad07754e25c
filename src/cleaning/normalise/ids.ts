/**
 * ID numbers as spreadsheets leave them: 12-digit personal ID numbers and 9-digit old ID
 * numbers (CMND) with spaces or dots, leading zeros lost ("1304000123" for
 * "001304000123"), or turned into scientific notation ("7.9201E+10").
 */
import { decodePid } from '../../registry/index.js';

export interface IdProblem {
  code: string;
  reason: string;
}

export interface IdResult {
  pid?: string;
  oldId?: string;
  problem?: IdProblem;
}

/** Digits of a number written in scientific notation, when the mantissa holds them all. */
function fromScientific(s: string): string | IdProblem {
  const m = /^(\d+)(?:[.,](\d+))?e\+?(\d+)$/i.exec(s);
  if (!m) return { code: 'id.invalid', reason: `"${s}" is not an ID number` };
  const digits = m[1]! + (m[2] ?? '');
  const exponent = Number(m[3]);
  const intDigits = m[1]!.length + exponent;
  if (digits.replace(/^0+/, '').length > intDigits)
    return { code: 'id.invalid', reason: `"${s}" is not a whole number` };
  // A spreadsheet that shortened the number wrote fewer digits than it has: they are lost.
  if (digits.length < intDigits)
    return {
      code: 'id.scientific',
      reason: `"${s}" was shortened to scientific notation by a spreadsheet; its last digits are lost`,
    };
  return digits.padEnd(intDigits, '0');
}

const isPid = (d: string) => decodePid(d).ok;

/**
 * Reads an ID number of either kind, deciding by its length: 12 digits (or 10–11 that
 * become a valid personal ID number with their zeros back) is a personal ID number, 9 (or
 * 8 with its zero back) an old ID number.
 *
 * @example
 *   parseIdNumber('0013 0400 0123') // { pid: '001304000123' }
 *   parseIdNumber('12345678') // { oldId: '012345678' }
 *   parseIdNumber('7.9201E+11') // { problem: { code: 'id.scientific', … } }
 */
export function parseIdNumber(text: string, expect: 'any' | 'pid' | 'oldId' = 'any'): IdResult {
  const s = (/^[\x20-\x7e]*$/.test(text) ? text : text.normalize('NFKC')).trim().replace(/^'+/, '');
  if (!s) return {};
  let digits: string;
  if (/e/i.test(s)) {
    const r = fromScientific(s.replace(/\s/g, ''));
    if (typeof r !== 'string') return { problem: r };
    digits = r;
  } else {
    digits = s.replace(/[\s.\-_/]/g, '').replace(/\.0+$/, '');
    if (!/^\d+$/.test(digits))
      return { problem: { code: 'id.invalid', reason: `"${text}" holds other things than digits` } };
  }
  const n = digits.length;
  const asPid = (): IdResult | undefined => {
    if (n === 12) return isPid(digits) ? { pid: digits } : { pid: digits, problem: pidProblem(digits) };
    if ((n === 10 || n === 11) && isPid(digits.padStart(12, '0'))) return { pid: digits.padStart(12, '0') };
    return undefined;
  };
  const asOld = (): IdResult | undefined => {
    if (n === 9) return { oldId: digits };
    if (n === 8) return { oldId: digits.padStart(9, '0') };
    return undefined;
  };
  const r = expect === 'oldId' ? asOld() : expect === 'pid' ? asPid() : (asPid() ?? asOld());
  if (r) return r;
  const what =
    expect === 'pid'
      ? 'a personal ID number (12 digits)'
      : expect === 'oldId'
        ? 'an old ID number (9 digits)'
        : 'a personal ID number (12 digits) or an old ID number (9 digits)';
  return { problem: { code: 'id.invalid', reason: `"${text}" has ${n} digits; expected ${what}` } };
}

function pidProblem(pid: string): IdProblem {
  const d = decodePid(pid);
  const message = d.ok ? '' : d.problems.map((p) => p.message).join('; ');
  return { code: 'pid.invalid', reason: `${pid}: ${message}` };
}

/** Any other identifier: upper case, letters and digits only. */
export const normaliseOtherId = (text: string) =>
  text
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
