/**
 * A look at a dataset before it is uploaded: from the start of the file (the whole file for
 * an XLSX workbook) the format, encoding, separator, headers, the column mapping a job would
 * guess, the first rows and their problems. The console shows it so that the data officer
 * can correct the mapping before sending a file of gigabytes.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Static } from 'typebox';
import type { Actor } from '../shared/context.js';
import { badRequest, DomainError } from '../shared/errors.js';
import type * as S from './cleaning.schemas.js';
import { detectEncoding, openDataset, suggestMapping } from './io/index.js';
import { assertCanClean } from './jobs.service.js';
import type { RawRow } from './types.js';

export type DatasetPreview = Static<typeof S.DatasetPreview>;

/** How much of a CSV or JSON Lines file is read: enough for the header and many rows. */
export const PREVIEW_TEXT_BYTES = 1 << 20;
/** Rows shown. */
export const PREVIEW_ROWS = 10;
/**
 * The largest body a preview reads (DANCU_PREVIEW_MAX_BYTES, default 20 MiB). An XLSX
 * workbook can only be read whole, so this is also the largest workbook that can be previewed.
 */
export const previewMaxBytes = () => Number(process.env.DANCU_PREVIEW_MAX_BYTES) || 20 * 1024 ** 2;

export interface PreviewOptions {
  format?: 'csv' | 'xlsx' | 'jsonl';
  encoding?: string;
  /** size of the whole file; larger than the body means the body is its start */
  fileBytes?: number;
  /** the request's Content-Length, to refuse an oversized body before reading it */
  declaredBytes?: number;
  /** the request's content type: the XLSX type says a workbook is coming (the content decides) */
  contentType?: string;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The body is announced as a workbook, by `format` or by its content type. */
const saysXlsx = (o: PreviewOptions) =>
  o.format === 'xlsx' || o.contentType?.split(';')[0]?.trim() === XLSX_TYPE;

const mib = (n: number) => `${Math.round((n / 1024 ** 2) * 10) / 10} MiB`;

const tooLarge = (max: number, xlsx: boolean) =>
  new DomainError(
    413,
    'cleaning.preview_too_large',
    xlsx
      ? `An XLSX workbook can only be previewed whole, and this one is larger than ${mib(max)}. Upload it as it is and set the columns by hand, or save the sheet as CSV UTF-8 to preview it.`
      : `Send only the start of the file to preview it (up to ${mib(max)}; the first ${mib(PREVIEW_TEXT_BYTES)} are read).`,
  );

const isZip = (b: Buffer) =>
  b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/**
 * Reads the body: all of it for a workbook (a zip archive, or `format: 'xlsx'`), the first
 * PREVIEW_TEXT_BYTES otherwise; more than `max` bytes in all is refused.
 */
async function readBody(
  body: AsyncIterable<Buffer | string>,
  opts: PreviewOptions,
  max: number,
): Promise<{ bytes: Buffer; cut: boolean }> {
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let total = 0;
  let head = Buffer.alloc(0);
  let xlsx = saysXlsx(opts);
  for await (const raw of body) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    total += chunk.length;
    if (head.length < 4) {
      head = Buffer.concat([head, chunk.subarray(0, 4)]).subarray(0, 4);
      xlsx ||= isZip(head);
    }
    if (total > max) throw tooLarge(max, xlsx);
    const room = xlsx ? chunk.length : Math.max(0, PREVIEW_TEXT_BYTES - keptBytes);
    if (room > 0) {
      const part = room < chunk.length ? chunk.subarray(0, room) : chunk;
      kept.push(part);
      keptBytes += part.length;
    }
  }
  return { bytes: Buffer.concat(kept, keptBytes), cut: total > keptBytes };
}

/**
 * The text up to and including its last line end, in `encoding` (UTF-16 ends a line with
 * two bytes); undefined when there is none.
 */
