import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyLine } from './copy.js';
import { PGliteDialect } from './pglite-dialect.js';
import type { Tables } from './tables.js';

export { sql } from 'kysely';
export type { Tables } from './tables.js';

export type Db = Kysely<Tables>;

/**
 * An open database: the Kysely handle every repo uses, plus the two things Kysely does
 * not do for us (multi-statement scripts and COPY).
 */
export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Runs a script of several statements (migrations). */
  execScript(script: string): Promise<void>;
  /**
   * Bulk-loads rows with COPY … FROM STDIN (text format). Runs inside its own
   * statement; callers that need atomicity with other writes load into a staging table.
   * Returns the number of rows written.
   */
  copyInto(table: string, columns: readonly string[], rows: Iterable<readonly unknown[]>): Promise<number>;
  /**
   * Calls `onNotify` for each NOTIFY on `channel` (a lower-case identifier). On PostgreSQL
   * it listens on a connection of its own, re-opened after a loss (and then calls
   * `onNotify('')` once, for anything missed meanwhile). Resolves when listening; the
   * returned function stops. Used to wake workers at once (events delivery).
   */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;
const checkChannel = (channel: string) => {
  if (!CHANNEL.test(channel)) throw new Error(`not a channel name: ${channel}`);
};

export interface OpenOptions {
  /** postgres:// URL; when absent, PGlite is used. */
  url?: string | undefined;
  /** PGlite data folder; absent = in memory. */
  dataDir?: string | undefined;
  /** pg pool size (default 10). */
  poolSize?: number;
}

const DATE_OID = 1082;
const INT8_OID = 20;

/** Opens PGlite (embedded) or a PostgreSQL server, with the same type parsing on both. */
export async function openDatabase(opts: OpenOptions = {}): Promise<Database> {
  return opts.url ? openPostgres(opts.url, opts.poolSize ?? 10) : openPGlite(opts.dataDir);
}

/**
 * PGlite's data folder belongs to one process at a time: a second process writing to it
 * would corrupt it. The lock file holds the owner's pid; a lock left by a dead process is
 * taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, 'dancu.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number(readFileSync(file, 'utf8'));
      if (owner && isAlive(owner)) {
        throw new Error(
          `the embedded database in ${dataDir} is in use by another Dancu process (pid ${owner}). ` +
            'Stop it first (the embedded database serves one process at a time), or use PostgreSQL through DATABASE_URL.',
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`cannot lock ${file}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function openPGlite(dataDir: string | undefined): Promise<Database> {
  let unlock = () => {};
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    unlock = lockDataDir(dataDir);
  }
  const pglite = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    extensions: { pg_trgm, unaccent },
    parsers: { [DATE_OID]: (v: string) => v, [INT8_OID]: (v: string) => Number(v) },
  }).catch((e: unknown) => {
    unlock();
    throw e;
  });
  const db = new Kysely<Tables>({ dialect: new PGliteDialect(pglite) });
  return {
    kind: 'pglite',
    db,
    async execScript(script) {
      // Through a Kysely connection so that it waits its turn on the single connection.
      await db.connection().execute(async () => {
        try {
          await pglite.exec(script);
        } catch (e) {
          await pglite.exec('ROLLBACK').catch(() => {});
          throw e;
        }
      });
    },
    async copyInto(table, columns, rows) {
      let n = 0;
      let chunk: string[] = [];
      const flush = async () => {
        if (chunk.length === 0) return;
        const blob = new Blob(chunk);
        chunk = [];
        await db.connection().execute(async () => {
          await pglite.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], { blob });
        });
      };
      for (const row of rows) {
        chunk.push(copyLine(row));
        n++;
        if (chunk.length >= 20_000) await flush();
      }
      await flush();
      return n;
    },
    async listen(channel, onNotify) {
      checkChannel(channel);
      // Through a Kysely connection, so that LISTEN never runs inside someone's transaction.
      const stop = await db.connection().execute(() => pglite.listen(channel, onNotify));
      return () => db.connection().execute(() => stop());
    },
    close: async () => {
      await db.destroy();
      unlock();
    },
  };
}

/**
 * Marks a hot statement whose text never changes (only its parameters do): on PostgreSQL
 * it runs as a named prepared statement, parsed and planned once per connection instead
 * of on every call. Only for fixed texts — each distinct text is kept by every connection
 * for its lifetime. On PGlite it is an ordinary comment.
 *
 * @example
 *   sql`${sql.raw(PREPARED)} SELECT … WHERE pid = ANY(${pids}::text[])`
 */
