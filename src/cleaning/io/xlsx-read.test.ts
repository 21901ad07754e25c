import { writeFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import type { DomainError } from '../../shared/errors.js';
import { openDataset } from './dataset.js';
import { allRows, tempFolder } from './test-files.js';
import { isDateFormat } from './xlsx-read.js';

const tmp = tempFolder();
afterAll(() => tmp.cleanup());

async function workbook(name: string, fill: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  fill(wb);
  const path = tmp.path(name);
  await wb.xlsx.writeFile(path);
  return path;
}

describe('XLSX', () => {
  it('reads the first sheet: dates as ISO text, numbers in full, formulas by their saved result, sheet row numbers', async () => {
    const path = await workbook('a.xlsx', (wb) => {
      const ws = wb.addWorksheet('Danh sách');
      ws.addRow(['STT', 'Họ và tên', 'Ngày sinh', 'Số CCCD', 'Tuổi', 'Ghi chú']);
      ws.addRow([
        1,
        'Nguyễn Văn An',
        new Date(Date.UTC(1990, 2, 12)),
        79090012345,
        { formula: '2025-1990', result: 35 },
        'ok',
      ]);
      ws.addRow([]);
      ws.addRow([
        2,
        { richText: [{ text: 'Lê ' }, { text: 'Thị Bình' }] },
        '31/02/1990',
        '001190000123',
        { formula: 'E2+1' },
        null,
      ]);
      ws.addRow([
        3,
        'Trần Chi',
        new Date(Date.UTC(2001, 0, 5, 8, 30)),
        1.5e-7,
        { formula: 'NA()', result: { error: '#N/A' } },
        'thừa',
        'x',
      ]);
      ws.getCell('C2').numFmt = 'dd/mm/yyyy';
      ws.getCell('C5').numFmt = 'dd/mm/yyyy hh:mm';
      wb.addWorksheet('Khác').addRow(['a']);
    });
    const ds = await openDataset(path);
    expect(ds.format).toBe('xlsx');
    expect(ds.headers).toEqual(['STT', 'Họ và tên', 'Ngày sinh', 'Số CCCD', 'Tuổi', 'Ghi chú']);
    const rows = await allRows(ds);
    expect(rows).toEqual([
      {
        line: 2,
        values: {
          STT: '1',
          'Họ và tên': 'Nguyễn Văn An',
          'Ngày sinh': '1990-03-12',
          'Số CCCD': '79090012345',
          Tuổi: '35',
          'Ghi chú': 'ok',
        },
      },
      {
        line: 4,
        values: {
          STT: '2',
          'Họ và tên': 'Lê Thị Bình',
          'Ngày sinh': '31/02/1990',
          'Số CCCD': '001190000123',
          Tuổi: '',
          'Ghi chú': '',
        },
      },
    ]);
    expect(ds.problems).toEqual([
      expect.objectContaining({ line: 4, code: 'cell.formula', field: 'Tuổi' }),
      expect.objectContaining({ line: 5, code: 'row.ragged' }),
    ]);
    // The ragged row keeps its cells as read, the one past the header included.
    expect(ds.problems[1]?.cells).toEqual([
      '3',
      'Trần Chi',
      '2001-01-05T08:30:00',
      '0.00000015',
      '',
      'thừa',
      'x',
    ]);
  });

  it('reports error values and keeps the row; reads a named sheet', async () => {
    const path = await workbook('b.xlsx', (wb) => {
      wb.addWorksheet('Bìa').addRow(['Báo cáo tiêm chủng']);
      const ws = wb.addWorksheet('Dữ liệu');
      ws.addRow([]);
      ws.addRow(['Họ tên', 'Ngày tiêm', 'Số lô']);
      ws.addRow(['An', new Date(Date.UTC(2021, 7, 1)), { error: '#N/A' }]);
      ws.getCell('B3').numFmt = 'd/m/yyyy';
    });
    const ds = await openDataset(path, { sheet: 'Dữ liệu' });
    expect(ds.headers).toEqual(['Họ tên', 'Ngày tiêm', 'Số lô']);
    expect(await allRows(ds)).toEqual([
      { line: 3, values: { 'Họ tên': 'An', 'Ngày tiêm': '2021-08-01', 'Số lô': '' } },
    ]);
    expect(ds.problems).toMatchObject([{ line: 3, code: 'cell.error', field: 'Số lô' }]);

    // The first sheet is only a title: without `sheet` the workbook reads as empty.
    await expect(openDataset(path)).rejects.toMatchObject({ code: 'dataset.empty' });
  });

  it('says which sheets exist when the named one does not, and that a sheet with only a header is empty', async () => {
    const path = await workbook('c.xlsx', (wb) => {
      wb.addWorksheet('Một').addRow(['Họ tên', 'Ngày sinh']);
    });
    const missing = await openDataset(path, { sheet: 'Hai' }).catch((e: DomainError) => e);
    expect(missing).toMatchObject({ code: 'dataset.sheet' });
    expect((missing as DomainError).message).toContain('Một');
    await expect(openDataset(path)).rejects.toMatchObject({ code: 'dataset.empty' });
  });

  it('reads many times in a row without failing (exceljs #3064), and reports a damaged workbook', async () => {
    const path = await workbook('d.xlsx', (wb) => {
      wb.addWorksheet('Bìa & ghi chú').addRow(['Báo cáo']);
      wb.addWorksheet('Dữ liệu').addRows([['Họ tên'], ['An'], ['Bình']]);
    });
    for (let i = 0; i < 20; i++) {
      const ds = await openDataset(path, { sheet: 'Dữ liệu' });
      expect((await allRows(ds)).length).toBe(2);
      await expect(openDataset(path)).rejects.toMatchObject({ code: 'dataset.empty' });
    }
    const broken = tmp.path('broken.xlsx');
    await writeFile(broken, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 7)]));
    await expect(openDataset(broken)).rejects.toMatchObject({ code: 'dataset.xlsx' });
  });

  it('tells date formats from number formats', () => {
    expect(isDateFormat('dd/mm/yyyy')).toBe(true);
    expect(isDateFormat('[$-42A]d mmmm yyyy')).toBe(true);
    expect(isDateFormat('0.00')).toBe(false);
    expect(isDateFormat('"Ngày" 0')).toBe(false);
    expect(isDateFormat('General')).toBe(false);
  });
});
