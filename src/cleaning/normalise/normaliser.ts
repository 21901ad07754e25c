/**
 * One row of an agency dataset (or one register person) → a PersonRecord the linkage
 * model compares, with the problems found on the way. Built once per job (it loads the
 * unit lists), then synchronous and fast.
 */
import type { Database } from '../../db/index.js';
import { checkPid, type LinkagePerson } from '../../registry/index.js';
import { loadUnitSnapshot, type UnitSnapshot, unitReader } from '../../units/index.js';
import type { ColumnMapping, ColumnRole, PersonRecord, RawRow, RowProblem } from '../types.js';
import { type DateOptions, parseDate, registerDate } from './dates.js';
import { normaliseOtherId, parseIdNumber } from './ids.js';
import { hasDiacritics, type NameFields, nameFields, nameWords } from './names.js';
import { parsePhone } from './phone.js';
import { type Place, placeFromAddress, placeFromCodes } from './place.js';
import { parseSex } from './sex.js';

export interface NormaliserOptions {
  /**
   * `vi` (default): Vietnamese data — input-method leftovers are repaired and phone numbers
   * read in the national plan. `generic`: names only cleaned and folded, phones kept as digits.
   */
  locale?: 'vi' | 'generic';
  /** dates after this day are problems; default today */
  today?: Date;
}

export interface NormalisedRow {
  /** absent when the row has neither a usable name nor a usable ID number */
  record?: PersonRecord;
  problems: RowProblem[];
}

export interface Normaliser {
  /** A dataset row → record and problems. `record.id` is the `recordId` column, else the line number. */
  normaliseRow(row: RawRow, mapping: ColumnMapping): NormalisedRow;
  /** A register person → record (id = personal ID number), its residence in both eras where known. */
  recordFromRegistry(p: LinkagePerson): PersonRecord;
}

/** A part of an address below the commune: house number, street, lane, hamlet, group. */
const LOCAL =
  /^(\d|(so|sn|ngo|ngach|hem|kiet|thon|xom|khu pho|kp|duong|chung cu|can ho)\b|(to|ap|doi|khom|khoi|lo|ban|buon|lang|pho|cum|toa|nha)\s*\d)/;
const foldPart = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/đ/g, 'd')
    .replace(/^[\s.]+/, '');

/**
 * The part of an address that names units: leading house-number, street and hamlet parts
 * dropped, at most the last three comma-separated parts. Many addresses of one commune
 * then share one parse.
 */
export function unitPart(text: string): string {
  const parts = text.split(',');
  let from = Math.max(0, parts.length - 3);
  while (from < parts.length - 1 && LOCAL.test(foldPart(parts[from]!))) from++;
  return parts.slice(from).join(',').trim();
}

/**
 * Loads the unit lists of `database` and returns a normaliser.
 *
 * @example
 *   const n = await createNormaliser(database);
 *   n.normaliseRow({ line: 2, values: { 'Họ và tên': 'Nguyen Van An' } }, { 'Họ và tên': 'fullName' })
 */
export async function createNormaliser(
  database: Database,
  opts: NormaliserOptions = {},
): Promise<Normaliser> {
  return normaliserFrom(await loadUnitSnapshot(database.db), opts);
}

