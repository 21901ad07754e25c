import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { readCleaned } from '../evaluate-read.js';
import { CleanedCsvWriter } from './cleaned-writer.js';
import { openDataset } from './dataset.js';
import { allRows, tempFolder } from './test-files.js';

const tmp = tempFolder();
afterAll(() => tmp.cleanup());

describe('CleanedCsvWriter', () => {
  it('writes UTF-8 with a BOM, the original columns then the added ones, formulas neutralised', async () => {
    const path = tmp.path('sach.csv');
    const w = new CleanedCsvWriter(path, ['Họ và tên', 'Ghi chú']);
    await w.write({
      line: 2,
      cells: { 'Họ và tên': 'Nguyễn Văn An', 'Ghi chú': '=HYPERLINK("http://x","bấm")' },
      status: 'linked',
      pid: '001090012345',
      probability: 0.99987654,
      disagreements: ['dob', 'phone'],
      cluster: 'c1',
    });
    await w.write({ line: 3, cells: ['Lê Thị, Bình', '+84912345678'], status: 'review', probability: 0.5 });
    await w.write({ line: 5, cells: ['@SUM(A1)', '-1'], status: 'rejected' });
    expect(await w.close()).toEqual({ rows: 3 });

    const bytes = readFileSync(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8').slice(1).split('\r\n')).toEqual([
      'Họ và tên,Ghi chú,so_dinh_danh,xac_suat,trang_thai,truong_khac,cum,dong',
      `Nguyễn Văn An,"'=HYPERLINK(""http://x"",""bấm"")",001090012345,0.999877,linked,dob;phone,c1,2`,
      `"Lê Thị, Bình",'+84912345678,,0.5,review,,,3`,
      `'@SUM(A1),'-1,,,rejected,,,5`,
      '',
    ]);
    // Read back as a dataset: the values are intact (bar the apostrophes), with line numbers.
    const ds = await openDataset(path);
    expect(ds).toMatchObject({ encoding: 'utf-8', bom: true });
    expect((await allRows(ds)).map((r) => r.values['Họ và tên'])).toEqual([
      'Nguyễn Văn An',
      'Lê Thị, Bình',
      "'@SUM(A1)",
    ]);
  });

  it('renames an added column that the source already has, and reads the outcomes back', async () => {
    const path = tmp.path('trung.csv');
    const w = new CleanedCsvWriter(path, ['dong', 'trang_thai']);
    expect(w.columns).toEqual([
      'dong',
      'trang_thai',
      'so_dinh_danh',
      'xac_suat',
      'dancu_trang_thai',
      'truong_khac',
      'cum',
      'dancu_dong',
    ]);
    await w.write({
      line: 2,
      cells: ['x', 'y'],
      status: 'linked',
      pid: '079190000001',
      probability: 1,
      cluster: '-7',
    });
    await w.write({ line: 3, cells: ['x', 'y'], status: 'unmatched', probability: 0.01 });
    await w.close();
    const back = [];
    for await (const r of readCleaned(path)) back.push(r);
    expect(back).toEqual([
      { line: 2, pid: '079190000001', status: 'linked', cluster: '-7', probability: 1 },
      { line: 3, pid: null, status: 'unmatched', cluster: null, probability: 0.01 },
    ]);
  });

  it('streams into a slow consumer without losing rows', async () => {
    const out = new PassThrough({ highWaterMark: 1024 });
    const chunks: Buffer[] = [];
    const drained = (async () => {
      for await (const c of out) {
        chunks.push(c as Buffer);
        await new Promise((r) => setImmediate(r));
      }
    })();
    const w = new CleanedCsvWriter(out, ['a'], { bom: false });
    for (let i = 0; i < 20_000; i++)
      await w.write({ line: i + 2, cells: [`giá trị ${i}`], status: 'unmatched' });
    await w.close();
    await drained;
    const lines = Buffer.concat(chunks).toString('utf8').trimEnd().split('\r\n');
    expect(lines.length).toBe(20_001);
    expect(lines.at(-1)).toBe('giá trị 19999,,,unmatched,,,20001');
  });
});
