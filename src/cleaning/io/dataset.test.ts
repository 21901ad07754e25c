import { createWriteStream, statSync } from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/errors.js';
import { openDataset } from './dataset.js';
import { allRows, tempFolder } from './test-files.js';

const tmp = tempFolder();
afterAll(() => tmp.cleanup());

const rejects = async (p: Promise<unknown>, code: string) => {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(DomainError);
  expect((e as DomainError).code).toBe(code);
  return e as DomainError;
};

describe('CSV', () => {
  it('sniffs the separator, keeps quoted separators and line breaks, skips blank lines, and numbers rows by their first line', async () => {
    const path = tmp.file(
      'a.csv',
      [
        'STT;Họ và tên;Địa chỉ',
        '1;Nguyễn Văn An;"Số 5; ngõ 3, Hà Nội"',
        '2;"Trần Thị ""Bé"" Ba";"Thôn 2',
        'Xã Tân Phú"',
        '',
        '3;Lê Văn Cường;Huế',
        ';;',
        '4;Phạm Thu;Đà Nẵng',
      ].join('\n'),
    );
    const ds = await openDataset(path);
    expect(ds).toMatchObject({ format: 'csv', encoding: 'utf-8', bom: false, separator: ';' });
    expect(ds.headers).toEqual(['STT', 'Họ và tên', 'Địa chỉ']);
    const rows = await allRows(ds);
    expect(rows.map((r) => r.line)).toEqual([2, 3, 6, 8]);
    expect(rows[0]?.values['Địa chỉ']).toBe('Số 5; ngõ 3, Hà Nội');
    expect(rows[1]?.values).toEqual({
      STT: '2',
      'Họ và tên': 'Trần Thị "Bé" Ba',
      'Địa chỉ': 'Thôn 2\nXã Tân Phú',
    });
    expect(ds.problems).toEqual([]);
  });

  it('reports ragged rows with their line and passes the good rows on', async () => {
    const path = tmp.file(
      'ragged.csv',
      'Họ tên,Ngày sinh,Giới tính\r\nAn,01/02/1990,Nam\r\nBình,1991\r\n"Chi\r\nThị",1992,Nữ,thừa\r\nDũng,1993,Nam,\r\n',
    );
    const ds = await openDataset(path);
    const rows = await allRows(ds);
    expect(rows.map((r) => [r.line, r.values['Họ tên']])).toEqual([
      [2, 'An'],
      [6, 'Dũng'],
    ]);
    expect(ds.problems.map((p) => [p.line, p.code])).toEqual([
      [3, 'row.ragged'],
      [4, 'row.ragged'],
    ]);
    expect(ds.problems[0]?.reason).toContain('2 cells');
    // The rejected rows keep what they held, so that a reviewer can see it.
    expect(ds.problems.map((p) => p.cells)).toEqual([
      ['Bình', '1991'],
      ['Chi\nThị', '1992', 'Nữ', 'thừa'],
    ]);
  });

  it('reads tab-separated text and names empty and repeated headers', async () => {
    const ds = await openDataset(tmp.file('t.tsv', 'Tên\t\tTên\na\tb\tc\n'));
    expect(ds.separator).toBe('\t');
    expect(ds.headers).toEqual(['Tên', 'column_2', 'Tên (2)']);
    expect((await allRows(ds))[0]?.values).toEqual({ Tên: 'a', column_2: 'b', 'Tên (2)': 'c' });
  });

  it('reports an unclosed quote and keeps the rows before it', async () => {
    const ds = await openDataset(tmp.file('q.csv', 'a,b\n1,2\n3,"4\n5,6\n'));
    expect((await allRows(ds)).map((r) => r.line)).toEqual([2]);
    expect(ds.problems).toMatchObject([{ line: 3, code: 'row.malformed' }]);
  });
});

