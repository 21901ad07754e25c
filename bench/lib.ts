import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import autocannon from 'autocannon';
import pg from 'pg';

/** Helpers shared by the benchmarks: databases, child servers, load, percentiles. */

export const PG_BASE = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432';

export function dbUrl(name: string) {
  return `${PG_BASE}/${name}`;
}

export async function adminQuery(sql: string) {
  const c = new pg.Client({ connectionString: dbUrl('postgres') });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}

export async function databaseExists(name: string) {
  return (await adminQuery(`SELECT 1 FROM pg_database WHERE datname = '${name}'`)).rowCount === 1;
}

export async function recreateDatabase(name: string) {
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE ${name}`);
}

/** Starts `node --import tsx <script>` with env; resolves once it prints `listening on <url>`. */
export async function startChild(
  script: string,
  env: Record<string, string>,
): Promise<{ url: string; child: ChildProcess }> {
  // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the server under test.
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  for await (const chunk of child.stdout!) {
    out += String(chunk);
    const m = /listening on (http:\/\/\S+)/.exec(out);
    if (m) return { url: m[1]!, child };
  }
  throw new Error(`${script} exited before listening:\n${out}`);
}

export async function stopChild(child: ChildProcess) {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** Runs autocannon against `url` for `seconds`, picking each request's path with `path()`. */
export async function load(
  url: string,
  opts: { seconds: number; connections: number; path: () => string; headers?: Record<string, string> },
): Promise<LoadResult> {
  const r = await autocannon({
    url,
    connections: opts.connections,
    duration: opts.seconds,
    headers: opts.headers ?? {},
    requests: [{ setupRequest: (req) => ({ ...req, path: opts.path() }) }],
  });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors,
    non2xx: r.non2xx,
  };
}

/** pgbench -S (select-only) transactions/s on its own scale-10 database on the same server. */
export function pgbenchSelect(seconds: number, clients: number): number {
  const db = 'dancu_bench_pgbench';
  const conn = new URL(PG_BASE);
  const args = ['-h', conn.hostname, '-p', conn.port || '5432', '-U', conn.username || 'postgres'];
  execFileSync('psql', [
    ...args,
    '-q',
    '-d',
    'postgres',
    '-c',
    `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`,
    '-c',
    `CREATE DATABASE ${db}`,
  ]);
  execFileSync('pgbench', [...args, '-q', '-i', '-s', '10', db], { stdio: 'ignore' });
  const out = execFileSync(
    'pgbench',
    [...args, '-S', '-c', String(clients), '-j', '2', '-T', String(seconds), db],
    {
      encoding: 'utf8',
    },
  );
  const m = /tps = ([\d.]+)/.exec(out);
  if (!m) throw new Error(`pgbench printed no tps:\n${out}`);
  return Number(m[1]);
}

export function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
