import type { Normaliser } from './normalise/index.js';
import { storedRow } from './row-hash.js';
import type { ColumnMapping, RawRow } from './types.js';

/**
 * What normalising adds to one file row for `cleaning_rows`: its normalised record (JSON
 * text, or null when rejected), its content hash and its problems (JSON text or null). The
 * same function runs on the main thread or in an import thread; the row's line and cells
 * are not sent back (the caller has them), which halves what crosses between threads.
 */
export interface ImportedRow {
  record: string | null;
  rowHash: string;
  problems: string | null;
}

/** A row's cells in header order, as stored. */
export const cellsOf = (headers: readonly string[], row: RawRow): string[] =>
  headers.map((h) => row.values[h] ?? '');

export function importRows(
  normaliser: Normaliser,
  headers: readonly string[],
  mapping: ColumnMapping,
  rows: readonly RawRow[],
): ImportedRow[] {
  return rows.map((row) => {
    const { record, problems } = normaliser.normaliseRow(row, mapping);
    return {
      ...storedRow(record, record ? [] : cellsOf(headers, row), row.line),
      problems: problems.length ? JSON.stringify(problems) : null,
    };
  });
}
