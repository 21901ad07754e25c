import { createHash } from 'node:crypto';
import type { PersonRecord } from './types.js';

/** A stable key of a row's content, so a reviewer's decision applies to the same row in a later upload. */
export function rowHash(record: PersonRecord | undefined, cells: readonly string[]): string {
  const h = createHash('sha256');
  if (record) {
    const { id: _id, ...rest } = record;
    h.update(JSON.stringify(rest));
  } else h.update(JSON.stringify(cells));
  return h.digest('base64url').slice(0, 22);
}
