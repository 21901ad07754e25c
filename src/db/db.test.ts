import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/db.js';
import { openDatabase, PREPARED, sql } from './index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'dancu-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('embedded database folder', () => {
  it('belongs to one process at a time and is free again after close', async () => {
    const first = await openDatabase({ dataDir: dir });
    await expect(openDatabase({ dataDir: dir })).rejects.toThrow(/in use by another Dancu process/);
    await first.close();
    const again = await openDatabase({ dataDir: dir });
    expect((await sql<{ n: number }>`SELECT 1 AS n`.execute(again.db)).rows[0]?.n).toBe(1);
    await again.close();
  });
});

describe('copyInto', () => {
  it('loads text with tabs, newlines, backslashes, arrays, JSON and nulls unchanged', async () => {
    const database = await freshDatabase();
    await database.execScript('CREATE TABLE t (s text, a text[], j jsonb, n int)');
    const rows = [
      ['tab\there\nnew\\line', ['x', 'y "q"'], { k: 'Nguyễn' }, 1],
      [null, [], null, null],
    ];
    expect(await database.copyInto('t', ['s', 'a', 'j', 'n'], rows)).toBe(2);
    const got = (
      await sql<{ s: string; a: string[]; j: unknown; n: number }>`SELECT * FROM t ORDER BY n`.execute(
        database.db,
      )
    ).rows;
    expect(got[0]).toEqual({ s: 'tab\there\nnew\\line', a: ['x', 'y "q"'], j: { k: 'Nguyễn' }, n: 1 });
    expect(got[1]).toEqual({ s: null, a: [], j: null, n: null });
    await database.close();
  });
});

describe('PREPARED statements', () => {
  it('answer like any statement, call after call, inside and outside transactions', async () => {
    const database = await freshDatabase();
    const q = (ids: string[]) =>
      sql<{
        id: string;
      }>`${sql.raw(PREPARED)}SELECT x AS id FROM unnest(${ids}::text[]) WITH ORDINALITY AS u (x, i) ORDER BY i`.execute(
        database.db,
      );
    for (let i = 0; i < 12; i++) {
      const ids = Array.from({ length: i }, (_, k) => `p${k}`);
      expect((await q(ids)).rows.map((r) => r.id)).toEqual(ids);
    }
    await database.db.transaction().execute(async (trx) => {
      const r = await sql<{ n: number }>`${sql.raw(PREPARED)}SELECT ${3}::int AS n`.execute(trx);
      expect(r.rows[0]?.n).toBe(3);
    });
    if (database.kind === 'postgres') {
      const named = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_prepared_statements
        WHERE statement LIKE '/* prepared */%'`.execute(database.db);
      expect(named.rows[0]?.n).toBeGreaterThan(0);
    }
    await database.close();
  });

  it('recover when the server forgets them or a table they read changes shape', async () => {
    if (!process.env.DATABASE_URL) return; // PGlite has no named statements to lose
    const u = new URL(process.env.DATABASE_URL);
    const base = await freshDatabase();
    // One connection, so the statement and what breaks it meet on the same session.
    const name = (await sql<{ d: string }>`SELECT current_database() AS d`.execute(base.db)).rows[0]?.d;
    u.pathname = `/${name}`;
    const database = await openDatabase({ url: u.toString(), poolSize: 1 });
    await sql`CREATE TABLE shape (a int)`.execute(database.db);
    await sql`INSERT INTO shape VALUES (1)`.execute(database.db);
    const read = () =>
      sql<Record<string, number>>`${sql.raw(PREPARED)}SELECT * FROM shape`.execute(database.db);
    expect((await read()).rows).toEqual([{ a: 1 }]);
    await sql`DEALLOCATE ALL`.execute(database.db);
    expect((await read()).rows).toEqual([{ a: 1 }]);
    await sql`ALTER TABLE shape ADD COLUMN b int DEFAULT 2`.execute(database.db);
    expect((await read()).rows).toEqual([{ a: 1, b: 2 }]);
    await sql`ALTER TABLE shape ADD COLUMN c int DEFAULT 3`.execute(database.db);
    // Inside a transaction the error stands (the transaction is lost), and the next use works.
    await expect(
      database.db.transaction().execute((trx) => sql`${sql.raw(PREPARED)}SELECT * FROM shape`.execute(trx)),
    ).rejects.toThrow();
    expect((await read()).rows).toEqual([{ a: 1, b: 2, c: 3 }]);
    await database.close();
    await base.close();
  });
});
