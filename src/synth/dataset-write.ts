import { createWriteStream, type WriteStream } from 'node:fs';
import type { Cell } from './dataset-identity.js';

export type DatasetFormat = 'csv' | 'jsonl' | 'xlsx';

/** Where dataset rows go, one at a time, in file order. */
export interface RowSink {
  /** the line (sheet row) of the first data row */
  readonly firstLine: number;
  write(cells: readonly Cell[]): Promise<void>;
  close(): Promise<void>;
}

/** The most rows one XLSX sheet holds below its header. */
export const XLSX_MAX_ROWS = 1_048_575;

const asText = (c: Cell): string => {
  if (typeof c === 'string') return c;
  if ('date' in c) return `${c.date.slice(8, 10)}/${c.date.slice(5, 7)}/${c.date.slice(0, 4)}`;
  return String(c.number);
};

const csvField = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** A text file written in ~64 K chunks, waiting when the disk falls behind. */
export class TextOut {
  private readonly out: WriteStream;
  private parts: string[] = [];
  private size = 0;
  private failure: Error | undefined;

  constructor(path: string) {
    this.out = createWriteStream(path);
    this.out.on('error', (e) => {
      this.failure = e;
    });
  }

  async add(s: string): Promise<void> {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= 65_536) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!this.out.write(chunk)) await new Promise<void>((resolve) => this.out.once('drain', () => resolve()));
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.out.once('error', reject);
      this.out.end(() => resolve());
    });
    if (this.failure) throw this.failure;
  }
}

/** CSV as an agency exports it from Excel: UTF-8 with a byte-order mark, CRLF. */
function csvSink(path: string, headers: readonly string[]): RowSink {
  const out = new TextOut(path);
  void out.add(`\uFEFF${headers.map(csvField).join(',')}\r\n`);
  return {
    firstLine: 2,
    write: (cells) => out.add(`${cells.map((c) => csvField(asText(c))).join(',')}\r\n`),
    close: () => out.close(),
  };
}

/** JSON Lines: one object a line, keys as the headers; no header line. */
function jsonlSink(path: string, headers: readonly string[]): RowSink {
  const out = new TextOut(path);
  return {
    firstLine: 1,
    write: (cells) => {
      const o: Record<string, string> = {};
      headers.forEach((h, i) => {
        o[h] = asText(cells[i] ?? '');
      });
      return out.add(`${JSON.stringify(o)}\n`);
    },
    close: () => out.close(),
  };
}

/** XLSX through exceljs's streaming writer: dates as date cells, numbers that lost their zeros as number cells. */
async function xlsxSink(path: string, headers: readonly string[]): Promise<RowSink> {
  // Loaded on first use: most runs never write XLSX.
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useStyles: true,
    useSharedStrings: false,
  });
  const ws = wb.addWorksheet('Dữ liệu');
  ws.addRow([...headers]).commit();
  let pending = 0;
  return {
    firstLine: 2,
    async write(cells) {
      const row = ws.addRow(
        cells.map((c) =>
          typeof c === 'string' ? c : 'date' in c ? new Date(`${c.date}T00:00:00Z`) : c.number,
        ),
      );
      cells.forEach((c, i) => {
        if (typeof c !== 'string' && 'date' in c) row.getCell(i + 1).numFmt = 'dd/mm/yyyy';
      });
      row.commit();
      // Let the zip stream drain now and then.
      if (++pending % 2000 === 0) await new Promise((r) => setImmediate(r));
    },
    async close() {
      ws.commit();
      await wb.commit();
    },
  };
}

/** A sink for `format` at `path`. */
export async function openSink(
  format: DatasetFormat,
  path: string,
  headers: readonly string[],
): Promise<RowSink> {
  if (format === 'xlsx') return xlsxSink(path, headers);
  if (format === 'jsonl') return jsonlSink(path, headers);
  return csvSink(path, headers);
}
