import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/db.js';
import { accessLog, browseEntries } from '../audit/index.js';
import type { Database } from '../db/index.js';
import { type LinkagePerson, streamLinkagePersons } from '../registry/index.js';
import { systemActor } from '../shared/context.js';
import { seedPopulation } from '../synth/index.js';
import {
  cleanedRows,
  createJob,
  decideRow,
  getJob,
  listRows,
  qualityReport,
  renderReportHtml,
  runJob,
} from './index.js';
import { linkDigest } from './link-digest.js';

let database: Database;
let dir: string;
let persons: LinkagePerson[];
const actor = systemActor('test-cleaning');

const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * A small vaccination file drawn from the register: clean rows, rows without ID numbers,
 * rows with typos, a person with two doses, a made-up person, and broken rows.
 */
async function writeDataset(): Promise<{ file: string; truth: Map<number, string | null> }> {
  const lines = ['STT,Họ và tên,Ngày sinh,Giới tính,Số CMND/CCCD,Mũi tiêm'];
  const truth = new Map<number, string | null>();
  const add = (cells: string[], pid: string | null) => {
    lines.push(cells.map(csvCell).join(','));
    truth.set(lines.length, pid);
  };
  const sex = (p: LinkagePerson) => (p.sex === 'male' ? 'Nam' : 'Nữ');
  const name = (p: LinkagePerson) => `${p.familyName} ${p.middleName} ${p.givenName}`.replace(/\s+/g, ' ');
  persons.slice(0, 120).forEach((p, i) => {
    const n = String(i + 1);
    if (i % 4 === 0) add([n, name(p), dmy(p.dateOfBirth), sex(p), p.pid, '1'], p.pid);
    else if (i % 4 === 1) add([n, name(p), dmy(p.dateOfBirth), sex(p), '', '1'], p.pid);
    else if (i % 4 === 2)
      add(
        [
          n,
          name(p).normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D'),
          dmy(p.dateOfBirth),
          sex(p),
          p.pid,
          '1',
        ],
        p.pid,
      );
    else add([n, name(p), p.dateOfBirth.slice(0, 4), sex(p), p.pid.slice(1), '2'], p.pid);
  });
  const twice = persons[0] as LinkagePerson;
  add(['121', name(twice), dmy(twice.dateOfBirth), sex(twice), twice.pid, '2'], twice.pid);
  add(['122', 'Lò Thị Không Có', '01/01/1961', 'Nữ', '', '1'], null);
  add(['123', '', '', '', '', '1'], null); // no identity at all: rejected
  lines.push('124,"Trần Văn A",01/01/1990'); // ragged: rejected
  add(
    [
      '125',
      name(persons[5] as LinkagePerson),
      '31/02/1990',
      sex(persons[5] as LinkagePerson),
      (persons[5] as LinkagePerson).pid,
      '1',
    ],
    (persons[5] as LinkagePerson).pid,
  );
  const file = path.join(dir, 'tiem-chung.csv');
  await writeFile(file, `${lines.join('\n')}\n`);
  return { file, truth };
}

beforeAll(async () => {
  database = await freshDatabase();
  dir = await mkdtemp(path.join(tmpdir(), 'dancu-clean-'));
  await seedPopulation(database, { persons: 3000, seed: 11 });
  persons = [];
  for await (const page of streamLinkagePersons(database, { pageSize: 1000 })) persons.push(...page);
  // a deterministic but scattered sample, adults only (they have ID numbers people write down)
  persons = persons
    .filter((p) => p.status === 'alive' && p.dateOfBirth < '2005')
    .filter((_, i) => i % 7 === 3);
}, 120_000);

afterAll(async () => {
  await database?.close();
});

describe('streamLinkagePersons', () => {
  it('pages through the whole register in ID order', async () => {
    const all: string[] = [];
    for await (const page of streamLinkagePersons(database, { pageSize: 700 }))
      all.push(...page.map((p) => p.pid));
    expect(all.length).toBe(3000);
    expect([...all].sort()).toEqual(all);
  });

  it('reads every person once in storage order, with the same fields', async () => {
    const byPid = new Map(persons.map((p) => [p.pid, p]));
    const seen = new Set<string>();
    for await (const page of streamLinkagePersons(database, { pageSize: 500, order: 'physical' }))
      for (const p of page) {
        expect(seen.has(p.pid)).toBe(false);
        seen.add(p.pid);
        if (byPid.has(p.pid)) expect(p).toEqual(byPid.get(p.pid));
      }
    expect(seen.size).toBe(3000);
  });
});