/** A normaliser over a unit snapshot (plain data: works in a worker thread without a database). */
export function normaliserFrom(snapshot: UnitSnapshot, opts: NormaliserOptions = {}): Normaliser {
  const reader = unitReader(snapshot);
  const vi = (opts.locale ?? 'vi') === 'vi';
  const dateOpts: DateOptions = { today: opts.today ?? new Date() };
  const names = new Map<string, NameFields>();
  const places = new Map<string, Place>();
  const addresses = new Map<string, Place | null>();

  const nameOf = (text: string): NameFields => {
    let hit = names.get(text);
    if (!hit) {
      hit = nameFields(nameWords(text, { repairInput: vi }), hasDiacritics(text));
      if (names.size > 500_000) names.clear();
      names.set(text, hit);
    }
    return hit;
  };
  const codesPlace = (unit?: string | null, province?: string | null): Place => {
    const k = `${unit ?? ''}|${province ?? ''}`;
    let hit = places.get(k);
    if (!hit) {
      hit = placeFromCodes(reader, unit, province);
      if (places.size > 200_000) places.clear();
      places.set(k, hit);
    }
    return hit;
  };
  const addressPlace = (text: string): Place | undefined => {
    const tail = unitPart(text);
    let hit = addresses.get(tail);
    if (hit === undefined) {
      hit = placeFromAddress(reader, tail) ?? null;
      if (addresses.size > 200_000) addresses.clear();
      addresses.set(tail, hit);
    }
    return hit ?? undefined;
  };

  return {
    normaliseRow(row, mapping) {
      const problems: RowProblem[] = [];
      const problem = (code: string, reason: string, field?: string) =>
        problems.push({ line: row.line, code, reason, ...(field ? { field } : {}) });
      const cells = new Map<ColumnRole, { header: string; value: string }[]>();
      for (const [header, role] of Object.entries(mapping)) {
        if (role === 'ignore') continue;
        const value = (row.values[header] ?? '').trim();
        if (!value) continue;
        const list = cells.get(role);
        if (list) list.push({ header, value });
        else cells.set(role, [{ header, value }]);
      }
      const first = (role: ColumnRole) => cells.get(role)?.[0];
      const record: PersonRecord = { id: first('recordId')?.value ?? String(row.line) };

      const full = first('fullName')?.value;
      const parts = (['familyName', 'middleName', 'givenName'] as const).map((r) => first(r)?.value ?? '');
      const nameText = full ?? parts.filter(Boolean).join(' ');
      if (nameText) Object.assign(record, nameOf(nameText));

      const dobCell = first('dateOfBirth');
      if (dobCell) {
        const r = parseDate(dobCell.value, dateOpts);
        if (r && 'date' in r) record.dob = r.date;
        else if (r) problem(r.problem.code, r.problem.reason, dobCell.header);
      }
      const yearCell = first('yearOfBirth');
      if (!record.dob && yearCell) {
        const r = /^\d{4}$/.test(yearCell.value) ? parseDate(yearCell.value, dateOpts) : undefined;
        if (r && 'date' in r) record.dob = { y: r.date.y };
        else problem('date.invalid', `"${yearCell.value}" is not a year of birth`, yearCell.header);
      }
      const sexCell = first('sex');
      if (sexCell) {
        const sex = parseSex(sexCell.value);
        if (sex) record.sex = sex;
        else if (sex === undefined) problem('sex.invalid', `"${sexCell.value}" is not a sex`, sexCell.header);
      }

      for (const [role, expect] of [
        ['idNumber', 'any'],
        ['pid', 'pid'],
        ['oldId', 'oldId'],
      ] as const) {
        for (const c of cells.get(role) ?? []) {
          const r = parseIdNumber(c.value, expect);
          if (r.problem) problem(r.problem.code, r.problem.reason, c.header);
          if (r.pid) record.pid ??= r.pid;
          if (r.oldId && !record.oldIds?.includes(r.oldId))
            record.oldIds = [...(record.oldIds ?? []), r.oldId];
        }
      }
      if (record.pid && record.dob && record.sex) {
        const issues = checkPid(record.pid, { sex: record.sex, birthYear: record.dob.y });
        if (issues.length > 0)
          problem(
            'pid.inconsistent',
            issues.map((i) => i.message).join('; '),
            first('pid')?.header ?? first('idNumber')?.header,
          );
      }
      const other = first('otherId');
      if (other) {
        const id = normaliseOtherId(other.value);
        if (id) record.otherId = id;
      }
      const phoneCell = first('phone');
      if (phoneCell) {
        if (vi) {
          const r = parsePhone(phoneCell.value);
          if (r && 'phone' in r) record.phone = r.phone;
          else if (r) problem(r.problem.code, r.problem.reason, phoneCell.header);
        } else {
          const digits = phoneCell.value.replace(/\D/g, '');
          if (digits) record.phone = digits;
        }
      }

      const communeCode = first('communeCode')?.value;
      const provinceCode = first('provinceCode')?.value;
      let place: Place = communeCode || provinceCode ? codesPlace(communeCode, provinceCode) : {};
      const addressCells = cells.get('address');
      if (addressCells) {
        const text = addressCells.map((c) => c.value).join(', ');
        const parsed = addressPlace(text);
        if (parsed) place = { ...parsed, ...place };
        else if (!place.province2025 && !place.provincePre)
          problem(
            'address.unrecognised',
            `no province or commune recognised in "${text}"`,
            addressCells[0]!.header,
          );
      }
      Object.assign(record, place);

      if (!record.given && !record.family && !record.pid && !record.oldIds && !record.otherId) {
        problems.push({
          line: row.line,
          code: 'row.no_identity',
          reason: 'the row has neither a usable name nor a usable ID number',
        });
        return { problems };
      }
      return { record, problems };
    },

    recordFromRegistry(p) {
      const record: PersonRecord = { id: p.pid, pid: p.pid, sex: p.sex };
      Object.assign(record, nameOf(`${p.familyName} ${p.middleName} ${p.givenName}`));
      const dob = registerDate(p.dateOfBirth);
      if (dob) record.dob = dob;
      if (p.oldIds.length > 0) record.oldIds = [...p.oldIds];
      if (p.permUnit || p.permProvince) Object.assign(record, codesPlace(p.permUnit, p.permProvince));
      return record;
    },
  };
}
