/**
 * The cleaning API over HTTP (in-process): previewing a file before upload, why a row is in
 * review, and the quality report's schema.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../test/app.js';
import { type LinkagePerson, streamLinkagePersons } from '../registry/index.js';
import { systemActor } from '../shared/context.js';
import { seedPopulation } from '../synth/index.js';
import * as S from './cleaning.schemas.js';
import { qualityReport, runJob } from './index.js';

let t: TestApp;
let officer: string;
let clerk: string;
let persons: LinkagePerson[];

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const nameOf = (p: LinkagePerson) => `${p.familyName} ${p.middleName} ${p.givenName}`.replace(/\s+/g, ' ');

const send = (
  url: string,
  payload: Buffer | string,
  contentType = 'text/csv',
  /** '' for no session */
  token = officer,
) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/cleaning${url}`,
    payload,
    headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
const get = (url: string) =>
  t.app.inject({ url: `/api/v1/cleaning${url}`, headers: { authorization: `Bearer ${officer}` } });

beforeAll(async () => {
  t = await testApp();
  officer = await t.tokenFor('hoa.tran', ['data_officer']);
  clerk = await t.tokenFor('lan.clerk', ['clerk']);
  await seedPopulation(t.database, { persons: 1500, seed: 23 });
  persons = [];
  for await (const page of streamLinkagePersons(t.database, { pageSize: 1000 })) persons.push(...page);
  persons = persons.filter(
    (p) => p.status === 'alive' && p.dateOfBirth.length === 10 && p.dateOfBirth < '2005',
  );
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('POST /preview', () => {
  /** A semicolon-separated vaccination file of `n` rows; line 4 has a cell too many. */
  const csv = (n: number) => {
    const lines = ['STT;Họ và tên;Ngày sinh;Số CMND/CCCD;Mũi tiêm'];
    for (let i = 1; i <= n; i++) {
      const p = persons[i % persons.length] as LinkagePerson;
      lines.push(`${i};${nameOf(p)};${dmy(p.dateOfBirth)};${p.pid};${i === 3 ? '1;thừa' : '1'}`);
    }
    return Buffer.from(`${lines.join('\r\n')}\r\n`);
  };

  it('reads the start of a CSV file: separator, headers, suggested mapping, first rows and their problems', async () => {
    const file = csv(2000);
    const start = file.subarray(0, 5000); // cut in the middle of a line
    const res = await send(`/preview?fileBytes=${file.length}`, start);
    expect(res.statusCode).toBe(200);
    const p = res.json();
    expect(p).toMatchObject({
      format: 'csv',
      encoding: 'utf-8',
      separator: ';',
      headers: ['STT', 'Họ và tên', 'Ngày sinh', 'Số CMND/CCCD', 'Mũi tiêm'],
      suggestedMapping: {
        STT: 'recordId',
        'Họ và tên': 'fullName',
        'Ngày sinh': 'dateOfBirth',
        'Số CMND/CCCD': 'idNumber',
        'Mũi tiêm': 'ignore',
      },
      partial: true,
    });
    expect(p.sampleRows.map((r: { line: number }) => r.line)).toEqual([2, 3, 5, 6, 7, 8, 9, 10, 11, 12]);
    const first = persons[1] as LinkagePerson;
    expect(p.sampleRows[0].values).toEqual({
      STT: '1',
      'Họ và tên': nameOf(first),
      'Ngày sinh': dmy(first.dateOfBirth),
      'Số CMND/CCCD': first.pid,
      'Mũi tiêm': '1',
    });
    expect(p.problems).toEqual([
      expect.objectContaining({ line: 4, code: 'row.ragged', cells: expect.arrayContaining(['thừa']) }),
    ]);
    // Only whole lines were read.
    expect(p.bytesRead).toBeLessThanOrEqual(5000);
    expect(start.subarray(0, p.bytesRead).toString().endsWith('\r\n')).toBe(true);
  });

  it('reads only the first MiB of a longer text body', async () => {
    const file = csv(25_000);
    expect(file.length).toBeGreaterThan(1024 ** 2);
    const res = await send('/preview', file);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ partial: true, format: 'csv' });
    expect(res.json().bytesRead).toBeLessThanOrEqual(1024 ** 2);
    expect(res.json().sampleRows).toHaveLength(10);
  });

  it('detects Windows-1258 in a prefix and gives the text composed (NFC)', async () => {
    // Windows-1258 keeps â ê ô ă ơ ư đ as letters and writes the tones as combining marks.
    const TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;
    const legacy = (s: string) =>
      [...s]
        .map((ch) => {
          const d = ch.normalize('NFD');
          return d.replace(TONES, '').normalize('NFC') + (d.match(TONES)?.[0] ?? '');
        })
        .join('');
    const rows = ['Họ và tên,Ngày sinh,Địa chỉ'];
    for (let i = 0; i < 300; i++) rows.push(`Nguyễn Thị Ánh ${i},0${(i % 9) + 1}/03/1990,Thừa Thiên Huế`);
    const file = iconv.encode(legacy(`${rows.join('\n')}\n`), 'windows-1258');
    const start = file.subarray(0, 2001);
    const res = await send(`/preview?fileBytes=${file.length}`, start);
    expect(res.statusCode).toBe(200);
    const p = res.json();
    expect(p).toMatchObject({
      format: 'csv',
      encoding: 'windows-1258',
      separator: ',',
      headers: ['Họ và tên', 'Ngày sinh', 'Địa chỉ'],
      suggestedMapping: { 'Họ và tên': 'fullName', 'Ngày sinh': 'dateOfBirth', 'Địa chỉ': 'address' },
      problems: [],
    });
    expect(p.sampleRows[0].values).toEqual({
      'Họ và tên': 'Nguyễn Thị Ánh 0',
      'Ngày sinh': '01/03/1990',
      'Địa chỉ': 'Thừa Thiên Huế',
    });
  });

  describe('XLSX', () => {
    const workbook = async (rows: number) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Danh sách');
      ws.addRow(['Họ và tên', 'Ngày sinh', 'Số CCCD', 'Ghi chú']);
      for (let i = 0; i < rows; i++) {
        const p = persons[i % persons.length] as LinkagePerson;
        // Notes that do not repeat, so that the archive does not shrink them away.
        ws.addRow([nameOf(p), dmy(p.dateOfBirth), p.pid, `${Math.random().toString(36)}${i * 7919}`]);
      }
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const saved = process.env.DANCU_PREVIEW_MAX_BYTES;
    afterAll(() => {
      if (saved === undefined) delete process.env.DANCU_PREVIEW_MAX_BYTES;
      else process.env.DANCU_PREVIEW_MAX_BYTES = saved;
    });

    it('previews a whole workbook', async () => {
      const res = await send('/preview?format=xlsx', await workbook(30), XLSX);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        format: 'xlsx',
        separator: null,
        headers: ['Họ và tên', 'Ngày sinh', 'Số CCCD', 'Ghi chú'],
        suggestedMapping: { 'Họ và tên': 'fullName', 'Ngày sinh': 'dateOfBirth', 'Số CCCD': 'idNumber' },
        partial: false,
      });
      expect(res.json().sampleRows).toHaveLength(10);
    });

    it('refuses a workbook over the limit, and the start of a workbook, saying what to do', async () => {
      process.env.DANCU_PREVIEW_MAX_BYTES = String(64 * 1024);
      const big = await workbook(4000);
      expect(big.length).toBeGreaterThan(64 * 1024);
      const res = await send('/preview', big, XLSX);
      expect(res.statusCode).toBe(413);
      expect(res.json().code).toBe('cleaning.preview_too_large');
      expect(res.json().title).toMatch(/XLSX workbook can only be previewed whole.*0\.1 MiB.*CSV/);
      // Told the size up front, it need not read the body.
      const told = await send(`/preview?format=xlsx&fileBytes=${big.length}`, big.subarray(0, 1000), XLSX);
      expect(told.statusCode).toBe(413);
      expect(told.json().code).toBe('cleaning.preview_too_large');
      // Streamed without a length, a text body is counted as it comes.
      const text = await t.app.inject({
        method: 'POST',
        url: '/api/v1/cleaning/preview',
        payload: Readable.from([csv(3000)]),
        headers: { 'content-type': 'text/csv', authorization: `Bearer ${officer}` },
      });
      expect(text.statusCode).toBe(413);
      expect(text.json().title).toMatch(/^Send only the start of the file/);
      delete process.env.DANCU_PREVIEW_MAX_BYTES;
      const cut = await send(`/preview?fileBytes=${big.length}`, big.subarray(0, 30_000), XLSX);
      expect(cut.statusCode).toBe(400);
      expect(cut.json().code).toBe('cleaning.preview_incomplete');
    });
  });

  it('is for data officers and admins only', async () => {
    expect((await send('/preview', csv(5), 'text/csv', clerk)).statusCode).toBe(403);
    expect((await send('/preview', csv(5), 'text/csv', '')).statusCode).toBe(401);
  });
});

describe('a job over HTTP', () => {
  let jobId: string;

  beforeAll(async () => {
    const lines = ['STT,Họ và tên,Ngày sinh,Số CMND/CCCD'];
    persons.slice(0, 60).forEach((p, i) => {
      const n = String(i + 1);
      if (i % 3 === 0) lines.push(`${n},${nameOf(p)},${dmy(p.dateOfBirth)},${p.pid}`);
      // the given name left out, no ID number: doubtful
      else if (i % 3 === 1) lines.push(`${n},${p.familyName} ${p.middleName},${dmy(p.dateOfBirth)},`);
      // the year of birth only, no ID number
      else lines.push(`${n},${nameOf(p)},${p.dateOfBirth.slice(0, 4)},`);
    });
    lines.push('61,Trần Văn A,01/01/1990,,thừa');
    const res = await send('/jobs?kind=vaccination&name=tiem-chung.csv', `${lines.join('\n')}\n`);
    expect(res.statusCode).toBe(202);
    jobId = res.json().id;
    const done = await runJob(t.database, jobId, { workers: 0 });
    expect(done.status).toBe('done');
  }, 60_000);

  it('says why each row in review is there', async () => {
    const res = await get(`/jobs/${jobId}/rows?status=review&limit=200`);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { reason: { code: string; text: string } }[];
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      expect(item.reason.code).toMatch(/^review\./);
      expect(item.reason.text.length).toBeGreaterThan(20);
    }
    const rejected = (await get(`/jobs/${jobId}/rows?status=rejected`)).json().items;
    expect(rejected.map((r: { line: number; reason: unknown }) => [r.line, r.reason])).toEqual([
      [62, { code: 'rejected', text: expect.stringContaining('5 cells') }],
    ]);
  });

  it('sends the quality report in the shape of its schema', async () => {
    const res = await get(`/jobs/${jobId}/report`);
    expect(res.statusCode).toBe(200);
    expect(res.json().total.rows).toBe(61);
    expect(Value.Check(S.QualityReport, res.json())).toBe(true);
    // The report as built, before the reply serialiser drops anything it does not know.
    const built = await qualityReport(t.database, systemActor('test'), jobId);
    expect([...Value.Errors(S.QualityReport, built)]).toEqual([]);
    expect(Value.Check(S.QualityReport, built)).toBe(true);
  });
});
