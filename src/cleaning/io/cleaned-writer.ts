import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';

/**
 * The columns the cleaned file adds after the original ones, in this order. Names are
 * Vietnamese without diacritics so that any tool reads them:
 * - `so_dinh_danh`: the personal ID number linked to the row (empty unless linked or
 *   decided by a reviewer);
 * - `xac_suat`: match probability of the best candidate, 0–1 (empty when none);
 * - `trang_thai`: `linked`, `review`, `unmatched` or `rejected` (the row could not be read);
 * - `truong_khac`: fields that disagree with the register, `;`-separated (e.g. `dob;phone`);
 * - `cum`: the duplicate cluster: rows with the same value are one person;
 * - `dong`: the row's line in the source file.
 * When the source file already has a column of that name, the added one is prefixed `dancu_`.
 */
export const CLEANED_COLUMNS = [
  'so_dinh_danh',
  'xac_suat',
  'trang_thai',
  'truong_khac',
  'cum',
  'dong',
] as const;

export type CleanedStatus = 'linked' | 'review' | 'unmatched' | 'rejected';

/** One row of the cleaned file. */
export interface CleanedRow {
  /** the row's line in the source file */
  line: number;
  /** the original cells, in header order or by header */
  cells: readonly string[] | Readonly<Record<string, string>>;
  status: CleanedStatus;
  pid?: string | null;
  probability?: number | null;
  disagreements?: readonly string[];
  cluster?: string | null;
}

/** A cell that a spreadsheet would run as a formula gets a leading apostrophe. */
export const neutralise = (v: string): string => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/** One CSV field, quoted when it must be. */
export const csvField = (v: string, sep = ','): string =>
  v.includes('"') || v.includes(sep) || v.includes('\n') || v.includes('\r')
    ? `"${v.replaceAll('"', '""')}"`
    : v;

const probText = (p: number | null | undefined) =>
  p === null || p === undefined || Number.isNaN(p) ? '' : String(Math.round(p * 1e6) / 1e6);

/**
 * Writes the cleaned file as CSV, streamed: UTF-8 with a byte-order mark (so that Excel
 * shows Vietnamese correctly), CRLF line ends, the original columns followed by
 * `CLEANED_COLUMNS`. Every value that starts with = + - @ (or a tab / carriage return) gets a
 * leading apostrophe so that a spreadsheet does not run it as a formula. `write` waits when
 * the file cannot keep up.
 *
 * @example
 *   const w = new CleanedCsvWriter('sach.csv', ds.headers);
 *   await w.write({ line: 2, cells: row.values, status: 'linked', pid: '001090012345', probability: 0.9991 });
 *   await w.close();
 */
export class CleanedCsvWriter {
  /** the header row written: original headers, then the added columns */
  readonly columns: string[];
  private readonly out: Writable;
  private buffer: string[] = [];
  private bufferChars = 0;
  private failure: Error | undefined;
  private rowsWritten = 0;

  constructor(
    target: string | Writable,
    private readonly headers: readonly string[],
    private readonly opts: { separator?: string; bom?: boolean } = {},
  ) {
    const taken = new Set(headers);
    const added = CLEANED_COLUMNS.map((c) => {
      let name: string = c;
      while (taken.has(name)) name = `dancu_${name}`;
      taken.add(name);
      return name;
    });
    this.columns = [...headers, ...added];
    this.out = typeof target === 'string' ? createWriteStream(target) : target;
    this.out.on('error', (e) => {
      this.failure = e;
    });
    this.push(`${opts.bom === false ? '' : '\uFEFF'}${this.line(this.columns)}`);
  }

  /** Rows written so far. */
  get rows(): number {
    return this.rowsWritten;
  }

  private line(cells: readonly string[]): string {
    const sep = this.opts.separator ?? ',';
    return `${cells.map((c) => csvField(neutralise(c), sep)).join(sep)}\r\n`;
  }

  private push(s: string) {
    this.buffer.push(s);
    this.bufferChars += s.length;
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.buffer.length === 0) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.bufferChars = 0;
    if (!this.out.write(chunk, 'utf8'))
      await new Promise<void>((resolve, reject) => {
        const done = (e?: Error) => {
          this.out.off('drain', ok);
          this.out.off('error', done);
          e ? reject(e) : resolve();
        };
        const ok = () => done();
        this.out.once('drain', ok);
        this.out.once('error', done);
      });
  }

  /** Adds one row (buffered; flushed every ~64 K characters). */
  async write(row: CleanedRow): Promise<void> {
    const original = Array.isArray(row.cells)
      ? (row.cells as readonly string[])
      : this.headers.map((h) => (row.cells as Record<string, string>)[h] ?? '');
    this.push(
      this.line([
        ...original,
        row.pid ?? '',
        probText(row.probability),
        row.status,
        (row.disagreements ?? []).join(';'),
        row.cluster ?? '',
        String(row.line),
      ]),
    );
    this.rowsWritten++;
    if (this.bufferChars >= 65_536) await this.flush();
  }

  /** Writes what is buffered and ends the file (a stream passed in is ended too). */
  async close(): Promise<{ rows: number }> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.out.once('error', reject);
      this.out.end(() => resolve());
    });
    return { rows: this.rowsWritten };
  }
}
