import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { notFound, unprocessable } from '../../shared/errors.js';
import type { RawRow, RowProblem } from '../types.js';
import { dateText, type FormatReader, numberText, uniqueHeaders } from './reader.js';

/** True when an Excel number format shows a date or time (text in quotes and [..] ignored). */
export const isDateFormat = (fmt: string | undefined): boolean =>
  !!fmt && /[ymdhsb]/i.test(fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const fromSerial = (n: number, date1904: boolean) =>
  new Date(Math.round((n + (date1904 ? 1462 : 0)) * 86_400_000) + EXCEL_EPOCH_MS);

type Cell = { value: unknown; numFmt?: string };
type CellOut = { text: string; problem?: 'cell.formula' | 'cell.error'; detail?: string };

/** One cell as text: dates as ISO text, numbers without scientific notation, formulas by their cached result. */
export function cellText(cell: Cell, date1904 = false): CellOut {
  const v = cell.value;
  if (v === null || v === undefined) return { text: '' };
  if (typeof v === 'string') return { text: v };
  if (typeof v === 'number') return { text: numberText(v) };
  if (typeof v === 'boolean') return { text: v ? 'TRUE' : 'FALSE' };
  if (v instanceof Date) return { text: dateText(v) };
  const o = v as Record<string, unknown>;
  if ('formula' in o || 'sharedFormula' in o) {
    const r = o.result;
    if (r === undefined || r === null)
      return { text: '', problem: 'cell.formula', detail: String(o.formula ?? o.sharedFormula ?? '') };
    // The streaming reader reads a saved error result (#N/A…) as a number that is not one.
    if (typeof r === 'number' && Number.isNaN(r))
      return { text: '', problem: 'cell.error', detail: 'an error value' };
    if (typeof r === 'number' && isDateFormat(cell.numFmt))
      return { text: dateText(fromSerial(r, date1904)) };
    if (typeof r === 'object' && r !== null && 'error' in r)
      return {
        text: '',
        problem: 'cell.error',
        detail: `the error ${String((r as { error: unknown }).error)}`,
      };
    return cellText({ value: r }, date1904);
  }
  if ('error' in o) return { text: '', problem: 'cell.error', detail: `the error ${String(o.error)}` };
  if (Array.isArray(o.richText))
    return { text: o.richText.map((t: { text?: string }) => t.text ?? '').join('') };
  if ('text' in o) return cellText({ value: o.text }, date1904);
  return { text: String(v) };
}

type ZipEntry = { path: string; stream(): Readable };
type Unzipper = { Open: { file(path: string): Promise<{ files: ZipEntry[] }> } };
type ReaderInternals = {
  workbookRels?: { Id: string; Target: string }[];
  model?: { sheets?: { name: string; rId: string }[] };
  _parseRels(s: Readable): Promise<void>;
  _parseWorkbook(s: Readable): Promise<void>;
  _parseStyles(s: Readable): Promise<void>;
  _parseSharedStrings(s: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(s: Readable, sheetNo: string): AsyncGenerator<{ eventType: string; value: unknown }>;
};

/**
 * Opens an XLSX workbook for streaming through its ZIP central directory: the relations,
 * the workbook, the shared strings and the styles are read first, then the worksheets in
 * tab order, each parsed row by row as it is inflated. exceljs's own streaming reader takes
 * the entries in stored order in one pass; workbooks written by exceljs (and others) store
 * the worksheets first, so it spools them to temporary files, and on Node ≥ 18 it can reach
 * a worksheet before it knows the sheet names and fail (exceljs issue #3064). This keeps
 * exceljs's parsers and replaces only that pass.
 */
async function openWorkbook(Excel: typeof ExcelJS, path: string) {
  // exceljs depends on unzipper, which has no type declarations of its own.
  const unzipper = createRequire(import.meta.url)('unzipper') as Unzipper;
  const dir = await unzipper.Open.file(path);
  const entry = (name: string) => dir.files.find((f) => f.path === name);
  const open: Readable[] = [];
  const stream = (e: ZipEntry) => {
    const s = e.stream();
    open.push(s);
    return s;
  };

  class CentralDirectoryReader extends Excel.stream.xlsx.WorkbookReader {
    override async *parse(): AsyncGenerator<{ eventType: string; value: unknown }> {
      const self = this as unknown as ReaderInternals;
      const rels = entry('xl/_rels/workbook.xml.rels');
      const workbook = entry('xl/workbook.xml');
      if (!rels || !workbook) throw new Error('it has no xl/workbook.xml, so it is not a workbook');
      await self._parseRels(stream(rels));
      await self._parseWorkbook(stream(workbook));
      const shared = entry('xl/sharedStrings.xml');
      if (shared) for await (const _ of self._parseSharedStrings(stream(shared)));
      const styles = entry('xl/styles.xml');
      if (styles) await self._parseStyles(stream(styles));
      for (const sheet of self.model?.sheets ?? []) {
        const target = self.workbookRels?.find((r) => r.Id === sheet.rId)?.Target ?? '';
        const name = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
        const e = entry(name);
        const sheetNo = /sheet(\d+)\.xml$/.exec(name)?.[1];
        if (!e || !sheetNo) continue;
        for await (const ev of self._parseWorksheet(stream(e), sheetNo)) {
          (ev.value as { name: string }).name = sheet.name;
          yield ev;
        }
      }
    }
  }
  const reader = new CentralDirectoryReader(path, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const release = () => {
    for (const s of open) s.destroy();
  };
  return { reader, release };
}

/**
 * Reads one sheet of an XLSX workbook, streamed (see openWorkbook): the first sheet by
 * default, or the one named `sheet`. The header is the first row with a value; line
 * numbers are sheet row numbers. A formula without a cached result, or an error value
 * (#N/A…), leaves the cell empty with a `cell.formula` / `cell.error` problem; non-empty
 * cells right of the header are a `row.ragged` problem, which carries the row's cells (from
 * column A to its last value).
 */
export async function openXlsx(
  path: string,
  sheet: string | undefined,
  problems: RowProblem[],
): Promise<FormatReader> {
  // Loaded on first use: most datasets are not workbooks.
  const { default: Excel } = await import('exceljs');
  const { reader, release } = await openWorkbook(Excel, path).catch((e: Error) => {
    throw unprocessable('dataset.xlsx', `The file cannot be read as an XLSX workbook: ${e.message}`);
  });
  const sheets = reader[Symbol.asyncIterator]();
  const seenNames: string[] = [];
  let ws: ExcelJS.stream.xlsx.WorksheetReader | undefined;
  try {
    for (;;) {
      const s = await sheets.next();
      if (s.done) break;
      const name = (s.value as unknown as { name: string }).name;
      seenNames.push(name);
      if (sheet === undefined || name === sheet) {
        ws = s.value;
        break;
      }
    }
  } catch (e) {
    release();
    throw unprocessable('dataset.xlsx', `The workbook cannot be read: ${(e as Error).message}`);
  }
  const close = async () => {
    release();
    await sheets.return?.(undefined);
  };
  if (!ws) {
    await close();
    if (sheet !== undefined)
      throw notFound(
        'dataset.sheet',
        `The workbook has no sheet "${sheet}" (it has: ${seenNames.join(', ') || 'none'})`,
      );
    return { headers: [], headerFound: false, rows: (async function* () {})(), records: () => 0, close };
  }
  const date1904 = !!(reader as unknown as { properties?: { date1904?: boolean } }).properties?.date1904;
  const rowIter = (ws as unknown as AsyncIterable<ExcelJS.Row>)[Symbol.asyncIterator]();

  const readRow = (row: ExcelJS.Row) => {
    const cells: { col: number; out: CellOut }[] = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      const out = cellText(cell as unknown as Cell, date1904);
      if (out.text !== '' || out.problem) cells.push({ col, out });
    });
    return cells;
  };

  let headers: string[] = [];
  let headerFound = false;
  for (;;) {
    const r = await rowIter.next();
    if (r.done) break;
    const cells = readRow(r.value);
    if (cells.length === 0) continue;
    const width = Math.max(...cells.map((c) => c.col));
    const raw = Array.from({ length: width }, () => '');
    for (const c of cells) raw[c.col - 1] = c.out.text;
    headers = uniqueHeaders(raw);
    headerFound = true;
    break;
  }
  let seen = 0;
  async function* rows(): AsyncGenerator<RawRow> {
    try {
      if (!headerFound) return;
      for (;;) {
        const r = await rowIter.next();
        if (r.done) return;
        const cells = readRow(r.value);
        if (cells.length === 0) continue;
        seen++;
        const line = r.value.number;
        const extra = cells.filter((c) => c.col > headers.length);
        if (extra.length > 0) {
          const raw = Array.from({ length: Math.max(...cells.map((c) => c.col)) }, () => '');
          for (const c of cells) raw[c.col - 1] = c.out.text;
          problems.push({
            line,
            code: 'row.ragged',
            reason: `The row has values in ${extra.length} column(s) right of the last header column`,
            cells: raw,
          });
          continue;
        }
        const values: Record<string, string> = {};
        for (const h of headers) values[h] = '';
        for (const { col, out } of cells) {
          const field = headers[col - 1] as string;
          values[field] = out.text;
          if (out.problem === 'cell.formula')
            problems.push({
              line,
              field,
              code: 'cell.formula',
              reason: `The formula "=${out.detail}" has no usable saved result (none was saved, or it is an error such as #N/A); open the file in Excel and save it again`,
            });
          else if (out.problem === 'cell.error')
            problems.push({ line, field, code: 'cell.error', reason: `The cell holds ${out.detail}` });
        }
        yield { line, values };
      }
    } finally {
      await close();
    }
  }
  return { headers, headerFound, rows: rows(), records: () => seen, close };
}
