/**
 * An import thread: receives the unit snapshot, the headers and the mapping once, then
 * normalises batches of file rows (importRows). Started by jobs.service.ts through
 * threads.ts; holds no database connection.
 */
import type { UnitSnapshot } from '../units/index.js';
import { importRows } from './import-rows.js';
import { normaliserFrom } from './normalise/index.js';
import { serveThread } from './threads.js';
import type { ColumnMapping, RawRow } from './types.js';

type Init = { snapshot: UnitSnapshot; headers: string[]; mapping: ColumnMapping; today: string };

serveThread(({ snapshot, headers, mapping, today }: Init) => {
  const normaliser = normaliserFrom(snapshot, { today: new Date(today) });
  return (rows: RawRow[]) => importRows(normaliser, headers, mapping, rows);
});
