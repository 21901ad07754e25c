/**
 * The cleaning API (/api/v1/cleaning) as the console uses it. Job and row shapes come from
 * the server's TypeBox schemas, the quality report's from the server's report module.
 */
import type { Static } from 'typebox';
import type * as S from '../../../../src/cleaning/cleaning.schemas.js';
import type { QualityReport } from '../../../../src/cleaning/report.js';
import { type Operator, query, request } from '../../api.js';

export type Job = Static<typeof S.Job>;
export type JobStatus = Job['status'];
export type Row = Static<typeof S.Row>;
export type RowPage = Static<typeof S.RowPage>;
export type Candidate = Row['candidates'][number];
export type Contribution = Candidate['contributions'][number];
export type Decision = Static<typeof S.Decision>;
export type RowStatus = NonNullable<Static<typeof S.RowsQuery>['status']>;
export type RowReason = Row['reason'];
export type DatasetPreview = Static<typeof S.DatasetPreview>;

export type { LocalityQuality, QualityReport } from '../../../../src/cleaning/report.js';

/** Whether the operator may use cleaning (data officers and admins). */
export const canClean = (op: Operator) => op.roles.some((r) => r === 'admin' || r === 'data_officer');

/** Jobs that will not change any more. */
export const isFinished = (s: JobStatus) => s === 'done' || s === 'failed' || s === 'cancelled';

const base = '/cleaning/jobs';

export const cleaningApi = {
  jobs: (limit = 50) => request<{ items: Job[] }>('GET', `${base}${query({ limit })}`),
  job: (id: string) => request<Job>('GET', `${base}/${id}`),
  cancel: (id: string) => request<Job>('POST', `${base}/${id}/cancel`),
  rows: (id: string, p: { status?: RowStatus; after?: number; limit?: number }) =>
    request<RowPage>('GET', `${base}/${id}/rows${query(p)}`),
  decide: (id: string, line: number, body: Decision) =>
    request<Row>('POST', `${base}/${id}/rows/${line}/decision`, { body }),
  report: (id: string) => request<QualityReport>('GET', `${base}/${id}/report`),
  /** What the start of a file holds and the mapping a job would guess (see `previewOf`). */
  preview: (start: Blob, p: { contentType: string; format?: string; encoding?: string; fileBytes: number }) =>
    request<DatasetPreview>(
      'POST',
      `/cleaning/preview${query({ format: p.format, encoding: p.encoding, fileBytes: p.fileBytes })}`,
      { body: start, headers: { 'content-type': p.contentType } },
    ),
};

/** Bytes of a CSV or JSON Lines file sent for a preview (the server reads the first MiB). */
export const PREVIEW_TEXT_BYTES = 1024 ** 2;
/** The largest XLSX workbook sent for a preview, whole (the server's default limit). */
export const PREVIEW_XLSX_BYTES = 20 * 1024 ** 2;

/**
 * Previews a file before it is uploaded: the first MiB of a CSV or JSON Lines file, or a
 * whole XLSX workbook up to PREVIEW_XLSX_BYTES (undefined for a larger one: it is not sent).
 */
export async function previewOf(file: File, encoding?: string): Promise<DatasetPreview | undefined> {
  const type = uploadTypeOf(file.name);
  const xlsx = type.format === 'xlsx';
  if (xlsx && file.size > PREVIEW_XLSX_BYTES) return undefined;
  const { data } = await cleaningApi.preview(xlsx ? file : file.slice(0, PREVIEW_TEXT_BYTES), {
    contentType: type.contentType,
    fileBytes: file.size,
    ...(type.format ? { format: type.format } : {}),
    ...(encoding ? { encoding } : {}),
  });
  return data;
}

/** The cleaned file (a download) and the HTML report (opened in a new tab). */
export const outputUrl = (id: string) => `/api/v1${base}/${id}/output.csv`;
export const reportHtmlUrl = (id: string) => `/api/v1${base}/${id}/report.html`;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The format and content type to send for a file, from its name (browsers disagree on `file.type`). */
export function uploadTypeOf(name: string): { format?: 'csv' | 'xlsx' | 'jsonl'; contentType: string } {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (ext === 'csv') return { format: 'csv', contentType: 'text/csv' };
  if (ext === 'tsv' || ext === 'txt') return { contentType: 'text/csv' };
  if (ext === 'xlsx') return { format: 'xlsx', contentType: XLSX };
  if (ext === 'jsonl' || ext === 'ndjson') return { format: 'jsonl', contentType: 'application/x-ndjson' };
  return { contentType: 'application/octet-stream' };
}
