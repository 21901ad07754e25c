import type { Normaliser } from './normalise/index.js';
import { rowHash } from './row-hash.js';
import type { ColumnMapping, RawRow } from './types.js';

/**
 * One file row ready for `cleaning_rows`: its cells in header order, its normalised record
 * (JSON text, or null when rejected), its content hash and its problems (JSON text or
 * null). The same function runs on the main thread or in an import thread.
 */
export interface ImportedRow {
  line: number;
  cells: string[];
  record: string | null;
  rowHash: string;
  problems: string | null;
}

export function importRows(
  normaliser: Normaliser,
  headers: readonly string[],
  mapping: ColumnMapping,
  rows: readonly RawRow[],
): ImportedRow[] {
  return rows.map((row) => {
    const cells = headers.map((h) => row.values[h] ?? '');
    const { record, problems } = normaliser.normaliseRow(row, mapping);
    if (record) record.id = String(row.line);
    return {
      line: row.line,
      cells,
      record: record ? JSON.stringify(record) : null,
      rowHash: rowHash(record, cells),
      problems: problems.length ? JSON.stringify(problems) : null,
    };
  });
}
