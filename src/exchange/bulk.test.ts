import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOA, NOBODY, seedPersons } from './fixtures.js';
import { agencyKey, exchangeTestApp, onboard, tokenFor } from './test-kit.js';

const PURPOSE = 'bank.bulk_kyc_refresh';
let t: Awaited<ReturnType<typeof exchangeTestApp>>;
let token: string;
let persons: string[];

const bulk = (body: string, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/exchange/verify/bulk',
    headers: {
      authorization: `Bearer ${token}`,
      'dancu-purpose': PURPOSE,
      'content-type': 'application/x-ndjson',
      ...headers,
    },
    payload: body,
  });

beforeAll(async () => {
  t = await exchangeTestApp();
  persons = await seedPersons(t.database, 300);
  const p = await t.app.inject({
    method: 'POST',
    url: '/api/v1/exchange/purposes',
    headers: t.admin,
    payload: {
      code: PURPOSE,
      titleVi: 'Cập nhật định kỳ thông tin khách hàng',
      titleEn: 'Periodic customer data refresh',
      legalBasis: 'Luật Phòng, chống rửa tiền 2022, Điều 11',
      documentNumber: '14/2022/QH15',
      operations: ['verify', 'bulk_verify'],
      fields: ['fullName', 'dateOfBirth', 'sex', 'cardStatus'],
    },
  });
  expect(p.statusCode).toBe(201);
  const key = await agencyKey();
  const id = await onboard(t, 'bidv', key, [PURPOSE]);
  token = await tokenFor(t.app, id, key, PURPOSE);
});
afterAll(() => t.close());

describe('bulk verify', () => {
  it('streams 10,000 answers back in order, reporting a bad line', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const pid = persons[i % persons.length] as string;
      // The sex of persons[k] is k % 2 ? male : female; every third line claims the other one.
      const sex = (i % persons.length) % 2 ? 'male' : 'female';
      const claimed = i % 3 === 0 ? (sex === 'male' ? 'female' : 'male') : sex;
      lines.push(JSON.stringify({ pid, claims: { sex: claimed } }));
    }
    lines[4321] = '{"pid": "123", "claims": {}}';
    lines[7000] = 'not json';
    lines[9999] = JSON.stringify({ pid: NOBODY, claims: { fullName: 'Nguyễn Thị Hoa' } });
    const r = await bulk(`${lines.join('\n')}\n`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const out = r.body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(10_000);
    expect(out.map((o) => o.line)).toEqual(Array.from({ length: 10_000 }, (_, i) => i + 1));
    expect(out[4321]).toMatchObject({ line: 4322, error: 'exchange.bad_line' });
    expect(out[7000]).toMatchObject({ line: 7001, error: 'exchange.bad_line', message: 'not valid JSON' });
    expect(out[0]).toEqual({ line: 1, match: false, claims: { sex: false }, cardStatus: 'unknown' });
    expect(out[1]).toEqual({ line: 2, match: true, claims: { sex: true }, cardStatus: 'unknown' });
    expect(out[9999]).toEqual({
      line: 10_000,
      match: false,
      claims: { fullName: false },
      cardStatus: 'unknown',
    });
    const matches = out.filter((o) => o.match === true).length;
    expect(matches).toBe(out.filter((o, i) => o.error === undefined && i % 3 !== 0 && i !== 9999).length);
  });

  it('answers every line of a large body streamed over a socket, CRLF and an over-long line included', async () => {
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const n = 30_000;
    async function* body() {
      let buf = '';
      for (let i = 1; i <= n; i++) {
        const pid = persons[i % persons.length] as string;
        const line =
          i === 500
            ? `{"pid":"${pid}","claims":{"fullName":"${'a'.repeat(10_000)}"}}`
            : `{"pid":"${pid}","claims":{"sex":"male"}}`;
        buf += `${line}${i % 2 ? '\r\n' : '\n'}`;
        if (buf.length > 1 << 16) {
          yield buf;
          buf = '';
          await new Promise((r) => setImmediate(r));
        }
      }
      yield buf;
    }
    const res = await fetch(`${base}/api/v1/exchange/verify/bulk`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'dancu-purpose': PURPOSE,
        'content-type': 'application/x-ndjson',
      },
      body: Readable.toWeb(Readable.from(body())) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(200);
    const out = (await res.text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(n);
    expect(out.at(-1)).toMatchObject({ line: n });
    expect(out[499]).toMatchObject({ line: 500, error: 'exchange.bad_line' });
    expect(out.filter((o) => o.error).length).toBe(1);
  });

  it('audits each chunk of 1,000 lines once, naming every person verified in it', async () => {
    const log = await t.app.inject({
      url: `/api/v1/exchange/access-log/${persons[0]}?limit=500`,
      headers: t.admin,
    });
    const items = (log.json().items as { purpose: string }[]).filter((i) => i.purpose === PURPOSE);
    // persons[0] is in every chunk of both bodies above: 10 chunks, then 30.
    expect(items).toHaveLength(40);
    expect(items[0]).toMatchObject({ action: 'person.verify', fields: ['sex'], outcome: 'ok' });
  });

  it('refuses a purpose without bulk_verify, a wrong content type and an oversize body', async () => {
    const line = `${JSON.stringify({ pid: HOA, claims: { sex: 'female' } })}\n`;
    expect((await bulk(line, { 'dancu-purpose': 'bank.customer_verification' })).statusCode).toBe(403);
    const json = await bulk(line, { 'content-type': 'application/json' });
    expect(json.statusCode).toBe(415);
    const big = await bulk(line, { 'content-length': String(600 * 1024 * 1024) });
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('exchange.bulk_too_large');
  });
});
