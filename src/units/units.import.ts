import { createHash } from 'node:crypto';
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import type { Db } from '../db/index.js';
import { badRequest } from '../shared/errors.js';
import { invalidateUnitIndex } from './units.cache.js';
import type { UnitEra } from './units.repo.js';
import * as repo from './units.repo.js';
import { detectListFormat, parseJson, rowsOf, schemaProblems } from './units.rows.js';
import { Full2025File, PreMergerFile } from './units.schemas.js';

export { parseJson };

/** What an import did. Importing the same file twice gives `written: 0` the second time. */
export interface ListImportSummary {
  era: UnitEra;
  source: string;
  sha256: string;
  versionId: number;
  /** false when this exact file was imported before */
  newVersion: boolean;
  provinces: number;
  districts: number;
  communes: number;
  /** rows inserted or changed (0 = nothing changed) */
  written: number;
  /** units of this era in the database that the file does not list (kept, never deleted) */
  notInFile: number;
}

/** Progress callback: rows done out of total. */
export type Progress = (done: number, total: number) => void;

/** Lists we know by checksum: legal basis and date in force. */
const KNOWN: Record<string, { legalBasis: string; inForce: string | null }> = {
  '86c1e097b1b8b63cf5f8b7aa71d90e3bd97f2e75412af67d5dede4d9c0e91899': {
    legalBasis: 'GSO list as of 2025-03-01 (before 19/2025/QĐ-TTg)',
    inForce: '2025-03-01',
  },
  '2bee0ae9132c2a3148f0ee0c1aaacdf8b52bb801df975a2e1ed39d85e0db3b81': {
    legalBasis: 'Nghị quyết 202/2025/QH15; Quyết định 19/2025/QĐ-TTg',
    inForce: '2025-07-01',
  },
  e691c923dd5df61b1ab08a1d20c6d73f48a947b7a961ca2eca2cad26f7301ca2: {
    legalBasis: '30/2026/QH16; 237/NQ-UBTVQH16',
    inForce: '2026-04-30',
  },
};

const EXPECTED =
  'a JSON array of provinces, either the pre-2025 format ({Code, Name, FullName, District: [{…, Ward: […]}]}) or the 2025 format ({Type: "province", Code, Name, FullName, AdministrativeUnitShortName, Wards: [{Type: "ward", …}]})';

/**
 * Imports a full official unit list (pre-2025 "simplified" or 2025 "full" JSON). Idempotent:
 * rows are upserted and unchanged rows are not touched; the list is recorded once per
 * (era, checksum). Units missing from the file are reported, not deleted. All or nothing.
 */
export async function importUnitList(
  db: Db,
  input: {
    text: string;
    source: string;
    era?: UnitEra;
    legalBasis?: string;
    inForce?: string;
    onProgress?: Progress;
  },
): Promise<ListImportSummary> {
  const data = parseJson(input.text, input.source);
  const era = detectListFormat(data);
  if (!era)
    throw badRequest('units.invalid_file', `${input.source} is not a unit list: expected ${EXPECTED}`);
  if (input.era && input.era !== era) {
    throw badRequest(
      'units.era_mismatch',
      `${input.source} is a ${era} list, but era ${input.era} was asked for`,
    );
  }
  const schema: TSchema = era === 'pre2025' ? PreMergerFile : Full2025File;
  if (!Value.Check(schema, data)) {
    throw badRequest(
      'units.invalid_file',
      `${input.source} does not match the ${era} list format`,
      schemaProblems(schema, data),
    );
  }
  const sha256 = createHash('sha256').update(input.text).digest('hex');
  const known = KNOWN[sha256];
  const summary = await db.transaction().execute(async (trx) => {
    const existing = await repo.findVersion(trx, era, sha256);
    const provisional = rowsOf(era, data, 0);
    const count = (level: string) => provisional.filter((r) => r.level === level).length;
    const versionId =
      existing?.id ??
      (await repo.upsertVersion(trx, {
        era,
        source: input.source,
        sha256,
        legal_basis: input.legalBasis ?? known?.legalBasis ?? null,
        in_force: input.inForce ?? known?.inForce ?? null,
        provinces: count('province'),
        districts: count('district'),
        communes: count('commune'),
      }));
    const rows = provisional.map((r) => ({ ...r, version_id: versionId }));
    let written = 0;
    for (let i = 0; i < rows.length; i += 2000) {
      written += await repo.upsertUnits(trx, rows.slice(i, i + 2000));
      input.onProgress?.(Math.min(i + 2000, rows.length), rows.length);
    }
    if (existing && written > 0) await repo.touchVersion(trx, existing.id);
    const inDb = await repo.unitCodes(trx, era);
    const inFile = new Set(rows.map((r) => r.code));
    return {
      era,
      source: input.source,
      sha256,
      versionId,
      newVersion: !existing,
      provinces: count('province'),
      districts: count('district'),
      communes: count('commune'),
      written,
      notInFile: [...inDb].filter((c) => !inFile.has(c)).length,
    };
  });
  invalidateUnitIndex(db);
  return summary;
}
