import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import iconv from 'iconv-lite';
import { badRequest, DomainError, notFound } from '../../shared/errors.js';
import type { RawRow, RowProblem } from '../types.js';
import { openCsv } from './csv-read.js';
import { detectEncoding, readSample } from './encoding.js';
import { openJsonl } from './jsonl-read.js';
import type { FormatReader } from './reader.js';
import { openXlsx } from './xlsx-read.js';

export type DatasetFormat = 'csv' | 'xlsx' | 'jsonl';

/** Options of `openDataset`. */
export interface OpenOptions {
  /** the file's format; default: from its content (XLSX is a zip) and its name */
  format?: DatasetFormat;
  /** text encoding (an iconv-lite name); default: byte-order mark, else UTF-8 if valid, else Windows-1258 */
  encoding?: string;
  /** XLSX sheet name; default the first sheet */
  sheet?: string;
  /** refuse files larger than this (`dataset.too_large`) */
  maxBytes?: number;
  /** CSV separator; default sniffed from the header line (`,` `;` tab `|`) */
  separator?: string;
  /** rows per batch of `rows`; default 1000 */
  batchSize?: number;
}

/** An open dataset: headers now, rows streamed in batches. */
export interface Dataset {
  format: DatasetFormat;
  /** `utf-8`, `utf-16le`, `utf-16be`, `windows-1258`… (`utf-8` for XLSX) */
  encoding: string;
  /** the text began with a byte-order mark */
  bom: boolean;
  /** the CSV separator that was used */
  separator?: string;
  /** column names, unique (see `uniqueHeaders`); for JSON Lines they grow as new keys appear */
  headers: string[];
  /** data rows in file order, in batches; read once */
  rows: AsyncIterable<RawRow[]>;
  /**
   * Rows rejected (`row.ragged`, `row.json`, `row.malformed`) and cells that could not be
   * read (`cell.formula`, `cell.error`, `row.encoding`, with `field`). Filled while `rows` is
   * read: every problem of a line is here before the batch after that line is yielded. A
   * consumer may empty the array between batches to keep memory flat.
   */
  problems: RowProblem[];
  /** Releases the file when `rows` is not read to the end (reading to the end closes it). */
  close(): Promise<void>;
}

const BY_EXTENSION: Record<string, DatasetFormat> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.txt': 'csv',
  '.xlsx': 'xlsx',
  '.xlsm': 'xlsx',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
};

const formatError = (message: string) =>
  badRequest('dataset.format', message, [{ field: 'format', message: 'use CSV, XLSX or JSON Lines' }]);

function chooseFormat(path: string, sample: Buffer, forced: DatasetFormat | undefined): DatasetFormat {
  const zip = sample[0] === 0x50 && sample[1] === 0x4b && sample[2] === 0x03 && sample[3] === 0x04;
  const ole = sample.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]));
  const ext = extname(path).toLowerCase();
  if (forced) {
    if (forced !== 'csv' && forced !== 'xlsx' && forced !== 'jsonl')
      throw formatError(`Unknown format "${forced}"`);
    if (forced === 'xlsx' && !zip) throw formatError('The file is not an XLSX workbook (not a zip archive)');
    if (forced !== 'xlsx' && (zip || ole)) throw formatError(`The file is a binary workbook, not ${forced}`);
    return forced;
  }
  if (ole || ext === '.xls')
    throw formatError('Old Excel workbooks (.xls) cannot be read; save the file as .xlsx or CSV UTF-8');
  if (zip) return 'xlsx';
  const byExt = BY_EXTENSION[ext];
  if (byExt) return byExt;
  const text = sample.toString('latin1', 0, Math.min(sample.length, 4096));
  if (ext === '.json' && /^\s*\[/.test(text))
    throw formatError('A JSON array cannot be streamed; give one object a line (JSON Lines, .jsonl)');
  if (/^\s*\{/.test(text)) return 'jsonl';
  if (sample.includes(0) && !(sample[0] === 0xff || sample[0] === 0xfe))
    throw formatError(`Cannot tell the format of "${ext || 'a file without extension'}"; it looks binary`);
  return 'csv';
}

async function* batches(first: RawRow, rest: AsyncGenerator<RawRow>, size: number): AsyncGenerator<RawRow[]> {
  let batch: RawRow[] = [first];
  for await (const row of rest) {
    batch.push(row);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * Opens a dataset file for streaming: the format and text encoding are detected (or
 * forced), the header is read, and rows come in batches as they are parsed — never the
 * whole file in memory. Throws `dataset.not_found`, `dataset.too_large`, `dataset.format`,
 * `dataset.encoding`, `dataset.sheet`, or `dataset.empty` (no header, or a header and no
 * data row) before any row is read.
 *
 * @example
 *   const ds = await openDataset('tiem-chung.csv');
 *   const mapping = suggestMapping(ds.headers);
 *   for await (const batch of ds.rows) for (const row of batch) use(row.line, row.values);
 *   console.log(ds.problems); // [{ line: 7, code: 'row.ragged', reason: '…' }]
 */
export async function openDataset(source: string, opts: OpenOptions = {}): Promise<Dataset> {
  let size: number;
  try {
    const st = await stat(source);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch {
    throw notFound('dataset.not_found', `No dataset file at ${source}`);
  }
  if (opts.maxBytes !== undefined && size > opts.maxBytes)
    throw new DomainError(
      413,
      'dataset.too_large',
      `The file has ${size.toLocaleString('en')} bytes; at most ${opts.maxBytes.toLocaleString('en')} are allowed`,
    );
  const empty = () =>
    badRequest('dataset.empty', 'The file has no data rows (it is empty or holds only a header)');
  if (size === 0) throw empty();
  const sample = await readSample(source);
  const format = chooseFormat(source, sample, opts.format);
  const problems: RowProblem[] = [];
  let reader: FormatReader;
  let encoding = 'utf-8';
  let bom = false;
  let separator: string | undefined;
  if (format === 'xlsx') {
    reader = await openXlsx(source, opts.sheet, problems);
  } else {
    ({ encoding, bom } = detectEncoding(sample, opts.encoding));
    if (format === 'jsonl') reader = await openJsonl(source, encoding, problems);
    else {
      const firstText = iconv.decode(sample.subarray(0, 64 * 1024), encoding);
      const csv = await openCsv(source, encoding, opts.separator, firstText, problems);
      separator = csv.separator;
      reader = csv;
    }
  }
  if (!reader.headerFound) {
    await reader.close();
    throw empty();
  }
  const first = await reader.rows.next();
  if (first.done && reader.records() === 0) {
    await reader.close();
    throw empty();
  }
  const batchSize = Math.max(1, opts.batchSize ?? 1000);
  const rows: AsyncIterable<RawRow[]> = first.done
    ? (async function* () {})()
    : batches(first.value, reader.rows, batchSize);
  return {
    format,
    encoding,
    bom,
    ...(separator !== undefined ? { separator } : {}),
    headers: reader.headers,
    rows,
    problems,
    close: () => reader.close(),
  };
}