describe('encodings', () => {
  const text = 'Họ và tên,Địa chỉ\nNguyễn Thị Ánh,Thừa Thiên Huế\nĐặng Quốc Việt,Cà Mau\n';
  const expectRows = async (path: string, encoding: string, bom: boolean, opts = {}) => {
    const ds = await openDataset(path, opts);
    expect(ds.encoding).toBe(encoding);
    expect(ds.bom).toBe(bom);
    expect(ds.headers).toEqual(['Họ và tên', 'Địa chỉ']);
    const rows = await allRows(ds);
    expect(rows.map((r) => r.values['Họ và tên'])).toEqual(['Nguyễn Thị Ánh', 'Đặng Quốc Việt']);
    expect(rows[0]?.values['Địa chỉ']).toBe('Thừa Thiên Huế');
    expect(ds.problems).toEqual([]);
  };

  it('reads UTF-8 with and without a byte-order mark', async () => {
    await expectRows(tmp.file('u8.csv', text), 'utf-8', false);
    await expectRows(tmp.file('u8bom.csv', `\uFEFF${text}`), 'utf-8', true);
  });

  it('reads UTF-16 with a byte-order mark', async () => {
    await expectRows(
      tmp.file('u16le.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')])),
      'utf-16le',
      true,
    );
    await expectRows(
      tmp.file('u16be.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf-16be')])),
      'utf-16be',
      true,
    );
  });

  it('detects Windows-1258 when the bytes are not UTF-8, and composes its tone marks', async () => {
    // Windows-1258 keeps â ê ô ă ơ ư đ as letters and writes tones as combining marks.
    const TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;
    const legacy = [...text]
      .map((ch) => {
        const d = ch.normalize('NFD');
        const tone = d.match(TONES)?.[0] ?? '';
        return d.replace(TONES, '').normalize('NFC') + tone;
      })
      .join('');
    const bytes = iconv.encode(legacy, 'windows-1258');
    expect(iconv.decode(bytes, 'windows-1258')).toBe(legacy);
    await expectRows(tmp.file('cp1258.csv', bytes), 'windows-1258', false);
    await expectRows(tmp.file('cp1258b.txt', bytes), 'windows-1258', false, { encoding: 'windows-1258' });
  });

  it('refuses an unknown encoding name', async () => {
    await rejects(openDataset(tmp.file('x.csv', text), { encoding: 'klingon' }), 'dataset.encoding');
  });

  it('flags cells whose bytes are not valid in the forced encoding, and keeps the row', async () => {
    const bytes = Buffer.concat([
      Buffer.from('Tên,Tuổi\nAn,3\n'),
      Buffer.from([0x42, 0xe0, 0x6e, 0x68]),
      Buffer.from(',4\n'),
    ]);
    const ds = await openDataset(tmp.file('bad.csv', bytes), { encoding: 'utf-8' });
    expect((await allRows(ds)).length).toBe(2);
    expect(ds.problems).toMatchObject([{ line: 3, code: 'row.encoding', field: 'Tên' }]);
  });
});