export function completeLines(bytes: Buffer, encoding: string): Buffer | undefined {
  const enc = encoding.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (enc === 'utf16le' || enc === 'utf16be') {
    const le = enc === 'utf16le';
    for (let i = (bytes.length - 2) & ~1; i >= 0; i -= 2) {
      const [lo, hi] = le ? [bytes[i], bytes[i + 1]] : [bytes[i + 1], bytes[i]];
      if (hi === 0 && (lo === 0x0a || lo === 0x0d)) return bytes.subarray(0, i + 2);
    }
    return undefined;
  }
  for (let i = bytes.length - 1; i >= 0; i--)
    if (bytes[i] === 0x0a || bytes[i] === 0x0d) return bytes.subarray(0, i + 1);
  return undefined;
}

/**
 * Previews a dataset from the request body: the start of a CSV or JSON Lines file (its
 * last, cut-off line dropped when `fileBytes` says there is more, or when the body is
 * longer than PREVIEW_TEXT_BYTES), or a whole XLSX workbook. The bytes are read the way a
 * job reads the file (format and encoding detected, or forced), so the headers and the
 * suggested mapping are the job's. Throws `cleaning.preview_too_large` (413),
 * `cleaning.preview_incomplete` (a workbook cut short), and the `dataset.*` errors of
 * `openDataset`.
 *
 * @example
 *   const p = await previewDataset(actor, Readable.from([prefix]), { fileBytes: 3_500_000_000 });
 *   p.suggestedMapping // { 'Họ và tên': 'fullName', 'Ngày sinh': 'dateOfBirth', … }
 */
export async function previewDataset(
  actor: Actor | undefined,
  body: AsyncIterable<Buffer | string>,
  opts: PreviewOptions = {},
): Promise<DatasetPreview> {
  assertCanClean(actor);
  const max = previewMaxBytes();
  const workbook = saysXlsx(opts);
  if (workbook && opts.fileBytes !== undefined && opts.fileBytes > max) throw tooLarge(max, true);
  if (opts.declaredBytes !== undefined && opts.declaredBytes > max) throw tooLarge(max, workbook);
  const { bytes, cut } = await readBody(body, opts, max);
  if (bytes.length === 0)
    throw badRequest('dataset.body_missing', 'Send the start of the dataset file as the request body');
  const xlsx = opts.format === 'xlsx' || isZip(bytes);
  const partial = cut || (opts.fileBytes !== undefined && opts.fileBytes > bytes.length);
  let data = bytes;
  if (xlsx && partial)
    throw badRequest(
      'cleaning.preview_incomplete',
      `An XLSX workbook cannot be read from its first bytes: send the whole file (up to ${mib(max)})`,
    );
  if (partial) {
    // Whatever follows the last line end may be half a line: leave it out.
    const { encoding } = detectEncoding(bytes, opts.encoding);
    const lines = completeLines(bytes, encoding);
    if (!lines)
      throw badRequest(
        'cleaning.preview_no_line',
        `The first ${bytes.length.toLocaleString('en')} bytes hold no complete line; is the file a dataset of one row a line?`,
      );
    data = lines;
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'dancu-preview-'));
  try {
    const file = path.join(dir, 'start');
    await writeFile(file, data, { mode: 0o600 });
    const ds = await openDataset(file, {
      ...(opts.format ? { format: opts.format } : {}),
      ...(opts.encoding ? { encoding: opts.encoding } : {}),
      batchSize: PREVIEW_ROWS,
    });
    const rows: RawRow[] = [];
    try {
      for await (const batch of ds.rows) {
        rows.push(...batch);
        if (rows.length >= PREVIEW_ROWS) break;
      }
    } finally {
      await ds.close();
    }
    const sample = rows.slice(0, PREVIEW_ROWS);
    const last = sample.length === PREVIEW_ROWS ? (sample.at(-1)?.line ?? 0) : Number.POSITIVE_INFINITY;
    // A quote left open at the end of a cut-off start is the cut, not the file.
    const problems = ds.problems.filter((p) => p.line <= last && !(partial && p.code === 'row.malformed'));
    return {
      format: ds.format,
      encoding: ds.encoding,
      separator: ds.separator ?? null,
      headers: ds.headers,
      suggestedMapping: suggestMapping(ds.headers),
      sampleRows: sample,
      problems,
      partial,
      bytesRead: data.length,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
