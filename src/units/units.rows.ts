import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { badRequest } from '../shared/errors.js';
import { foldName } from './fold.js';
import type * as repo from './units.repo.js';
import type { UnitEra } from './units.repo.js';
import type { Full2025File, PreMergerFile } from './units.schemas.js';

/*
 * From an official list file to unit rows: format detection, validation helpers, and the
 * flattening of provinces → districts → communes with each unit's kind word.
 */

const KINDS = new Set([
  'tỉnh',
  'thành phố',
  'quận',
  'huyện',
  'thị xã',
  'xã',
  'phường',
  'thị trấn',
  'đặc khu',
]);

/** Parses JSON text, or a 400 that says so. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badRequest('units.invalid_file', `${what} is not JSON: ${(e as Error).message}`);
  }
}

/** Which list format a parsed file is, or undefined. */
export function detectListFormat(data: unknown): UnitEra | undefined {
  if (!Array.isArray(data) || data.length === 0) return undefined;
  const first = data[0] as Record<string, unknown>;
  if (first && typeof first === 'object' && Array.isArray(first.District)) return 'pre2025';
  if (first && typeof first === 'object' && first.Type === 'province' && Array.isArray(first.Wards))
    return '2025';
  return undefined;
}

/** The first schema violations of a file, as field problems. */
export function schemaProblems(schema: TSchema, data: unknown) {
  return Value.Errors(schema, data)
    .slice(0, 10)
    .map((e) => ({ field: e.instancePath || '/', message: e.message }));
}

/** The kind word of a unit from its full name ("Thị xã Sơn Tây" → "thị xã"). */
function kindOf(fullName: string, name: string, where: string): string {
  const kind = fullName.endsWith(name)
    ? fullName
        .slice(0, fullName.length - name.length)
        .trim()
        .toLowerCase()
    : '';
  if (!KINDS.has(kind)) {
    throw badRequest('units.invalid_file', `Cannot tell the kind of unit "${fullName}"`, [
      { field: where, message: `FullName should be "<kind> ${name}" with a kind such as Xã, Phường, Huyện` },
    ]);
  }
  return kind;
}

const nfc = (s: string) => s.normalize('NFC').trim();

/** Flattens a validated list into unit rows; duplicate codes or unknown kind words are refused. */
export function rowsOf(era: UnitEra, data: unknown, versionId: number): repo.NewUnitRow[] {
  const rows: repo.NewUnitRow[] = [];
  const add = (r: Omit<repo.NewUnitRow, 'search_name' | 'era' | 'version_id'>) =>
    rows.push({
      ...r,
      name: nfc(r.name),
      full_name: nfc(r.full_name),
      era,
      search_name: foldName(r.name),
      version_id: versionId,
    });
  if (era === 'pre2025') {
    (data as PreMergerFile).forEach((p, i) => {
      const kind = kindOf(p.FullName, p.Name, `/${i}/FullName`);
      add({
        code: p.Code,
        name: p.Name,
        full_name: p.FullName,
        level: 'province',
        kind,
        parent_code: null,
        province_code: p.Code,
      });
      p.District.forEach((d, j) => {
        const dk = kindOf(d.FullName, d.Name, `/${i}/District/${j}/FullName`);
        add({
          code: d.Code,
          name: d.Name,
          full_name: d.FullName,
          level: 'district',
          kind: dk,
          parent_code: p.Code,
          province_code: p.Code,
        });
        (d.Ward ?? []).forEach((w, k) => {
          const wk = kindOf(w.FullName, w.Name, `/${i}/District/${j}/Ward/${k}/FullName`);
          add({
            code: w.Code,
            name: w.Name,
            full_name: w.FullName,
            level: 'commune',
            kind: wk,
            parent_code: d.Code,
            province_code: p.Code,
          });
        });
      });
    });
  } else {
    (data as Full2025File).forEach((p, i) => {
      const kind = p.AdministrativeUnitShortName.toLowerCase();
      if (!KINDS.has(kind))
        throw badRequest('units.invalid_file', `Unknown kind "${kind}"`, [
          { field: `/${i}`, message: 'kind' },
        ]);
      add({
        code: p.Code,
        name: p.Name,
        full_name: p.FullName,
        level: 'province',
        kind,
        parent_code: null,
        province_code: p.Code,
      });
      p.Wards.forEach((w, j) => {
        const wk = w.AdministrativeUnitShortName.toLowerCase();
        if (!KINDS.has(wk) || w.ProvinceCode !== p.Code) {
          throw badRequest('units.invalid_file', `Ward ${w.Code} is inconsistent`, [
            {
              field: `/${i}/Wards/${j}`,
              message: `kind "${wk}", ProvinceCode ${w.ProvinceCode} under province ${p.Code}`,
            },
          ]);
        }
        add({
          code: w.Code,
          name: w.Name,
          full_name: w.FullName,
          level: 'commune',
          kind: wk,
          parent_code: p.Code,
          province_code: p.Code,
        });
      });
    });
  }
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.code))
      throw badRequest('units.invalid_file', `Unit code ${r.code} appears twice in the file`);
    seen.add(r.code);
  }
  return rows;
}
