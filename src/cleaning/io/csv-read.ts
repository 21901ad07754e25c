import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { RawRow, RowProblem } from '../types.js';
import { textChunks } from './encoding.js';
import { type FormatReader, uniqueHeaders } from './reader.js';

/** Separators a CSV file may use; the sniffer picks one. */
export const SEPARATORS = [',', ';', '\t', '|'] as const;

/**
 * The separator of a CSV text from its first non-blank line: the candidate that occurs most
 * often outside quotes (comma when none does).
 *
 * @example sniffSeparator('Họ và tên;Ngày sinh\nAn;1990') // ';'
 */
export function sniffSeparator(text: string): string {
  const start = text.search(/\S/);
  if (start < 0) return ',';
  const counts = new Map<string, number>(SEPARATORS.map((s) => [s, 0]));
  let quoted = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '\n') break;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ',';
  let most = 0;
  for (const [sep, n] of counts)
    if (n > most) {
      best = sep;
      most = n;
    }
  return best;
}

const newlines = (cells: string[]): number => {
  let n = 0;
  for (const c of cells) for (let i = c.indexOf('\n'); i >= 0; i = c.indexOf('\n', i + 1)) n++;
  return n;
};

const blank = (c: string) => c.trim() === '';

/**
 * Reads a CSV file record by record with csv-parse: quoted fields (also across lines),
 * blank lines and rows of empty cells skipped, ragged rows (with their cells) and malformed
 * quoting reported as row problems (and not passed on). Cells beyond the header that are all empty (a
 * trailing separator) are dropped silently. Line numbers are the physical line where a
 * record starts.
 */
export async function openCsv(
  path: string,
  encoding: string,
  separator: string | undefined,
  firstText: string,
  problems: RowProblem[],
): Promise<FormatReader & { separator: string }> {
  const file = createReadStream(path, { highWaterMark: 1 << 18 });
  const text = textChunks(file, encoding);
  const sep = separator ?? sniffSeparator(firstText);
  // Line numbers are counted here rather than asked of the parser (its `info` option
  // halves its speed): the text has LF line ends only, blank lines come through as one
  // empty cell, so each record takes one line plus the line breaks inside its cells.
  const parser = parse({
    delimiter: sep,
    record_delimiter: '\n',
    relax_column_count: true,
    relax_quotes: true,
    skip_records_with_error: true,
  });
  let nextLine = 1;
  // The parser skips a record it cannot read (in practice a quote left open to the end of
  // the file); it is reported once the records before it have been counted.
  const skipped: Error[] = [];
  parser.on('skip', (err: Error) => skipped.push(err));
  const source = Readable.from(text.chunks);
  source.on('error', (e) => parser.destroy(e));
  source.pipe(parser);
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  const nextRecord = async (): Promise<{ cells: string[]; line: number } | undefined> => {
    for (;;) {
      const r = await records.next();
      if (r.done) {
        for (const err of skipped.splice(0))
          problems.push({
            line: nextLine,
            code: 'row.malformed',
            reason: `Malformed CSV from line ${nextLine}: ${err.message.replace(/^[^:]*: /, '')}`,
          });
        return undefined;
      }
      const cells = r.value;
      const line = nextLine;
      nextLine += 1 + newlines(cells);
      if (!cells.every(blank)) return { cells, line };
    }
  };

  const head = await nextRecord();
  const headers = uniqueHeaders(head?.cells ?? []);
  let seen = 0;
  const close = async () => {
    source.destroy();
    parser.destroy();
    file.destroy();
  };
  async function* rows(): AsyncGenerator<RawRow> {
    try {
      for (;;) {
        const r = await nextRecord();
        if (!r) return;
        seen++;
        const { cells, line } = r;
        if (
          cells.length < headers.length ||
          (cells.length > headers.length && !cells.slice(headers.length).every(blank))
        ) {
          problems.push({
            line,
            code: 'row.ragged',
            reason: `The row has ${cells.length} cells; the header has ${headers.length}`,
            cells,
          });
          continue;
        }
        const values: Record<string, string> = {};
        for (let i = 0; i < headers.length; i++) values[headers[i] as string] = cells[i] as string;
        if (text.sawReplacement()) {
          for (const h of headers)
            if (values[h]?.includes('\uFFFD'))
              problems.push({
                line,
                code: 'row.encoding',
                field: h,
                reason: `Some characters of "${h}" are not valid ${encoding}`,
              });
        }
        yield { line, values };
      }
    } finally {
      await close();
    }
  }
  return {
    headers,
    headerFound: head !== undefined,
    rows: rows(),
    records: () => seen,
    close,
    separator: sep,
  };
}
