import type { FieldProblem } from '../shared/errors.js';
import { isProvinceCode } from './provinces.js';

/** A personal ID number that passed `decodePid`; an unchecked string does not pass for one. */
export type PersonalId = string & { readonly __brand: 'PersonalId' };

export type SexCode = 'male' | 'female';

/** What a personal ID number says about its holder. */
export interface PidParts {
  /** 2-digit province code of the birth registration (the ID has "0" + this). */
  provinceCode: string;
  sex: SexCode;
  /** Full birth year, 1900–2199. */
  birthYear: number;
}

export type DecodedPid =
  | { ok: true; pid: PersonalId; value: PidParts }
  | { ok: false; problems: FieldProblem[] };

/**
 * Builds a 12-digit personal ID number: "0" + province (2) + century/sex digit + year (2)
 * + serial (6).
 *
 * @example
 *   encodePid({ provinceCode: '01', sex: 'female', birthYear: 2004, serial: 123 }) // '001304000123'
 */
export function encodePid(p: PidParts & { serial: number }): PersonalId {
  if (!isProvinceCode(p.provinceCode)) throw new RangeError(`unknown province ${p.provinceCode}`);
  if (!Number.isInteger(p.birthYear) || p.birthYear < 1900 || p.birthYear > 2199)
    throw new RangeError(`birth year ${p.birthYear} outside 1900–2199`);
  if (!Number.isInteger(p.serial) || p.serial < 0 || p.serial > 999_999)
    throw new RangeError(`serial ${p.serial} outside 0–999999`);
  const century = Math.floor(p.birthYear / 100) - 19;
  const digit = century * 2 + (p.sex === 'female' ? 1 : 0);
  const yy = String(p.birthYear % 100).padStart(2, '0');
  return `0${p.provinceCode}${digit}${yy}${String(p.serial).padStart(6, '0')}` as PersonalId;
}

/**
 * Reads a personal ID number; problems name the field `pid`.
 *
 * @example
 *   decodePid('001304000123') // { ok: true, value: { provinceCode: '01', sex: 'female', birthYear: 2004 } }
 */
export function decodePid(pid: string, field = 'pid'): DecodedPid {
  if (!/^[0-9]{12}$/.test(pid))
    return { ok: false, problems: [{ field, message: 'a personal ID number has exactly 12 digits' }] };
  const problems: FieldProblem[] = [];
  const provinceCode = pid.slice(1, 3);
  if (pid[0] !== '0' || !isProvinceCode(provinceCode))
    problems.push({ field, message: `the first 3 digits ${pid.slice(0, 3)} are not a province code` });
  const digit = Number(pid[3]);
  if (digit > 5) problems.push({ field, message: `the 4th digit ${digit} is not a century/sex digit (0–5)` });
  if (problems.length > 0) return { ok: false, problems };
  const birthYear = 1900 + Math.floor(digit / 2) * 100 + Number(pid.slice(4, 6));
  return {
    ok: true,
    pid: pid as PersonalId,
    value: { provinceCode, sex: digit % 2 === 0 ? 'male' : 'female', birthYear },
  };
}

/**
 * Checks that `pid` is well formed and agrees with the holder's sex and birth year (and the
 * registration province, when given). Returns the problems; empty when consistent.
 */
export function checkPid(
  pid: string,
  expected: { sex: SexCode; birthYear: number; provinceCode?: string },
  field = 'pid',
): FieldProblem[] {
  const d = decodePid(pid, field);
  if (!d.ok) return d.problems;
  const problems: FieldProblem[] = [];
  if (d.value.sex !== expected.sex)
    problems.push({ field, message: `the ID number says ${d.value.sex}, the person is ${expected.sex}` });
  if (d.value.birthYear !== expected.birthYear)
    problems.push({
      field,
      message: `the ID number says born ${d.value.birthYear}, the person was born ${expected.birthYear}`,
    });
  if (expected.provinceCode && d.value.provinceCode !== expected.provinceCode)
    problems.push({
      field,
      message: `the ID number says registered in province ${d.value.provinceCode}, not ${expected.provinceCode}`,
    });
  return problems;
}
