import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluate, formatEvaluation, type ResultRow, type TruthRow } from './evaluate.js';
import { readCleaned, readTruth } from './evaluate-read.js';
import { CleanedCsvWriter } from './io/cleaned-writer.js';
import { tempFolder } from './io/test-files.js';

const tmp = tempFolder('dancu-eval-');
afterAll(() => tmp.cleanup());

const A = '001090000001';
const B = '079185000002';
const C = '048200000003';

// Persons: a (3 rows, registered A), b (2 rows, registered B), x (2 rows, not registered), c (1 row, registered C).
const truth: TruthRow[] = [
  { line: 2, pid: A, person: 'a' },
  { line: 3, pid: A, person: 'a' },
  { line: 4, pid: A, person: 'a' },
  { line: 5, pid: B, person: 'b' },
  { line: 6, pid: B, person: 'b' },
  { line: 7, pid: null, person: 'x' },
  { line: 8, pid: null, person: 'x' },
  { line: 9, pid: C, person: 'c' },
];

const results: ResultRow[] = [
  { line: 2, pid: A, status: 'linked', cluster: 'k1', candidates: [A, B] },
  { line: 3, pid: A, status: 'linked', cluster: 'k1', candidates: [A] },
  { line: 4, pid: null, status: 'review', cluster: 'k2', candidates: [B] },
  { line: 5, pid: A, status: 'linked', cluster: 'k1', candidates: [A, B] },
  { line: 6, pid: B, status: 'linked', cluster: 'k3', candidates: [B] },
  { line: 7, pid: C, status: 'linked', cluster: 'k4', candidates: [C] },
  { line: 8, pid: null, status: 'unmatched', cluster: 'k4', candidates: [] },
  // line 9 has no result
];

describe('evaluate', () => {
  it('counts decisions and scores automatic links, blocking and duplicate clusters pairwise', async () => {
    const e = await evaluate(truth, results);
    expect(e).toMatchObject({
      rows: 8,
      linked: 5,
      review: 1,
      unmatched: 1,
      rejected: 0,
      missing: 1,
      registeredRows: 6,
      correctLinks: 3,
      reviewShare: 1 / 8,
      precision: 3 / 5,
      recall: 3 / 6,
    });
    expect(e.f1).toBeCloseTo((2 * 0.6 * 0.5) / 1.1, 12);
    // Registered rows with candidates: 2,3,4,5,6 → the true pid is among them for 2,3,5,6.
    expect(e.blockingRecall).toBe(4 / 5);
    // Clusters k1={2,3,5} k2={4} k3={6} k4={7,8}: 4 predicted pairs (2-3, 2-5, 3-5, 7-8);
    // true pairs among the scored rows: a 3 (2-3, 2-4, 3-4), b 1, x 1 = 5; correct: 2-3 and 7-8.
    expect(e.dedupe).toMatchObject({
      predictedPairs: 4,
      truePairs: 5,
      correctPairs: 2,
      precision: 0.5,
      recall: 0.4,
    });
    const text = formatEvaluation(e);
    expect(text).toContain('precision 0.6000  recall 0.5000');
    expect(text).toContain('review 1 (12.50 %)');
    expect(text).toContain('blocking recall: 0.8000');
    expect(text).toContain('duplicates (pairwise): precision 0.5000  recall 0.4000');
  });

  it('leaves out blocking recall and duplicates when the results carry no candidates or clusters', async () => {
    const e = await evaluate(
      truth,
      results.map(({ line, pid, status }) => ({ line, pid, status })),
    );
    expect(e.blockingRecall).toBeUndefined();
    expect(e.dedupe).toBeUndefined();
    expect(formatEvaluation(e)).not.toContain('blocking');
  });

  it('reads a truth file and a cleaned file and gives the same figures', async () => {
    const truthPath = tmp.file(
      'truth.csv',
      `line,pid,person\n${truth.map((t) => `${t.line},${t.pid ?? ''},${t.person}`).join('\n')}\n`,
    );
    const cleanedPath = tmp.path('cleaned.csv');
    const w = new CleanedCsvWriter(cleanedPath, ['Họ tên']);
    for (const r of results)
      await w.write({ line: r.line, cells: ['x'], status: r.status, pid: r.pid, cluster: r.cluster ?? null });
    await w.close();
    const e = await evaluate(readTruth(truthPath), readCleaned(cleanedPath));
    expect(e).toMatchObject({ rows: 8, linked: 5, precision: 0.6, recall: 0.5 });
    expect(e.dedupe).toMatchObject({ precision: 0.5, recall: 0.4 });
    // A truth file can come as a byte stream (an upload) too.
    const fromStream = [];
    for await (const t of readTruth(
      Readable.from([Buffer.from('line,pid,person\n2,,p1\n3,001090000001,p2\n')]),
    ))
      fromStream.push(t);
    expect(fromStream).toEqual([
      { line: 2, pid: null, person: 'p1' },
      { line: 3, pid: A, person: 'p2' },
    ]);
  });

  it('refuses a truth file of another shape', async () => {
    const bad = tmp.file('bad.csv', 'dong,so\n1,2\n');
    await expect(async () => {
      for await (const _ of readTruth(bad)) void _;
    }).rejects.toMatchObject({ code: 'evaluate.truth' });
    const badPid = tmp.file('badpid.csv', 'line,pid,person\n2,123,p\n');
    await expect(async () => {
      for await (const _ of readTruth(badPid)) void _;
    }).rejects.toMatchObject({ code: 'evaluate.truth' });
  });
});