describe('a cleaning job', () => {
  let jobId: string;
  let truth: Map<number, string | null>;

  it('reads, matches and groups a vaccination file, keeping every row', async () => {
    const ds = await writeDataset();
    truth = ds.truth;
    const job = await createJob(database, actor, { path: ds.file, kind: 'vaccination' });
    jobId = job.id;
    expect(job.status).toBe('queued');
    const done = await runJob(database, job.id, { workers: 0 });
    expect(done.error).toBeNull();
    expect(done.status).toBe('done');
    expect(done.rows).toBe(125); // every data line, rejected ones included
    expect(done.mapping['Họ và tên']).toBe('fullName');
    expect(done.mapping['Số CMND/CCCD']).toBe('idNumber');
    const c = done.counts;
    expect((c.linked ?? 0) + (c.review ?? 0) + (c.unmatched ?? 0) + (c.rejected ?? 0)).toBe(125);
    expect(c.rejected).toBe(2);
  });

  it('links the rows to the right persons, and says why', async () => {
    let right = 0;
    let wrong = 0;
    let registered = 0;
    for await (const page of cleanedRows(database, actor, jobId)) {
      for (const r of page) {
        const t = truth.get(r.line);
        if (t) registered++;
        if (r.status === 'linked') {
          if (r.pid === t) right++;
          else wrong++;
        }
      }
    }
    expect(wrong).toBe(0);
    expect(right / registered).toBeGreaterThan(0.9);
    const linked = await listRows(database, actor, jobId, { status: 'linked', limit: 1 });
    const best = linked.items[0]?.candidates[0];
    expect(best?.person?.fullName).toBeTruthy();
    const sum = (best?.contributions ?? []).reduce((s, c) => s + c.weight, 0);
    expect(Math.abs(sum - (best?.weight ?? 0))).toBeLessThan(Math.abs(best?.weight ?? 0) * 0.5 + 20);
  });

  it('reports each rejected row with its line and reason', async () => {
    const page = await listRows(database, actor, jobId, { status: 'rejected' });
    const byLine = new Map(page.items.map((i) => [i.line, i.problems.map((p) => p.code)]));
    expect([...byLine.keys()].sort()).toEqual([124, 125]);
    expect(byLine.get(125)?.join()).toMatch(/ragged/);
    expect(byLine.get(124)?.join()).toMatch(/no_identity/);
  });

  it('groups the two doses of one person into one cluster', async () => {
    const rows: { line: number; cluster: string | null }[] = [];
    for await (const page of cleanedRows(database, actor, jobId)) rows.push(...page);
    const first = rows.find((r) => r.line === 2);
    const second = rows.find((r) => r.line === 122);
    expect(first?.cluster).toBeTruthy();
    expect(second?.cluster).toBe(first?.cluster);
  });

  it('finds the same clusters when the grouping runs again from the stored rows (as after a crash)', async () => {
    const clusters = async () => {
      const out: [number, string | null][] = [];
      for await (const page of cleanedRows(database, actor, jobId))
        for (const r of page) out.push([r.line, r.cluster]);
      return out;
    };
    // The first run grouped the rows the link phase handed over; this one reads them back.
    const before = await clusters();
    expect(before.filter(([, c]) => c).length).toBeGreaterThan(1);
    await database.db
      .updateTable('cleaning_jobs')
      .set({ status: 'resolving' })
      .where('id', '=', jobId)
      .execute();
    const again = await runJob(database, jobId, { workers: 0 });
    expect(again.status).toBe('done');
    expect(await clusters()).toEqual(before);
  });

  it('audits each linked person, so the citizen sees the match in their access log', async () => {
    const p = persons[0] as LinkagePerson;
    const log = await accessLog(database.db, actor, p.pid, { limit: 500 });
    expect(log.items.some((e) => e.action === 'person.match' && e.purpose === 'cleaning:vaccination')).toBe(
      true,
    );
  });

  it('builds a quality report per province and commune, as JSON and HTML', async () => {
    const r = await qualityReport(database, actor, jobId);
    expect(r.total.rows).toBe(125);
    expect(r.provinces.length).toBeGreaterThan(0);
    expect(r.provinces.reduce((s, p) => s + p.rows, 0)).toBe(125);
    const html = renderReportHtml(r);
    expect(html).toContain('<svg');
    expect(html).toContain('tiem-chung.csv');
  });

  it('takes review decisions and reuses them when the same file is cleaned again', async () => {
    const queue = await listRows(database, actor, jobId, { status: 'unmatched' });
    const target = queue.items.find((i) => i.candidates.length > 0) ?? queue.items[0];
    expect(target).toBeDefined();
    const line = target?.line as number;
    const pid = truth.get(line) ?? (persons[1] as LinkagePerson).pid;
    const before = (await getJob(database, actor, jobId)).counts;
    const decided = await decideRow(database, actor, jobId, line, { decision: 'pick', pid });
    const after = (await getJob(database, actor, jobId)).counts;
    expect(after.linked).toBe((before.linked ?? 0) + 1);
    expect(after.unmatched).toBe((before.unmatched ?? 0) - 1);
    expect(decided.status).toBe('linked');
    expect(decided.pid).toBe(pid);
    const again = await createJob(database, actor, {
      path: path.join(dir, 'tiem-chung.csv'),
      kind: 'vaccination',
    });
    const done = await runJob(database, again.id, { workers: 0 });
    const row = (await listRows(database, actor, again.id, { line })).items[0];
    expect(done.status).toBe('done');
    expect(row?.pid).toBe(pid);
    expect(row?.decidedBy).toBe(actor.id);
  });
});

