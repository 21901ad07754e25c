import { hash } from 'node:crypto';
import type { PersonRecord } from './types.js';

/**
 * A row as stored: its normalised record as JSON text, with `id` set to its line (null when
 * the row was rejected), and a stable key of its content (`rowHash`), so a reviewer's
 * decision applies to the same row in a later upload. The key is the SHA-256 of the
 * record's JSON without `id` (of the cells' JSON for a rejected row), 22 base64url
 * characters; one serialisation serves both.
 */
export function storedRow(
  record: PersonRecord | undefined,
  /** the row's cells: read only when there is no record */
  cells: readonly string[],
  line: number,
): { record: string | null; rowHash: string } {
  if (!record) return { record: null, rowHash: digest(JSON.stringify(cells)) };
  // Undefined values are left out by JSON.stringify: the text of the record without `id`,
  // keys in the order they were made.
  record.id = undefined as unknown as string;
  const body = JSON.stringify(record);
  record.id = String(line);
  const id = `"id":${JSON.stringify(record.id)}`;
  return { record: body === '{}' ? `{${id}}` : `{${id},${body.slice(1)}`, rowHash: digest(body) };
}

const digest = (text: string) => hash('sha256', text, 'base64url').slice(0, 22);