export const PREPARED = '/* prepared */';

/**
 * Errors after which a connection's named statement cannot be reused: the server forgot it
 * (`DISCARD ALL`, a pooler that moved us to another backend) or its result type changed
 * under it (a migration altered a table it reads).
 */
const STALE_STATEMENT = new Set(['26000', '0A000']);

/**
 * The pool as Kysely sees it, with statements marked PREPARED sent by name. A stale name
 * is replaced on that connection by a fresh one: outside a transaction the statement is
 * retried at once under it; inside one the error stands (the transaction is aborted) and
 * the next use prepares afresh. Poolers in transaction mode (PgBouncer's default) hand a
 * session's statements to other clients and are not supported.
 */
function preparingPool(pool: pg.Pool) {
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name) {
      name = `dancu_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
      names.set(text, name);
    }
    return name;
  };
  /** Per connection: statements renamed after they went stale there. */
  const renamed = new WeakMap<pg.PoolClient, Map<string, string>>();
  let generation = 0;
  return {
    end: () => pool.end(),
    async connect() {
      const client = await pool.connect();
      const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
      const prepared = async (text: string, values: unknown) => {
        const own = renamed.get(client);
        const name = own?.get(text) ?? nameOf(text);
        try {
          return await query({ name, text, values });
        } catch (e) {
          if (!STALE_STATEMENT.has((e as { code?: string }).code ?? '')) throw e;
          const fresh = `${nameOf(text)}_${++generation}`;
          if (own) own.set(text, fresh);
          else renamed.set(client, new Map([[text, fresh]]));
          if (client.getTransactionStatus?.() !== 'I') throw e;
          return query({ name: fresh, text, values });
        }
      };
      return {
        release: (destroy?: boolean) => client.release(destroy),
        query: (text: unknown, values?: unknown) =>
          typeof text === 'string' && text.startsWith(PREPARED)
            ? prepared(text, values)
            : values === undefined
              ? query(text)
              : query(text, values),
      } as unknown as pg.PoolClient;
    },
  };
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') => {
      if (oid === DATE_OID) return (v: string) => v;
      if (oid === INT8_OID) return (v: string) => Number(v);
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({ connectionString: url, max, types });
  // An idle connection that the server closes (restart, DROP DATABASE … FORCE) must not
  // crash the process: the pool drops it and opens another on the next query.
  pool.on('error', () => {});
  // Fail fast with a clear message when the server is not there.
  const probe = await pool.connect().catch((e: Error) => {
    throw new Error(`cannot connect to DATABASE_URL: ${e.message}`);
  });
  probe.release();
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  return {
    kind: 'postgres',
    db,
    async execScript(script) {
      const client = await pool.connect();
      try {
        await client.query(script);
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    async copyInto(table, columns, rows) {
      const client = await pool.connect();
      try {
        const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
        const done = new Promise<void>((resolve, reject) => {
          stream.on('finish', resolve);
          stream.on('error', reject);
        });
        let n = 0;
        let buf = '';
        for (const row of rows) {
          buf += copyLine(row);
          n++;
          if (buf.length > 1 << 20) {
            if (!stream.write(buf)) await new Promise((r) => stream.once('drain', r));
            buf = '';
          }
        }
        stream.end(buf);
        await done;
        return n;
      } finally {
        client.release();
      }
    },
    listen: (channel, onNotify) => listenPostgres(url, channel, onNotify),
    close: () => db.destroy(),
  };
}

/** LISTEN on a dedicated connection, re-opened a second after it is lost, until stopped. */
async function listenPostgres(url: string, channel: string, onNotify: (payload: string) => void) {
  checkChannel(channel);
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async () => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (m) => {
      if (m.channel === channel) onNotify(m.payload ?? '');
    });
    c.on('error', () => lost(c));
    c.on('end', () => lost(c));
    await c.connect();
    await c.query(`LISTEN ${channel}`);
    if (stopped) await c.end();
    else client = c;
  };
  const lost = (c: pg.Client) => {
    if (stopped || retry || (client && client !== c)) return;
    client = undefined;
    void c.end().catch(() => {});
    retry = setTimeout(() => {
      retry = undefined;
      connect().then(
        () => onNotify(''),
        () => lost(c),
      );
    }, 1000);
    retry.unref();
  };
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => {});
  };
}