describe('a job killed midway', () => {
  it('stores the same rows whether the file is normalised on import threads or not', async () => {
    const ds = await writeDataset();
    const rowsOf = async (importWorkers: number) => {
      const job = await createJob(database, actor, {
        path: ds.file,
        kind: 'bank',
        options: { train: false },
      });
      const done = await runJob(database, job.id, { workers: 0, importWorkers });
      expect(done.status).toBe('done');
      return database.db
        .selectFrom('cleaning_rows')
        .select(['line', 'cells', 'record', 'row_hash', 'problems'])
        .where('job_id', '=', job.id)
        .orderBy('line')
        .execute();
    };
    const here = await rowsOf(0);
    expect(here.length).toBe(125);
    expect(await rowsOf(2)).toEqual(here);
  }, 60_000);

  it('audits a chunk that links more persons than one entry may name as several entries', async () => {
    const everyone: LinkagePerson[] = [];
    for await (const page of streamLinkagePersons(database, { pageSize: 1000 })) everyone.push(...page);
    const some = everyone.filter((p) => p.status === 'alive').slice(0, 1200);
    const lines = ['Họ và tên,Ngày sinh,Số CCCD'];
    for (const p of some)
      lines.push(`${p.familyName} ${p.middleName} ${p.givenName},${dmy(p.dateOfBirth)},${p.pid}`);
    const file = path.join(dir, 'many.csv');
    await writeFile(file, `${lines.join('\n')}\n`);
    const job = await createJob(database, actor, { path: file, kind: 'bank', options: { train: false } });
    const done = await runJob(database, job.id, { workers: 0 });
    expect(done.counts.linked).toBe(some.length);
    const { items } = await browseEntries(database.db, actor, { action: 'person.match', limit: 200 });
    const mine = items.filter((e) => e.detail.job === job.id);
    expect(mine.map((e) => (e.detail.subjects as string[]).length).sort((a, b) => a - b)).toEqual([
      200, 1000,
    ]);
    expect(mine.reduce((n, e) => n + Number(e.detail.linked), 0)).toBe(some.length);
    // Each entry seals which rows it linked to whom: recomputed from the results, it agrees.
    const results = await database.db
      .selectFrom('cleaning_results')
      .select(['line', 'pid'])
      .where('job_id', '=', job.id)
      .where('status', '=', 'linked')
      .execute();
    for (const e of mine) {
      const named = new Set(e.detail.subjects as string[]);
      const rows = results.filter((r) => named.has(r.pid as string)) as { line: number; pid: string }[];
      expect(e.detail.rows).toBe(linkDigest(rows));
    }
  }, 60_000);

  it('imports and matches on threads, resumes where it stopped, without writing anything twice', async () => {
    const lines = ['Họ và tên,Ngày sinh,Số CCCD'];
    const sample = persons.slice(0, 300);
    for (let k = 0; k < 15; k++)
      for (const p of sample)
        lines.push(`${p.familyName} ${p.middleName} ${p.givenName},${dmy(p.dateOfBirth)},${p.pid}`);
    const file = path.join(dir, 'big.csv');
    await writeFile(file, `${lines.join('\n')}\n`);
    const job = await createJob(database, actor, {
      path: file,
      kind: 'insurance',
      options: { train: false },
    });
    // The file is normalised on two import threads, then matched on one, stopped, resumed on two.
    const part = await runJob(database, job.id, { workers: 1, stopAfterChunks: 1, importWorkers: 2 });
    expect(part.error).toBeNull();
    expect(part.status).toBe('linking');
    expect(part.progress.chunksDone).toBe(1);
    const done = await runJob(database, job.id, { workers: 2 });
    expect(done.status).toBe('done');
    expect(done.rows).toBe(sample.length * 15);
    expect(done.counts.linked).toBe(sample.length * 15);
    // The matching threads' CPU time adds up over both runs, beside their wall time.
    if (process.platform === 'linux') {
      expect(done.timings.matchCpuMs).toBeGreaterThan(0);
      expect(done.timings.matchCpuMs).toBeLessThanOrEqual((done.timings.matchComputeMs ?? 0) + 50);
    }
    // One entry per chunk naming the persons it linked; none repeated by the resume.
    const { items } = await browseEntries(database.db, actor, { action: 'person.match', limit: 200 });
    const mine = items.filter((e) => e.detail.job === job.id);
    expect(mine.reduce((n, e) => n + Number(e.detail.linked), 0)).toBe(sample.length * 15);
    expect(new Set(mine.map((e) => e.detail.chunk)).size).toBe(mine.length);
    const log = await accessLog(database.db, actor, (sample[0] as LinkagePerson).pid, { limit: 500 });
    expect(log.items.some((e) => e.action === 'person.match' && e.purpose === 'cleaning:insurance')).toBe(
      true,
    );
  }, 120_000);
});
