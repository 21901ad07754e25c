/**
 * Audit-log benchmark (issue #4), on PostgreSQL. Each figure beside a baseline measured
 * in the same run: the same rows written by plain INSERTs into an unindexed table.
 *
 *   1. appends/s, one transaction per entry (BENCH_AUDIT_CLIENTS concurrent writers);
 *   2. appends/s, batched (appendAuditBatch, 1000 per transaction) up to BENCH_AUDIT_ENTRIES;
 *   3. root of the whole tree: cold (block cache empty, streams every leaf hash) and warm,
 *      beside reading every leaf hash alone; and a full `verify` pass.
 *
 *   npm run bench:audit                               # 1 M entries
 *   BENCH_AUDIT_ENTRIES=200000 npm run bench:audit    # smaller
 *
 * Writes the figures to .bench/audit.json too.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AuditEntryInput } from '../src/audit/index.js';
import { appendAudit, appendAuditBatch, treeRoot, treeSize, verifyAuditLog } from '../src/audit/index.js';
import { type Db, openDatabase, sql } from '../src/db/index.js';
import { migrate } from '../src/db/migrate.js';
import { migrationSources } from '../src/migrations.js';
import { dbUrl, fmt, recreateDatabase } from './lib.js';

const ENTRIES = Number(process.env.BENCH_AUDIT_ENTRIES ?? 1_000_000);
const SINGLES = Number(process.env.BENCH_AUDIT_SINGLES ?? 5000);
const CLIENTS = Number(process.env.BENCH_AUDIT_CLIENTS ?? 8);
const BATCH = 1000;
const DB = process.env.BENCH_DB ?? 'dancu_bench_audit';
const results: Record<string, unknown> = { entries: ENTRIES, date: new Date().toISOString() };

await recreateDatabase(DB);
const database = await openDatabase({ url: dbUrl(DB), poolSize: CLIENTS + 2 });
await migrate(database, migrationSources);
const db = database.db;
await sql`CREATE TABLE bench_plain (seq bigint, recorded_at timestamptz, actor_id text, actor_kind text, action text,
  subject_pid text, purpose text, fields text[], outcome text, request_id text, detail jsonb)`.execute(db);

const entry = (i: number): AuditEntryInput => ({
  actor:
    i % 3 === 0 ? { id: 'agency:bhxh', kind: 'agency' } : { id: `operator:clerk${i % 97}`, kind: 'operator' },
  action: i % 4 === 0 ? 'person.write' : 'person.read',
  subjectPid: `0010900${String(i % 100_000).padStart(5, '0')}`,
  purpose: i % 3 === 0 ? 'Cấp thẻ bảo hiểm y tế cho trẻ dưới 6 tuổi' : null,
  fields: ['fullName', 'dateOfBirth', 'permanentAddress'],
  outcome: 'ok',
  requestId: `req-${i}`,
  detail: { via: 'bench', n: i },
});
const plainRow = (i: number) => {
  const e = entry(i);
  return {
    seq: i,
    recorded_at: new Date(),
    actor_id: e.actor.id,
    actor_kind: e.actor.kind,
    action: e.action,
    subject_pid: e.subjectPid ?? null,
    purpose: e.purpose ?? null,
    fields: [...(e.fields ?? [])],
    outcome: 'ok',
    request_id: e.requestId ?? null,
    detail: JSON.stringify(e.detail),
  };
};
const plainInsert = (d: Db, rows: ReturnType<typeof plainRow>[]) =>
  // biome-ignore lint/suspicious/noExplicitAny: the baseline table is not in the typed map
  (d as any).insertInto('bench_plain').values(rows).execute();

const line = (label: string, value: number, base: number, unit: string, digits = unit === 's' ? 2 : 0) =>
  console.log(
    `${label.padEnd(40)} ${`${fmt(value, digits)} ${unit}`.padStart(16)}   baseline ${`${fmt(base, digits)} ${unit}`.padStart(16)}   ratio ${(value / base).toFixed(2)}`,
  );

async function timed(fn: () => Promise<unknown>) {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

/** Runs `n` jobs on `clients` concurrent workers. */
async function spread(n: number, clients: number, job: (i: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < n) await job(next++);
    }),
  );
}

// ---- 1. one transaction per entry -------------------------------------------------------
for (const clients of [1, CLIENTS]) {
  const n = clients === 1 ? Math.ceil(SINGLES / 4) : SINGLES;
  const audit = await timed(() =>
    spread(n, clients, (i) => db.transaction().execute((trx) => appendAudit(trx, entry(i)))),
  );
  const plain = await timed(() =>
    spread(n, clients, (i) => db.transaction().execute((trx) => plainInsert(trx, [plainRow(i)]))),
  );
  line(`append, 1 tx each, ${clients} client(s)`, n / audit, n / plain, '/s');
  results[`singleTx${clients}`] = { audit: n / audit, plain: n / plain, clients };
}

// ---- 2. batched --------------------------------------------------------------------------
{
  const have = await treeSize(db);
  const todo = ENTRIES - have;
  const batches = (make: (i: number) => Promise<unknown>) =>
    spread(Math.ceil(todo / BATCH), 1, (b) => make(have + b * BATCH));
  const audit = await timed(() =>
    batches((from) =>
      db.transaction().execute((trx) =>
        appendAuditBatch(
          trx,
          Array.from({ length: Math.min(BATCH, ENTRIES - from) }, (_, k) => entry(from + k)),
        ),
      ),
    ),
  );
  const plain = await timed(() =>
    batches((from) =>
      db.transaction().execute((trx) =>
        plainInsert(
          trx,
          Array.from({ length: Math.min(BATCH, ENTRIES - from) }, (_, k) => plainRow(from + k)),
        ),
      ),
    ),
  );
  line(`append, batches of ${BATCH}`, todo / audit, todo / plain, '/s');
  results.batched = { audit: todo / audit, plain: todo / plain, batch: BATCH };
}

// ---- 3. the root of the whole tree -------------------------------------------------------
{
  const size = await treeSize(db);
  const read = await timed(() => sql`SELECT leaf_hash FROM audit_entries ORDER BY seq`.execute(db));
  const cold = await timed(() => treeRoot(db, size));
  const warm = await timed(() => treeRoot(db, size));
  const verify = await timed(() => verifyAuditLog(db));
  line(`root of ${fmt(size)} entries, cold`, cold, read, 's');
  line(`root of ${fmt(size)} entries, warm`, warm, read, 's');
  line(`full verify of ${fmt(size)} entries`, verify, read, 's');
  console.log('(baseline of 3: reading every leaf hash in seq order, nothing else)');
  results.root = { size, coldSeconds: cold, warmSeconds: warm, verifySeconds: verify, readSeconds: read };
}

mkdirSync('.bench', { recursive: true });
writeFileSync('.bench/audit.json', `${JSON.stringify(results, null, 2)}\n`);
await database.close();
