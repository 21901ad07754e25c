import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { openDataset } from '../../src/cleaning/io/index.js';
import { uploadTypeOf } from '../../web/src/pages/cleaning/cleaning-api.js';
import { firstCsvRecord, peekHeaders } from '../../web/src/pages/cleaning/peek.js';

/**
 * The upload form lists a file's columns from its first 64 KB so that the data officer can
 * map them by hand (web/src/pages/cleaning/peek.ts). The names it shows must be the ones
 * the server reads from the same bytes, or a hand mapping would name columns that do not exist.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'dancu-peek-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The headers the server's reader finds in `bytes`, and the page's peek at the same bytes. */
async function both(name: string, bytes: Uint8Array) {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  const ds = await openDataset(file);
  await ds.close();
  const peek = await peekHeaders(new File([bytes], name));
  return { server: { headers: ds.headers, encoding: ds.encoding }, page: peek };
}

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('peekHeaders', () => {
  it('reads the same columns as the server: separators, quotes, blanks and repeats', async () => {
    const cases: [string, string][] = [
      ['comma.csv', 'STT,Họ và tên,Ngày sinh,Số CMND/CCCD\n1,An,1990,\n'],
      ['semicolon.csv', 'Họ và tên;Ngày sinh;Địa chỉ\nAn;1990;"Số 1, Hà Nội"\n'],
      ['tab.tsv', 'Ho ten\tNgay sinh\tSDT\nAn\t1990\t0912\n'],
      ['quoted.csv', '"Địa chỉ, nơi ở","Tên ""gọi""",Tên,,Tên\r\n"a",b,c,d,e\r\n'],
      ['trailing.csv', 'Họ và tên,Ngày sinh,\nAn,1990,\n'],
      ['bom.csv', '\uFEFFHọ và tên,Giới tính\nAn,Nam\n'],
    ];
    for (const [name, text] of cases) {
      const { server, page } = await both(name, utf8(text));
      expect(page?.headers, name).toEqual(server.headers);
      expect(page?.encoding, name).toBe(server.encoding);
    }
  });

  it('reads a Windows-1258 file as the server does', async () => {
    // Windows-1258 writes most tone marks as combining characters after the letter.
    const text = 'Ho\u0323 và tên,Ngày sinh,Giơ\u0301i tính\nNguyê\u0303n Văn An,01/02/1990,Nam\n';
    const bytes = iconv.encode(text, 'windows-1258');
    const { server, page } = await both('legacy.csv', bytes);
    expect(server.encoding).toBe('windows-1258');
    expect(page).toEqual({ headers: server.headers, encoding: 'windows-1258' });
    expect(page?.headers.map((h) => h.normalize('NFC'))).toEqual(['Họ và tên', 'Ngày sinh', 'Giới tính']);
  });

  it('takes the keys of the first JSON Lines object', async () => {
    const { server, page } = await both(
      'rows.jsonl',
      utf8('{"ho_ten":"An","ngay_sinh":"1990"}\n{"ho_ten":"Bình"}\n'),
    );
    expect(page?.headers).toEqual(server.headers);
  });

  it('reads only the start of a large file and leaves XLSX to the server', async () => {
    const row = 'Nguyễn Văn An,01/02/1990,Nam,001090012345\n';
    const big = new File(['Họ và tên,Ngày sinh,Giới tính,Số CCCD\n', row.repeat(50_000)], 'big.csv');
    expect(big.size).toBeGreaterThan(2_000_000);
    expect((await peekHeaders(big))?.headers).toEqual(['Họ và tên', 'Ngày sinh', 'Giới tính', 'Số CCCD']);
    expect(await peekHeaders(new File([new Uint8Array([0x50, 0x4b, 3, 4])], 'tiem.xlsx'))).toBeUndefined();
  });

  it('gives an empty list for an empty first record', () => {
    expect(firstCsvRecord('   \n')).toEqual([]);
  });
});

describe('uploadTypeOf', () => {
  it('sends a content type the upload route accepts and the format when the name says it', () => {
    expect(uploadTypeOf('tiem-chung.CSV')).toEqual({ format: 'csv', contentType: 'text/csv' });
    expect(uploadTypeOf('bhxh.xlsx').format).toBe('xlsx');
    expect(uploadTypeOf('bank.ndjson')).toEqual({ format: 'jsonl', contentType: 'application/x-ndjson' });
    expect(uploadTypeOf('export.tsv')).toEqual({ contentType: 'text/csv' });
    expect(uploadTypeOf('du-lieu')).toEqual({ contentType: 'application/octet-stream' });
  });
});
