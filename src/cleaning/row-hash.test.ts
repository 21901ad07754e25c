import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { storedRow } from './row-hash.js';
import type { PersonRecord } from './types.js';

/** The key as first defined (decisions stored since then are found by it). */
const firstKey = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 22);

describe('storedRow', () => {
  it('keys a record by its content without the line, as decisions stored earlier were keyed', () => {
    const record = {
      full: 'nguyen van an',
      family: 'nguyen',
      dob: { y: 1990, m: 5, d: 4 },
      pid: '001090001234',
    };
    const a = storedRow({ ...record } as unknown as PersonRecord, ['x'], 7);
    const b = storedRow({ ...record } as unknown as PersonRecord, ['y'], 9_000);
    expect(a.rowHash).toBe(firstKey(JSON.stringify(record)));
    expect(b.rowHash).toBe(a.rowHash);
    expect(JSON.parse(a.record as string)).toEqual({ id: '7', ...record });
  });

  it('leaves out an id the record came with, and keys a rejected row by its cells', () => {
    const withId = storedRow({ id: 'R-1', full: 'an' } as unknown as PersonRecord, [], 3);
    expect(withId.rowHash).toBe(firstKey('{"full":"an"}'));
    expect(JSON.parse(withId.record as string)).toEqual({ id: '3', full: 'an' });
    expect(storedRow({} as PersonRecord, [], 4).record).toBe('{"id":"4"}');
    const rejected = storedRow(undefined, ['a', '31/02/1990'], 5);
    expect(rejected).toEqual({ record: null, rowHash: firstKey('["a","31/02/1990"]') });
  });
});