describe('file-level errors', () => {
  it('says the file is empty when it has no data row', async () => {
    await rejects(openDataset(tmp.file('empty.csv', '')), 'dataset.empty');
    await rejects(openDataset(tmp.file('blank.csv', '\n\n  \n')), 'dataset.empty');
    await rejects(openDataset(tmp.file('header.csv', '\uFEFFHọ tên,Ngày sinh\r\n\r\n')), 'dataset.empty');
    await rejects(openDataset(tmp.file('empty.jsonl', '\n\n')), 'dataset.empty');
  });

  it('refuses unknown formats, missing files and files over the size limit', async () => {
    await rejects(
      openDataset(tmp.file('old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]))),
      'dataset.format',
    );
    await rejects(openDataset(tmp.file('blob.bin', Buffer.from([1, 0, 2, 0, 3]))), 'dataset.format');
    await rejects(openDataset(tmp.file('arr.json', '[{"a":1}]')), 'dataset.format');
    await rejects(openDataset(tmp.file('notzip.csv', 'a,b\n1,2\n'), { format: 'xlsx' }), 'dataset.format');
    await rejects(openDataset(tmp.path('nowhere.csv')), 'dataset.not_found');
    const big = await rejects(
      openDataset(tmp.file('big.csv', 'a,b\n1,2\n'), { maxBytes: 4 }),
      'dataset.too_large',
    );
    expect(big.status).toBe(413);
  });

  it('releases a file that is opened and not read', async () => {
    const ds = await openDataset(tmp.file('close.csv', 'a,b\n1,2\n3,4\n'));
    await ds.close();
  });
});

describe('JSON Lines', () => {
  it('reads one object a line, reports bad lines, and adds keys that appear later', async () => {
    const path = tmp.file(
      'd.jsonl',
      [
        '{"Họ tên":"Nguyễn An","Ngày sinh":"1990-02-01","CCCD":79090012345}',
        '',
        '{"Họ tên":"Lê Bình", bad json}',
        '[1,2]',
        '{"Họ tên":"Trần Chi","SĐT":null,"extra":{"a":1},"ok":true,"n":1e21}',
      ].join('\n'),
    );
    const ds = await openDataset(path);
    expect(ds.format).toBe('jsonl');
    const rows = await allRows(ds);
    expect(rows.map((r) => r.line)).toEqual([1, 5]);
    expect(rows[0]?.values).toEqual({
      'Họ tên': 'Nguyễn An',
      'Ngày sinh': '1990-02-01',
      CCCD: '79090012345',
    });
    expect(rows[1]?.values).toEqual({
      'Họ tên': 'Trần Chi',
      SĐT: '',
      extra: '{"a":1}',
      ok: 'true',
      n: '1000000000000000000000',
    });
    expect(ds.headers).toEqual(['Họ tên', 'Ngày sinh', 'CCCD', 'SĐT', 'extra', 'ok', 'n']);
    expect(ds.problems.map((p) => [p.line, p.code])).toEqual([
      [3, 'row.json'],
      [4, 'row.json'],
    ]);
    // A line that is not an object is kept whole, as one cell.
    expect(ds.problems.map((p) => p.cells)).toEqual([['{"Họ tên":"Lê Bình", bad json}'], ['[1,2]']]);
  });

  it('cuts the text kept of a long unreadable line to 2,000 characters', async () => {
    const long = `{"Họ tên":"${'😀'.repeat(1500)}`;
    const ds = await openDataset(tmp.file('long.jsonl', `{"a":1}\n${long}\n{"a":2}\n`));
    expect((await allRows(ds)).map((r) => r.line)).toEqual([1, 3]);
    const kept = ds.problems[0]?.cells?.[0] ?? '';
    expect(ds.problems[0]).toMatchObject({ line: 2, code: 'row.json' });
    expect(kept.length).toBeLessThanOrEqual(2000);
    expect(kept.length).toBeGreaterThanOrEqual(1999);
    expect(long.startsWith(kept)).toBe(true);
    expect(kept.at(-1)).not.toMatch(/[\uD800-\uDBFF]/); // not half an emoji
  });
});

describe('batches and memory', () => {
  it('streams a file of several MB in batches of 1000 with flat memory', async () => {
    const rows = 60_000;
    const path = tmp.path('many.csv');
    const out = createWriteStream(path);
    out.write('STT,Họ và tên,Ngày sinh,Địa chỉ,Ghi chú\n');
    const pad = 'x'.repeat(300);
    for (let i = 1; i <= rows; i++)
      if (!out.write(`${i},Nguyễn Văn Người Thứ ${i},01/01/1990,"Số ${i}, đường Lê Lợi, Hà Nội",${pad}\n`))
        await new Promise<void>((r) => out.once('drain', () => r()));
    await new Promise((r) => out.end(r));
    expect(statSync(path).size).toBeGreaterThan(20_000_000);

    // Heap still in use after a full collection, sampled while reading: it must not grow
    // with the rows read (holding them would take well over the file's size).
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const retained = () => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    const ds = await openDataset(path);
    const before = retained();
    const samples: number[] = [];
    let n = 0;
    const sizes = new Set<number>();
    for await (const batch of ds.rows) {
      n += batch.length;
      if (n < rows) sizes.add(batch.length);
      if (n % 10_000 === 0) samples.push(retained() - before);
    }
    expect(n).toBe(rows);
    expect([...sizes]).toEqual([1000]);
    expect(samples.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...samples)).toBeLessThan(8_000_000);
  });
});
