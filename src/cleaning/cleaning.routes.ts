import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Type } from 'typebox';
import type { Database } from '../db/index.js';
import { badRequest } from '../shared/errors.js';
import { type ModuleRoutes, requireActor } from '../shared/route-kit.js';
import * as S from './cleaning.schemas.js';
import { evaluateJob } from './evaluate-job.js';
import { cleanedCsv } from './export.js';
import { parseMapping } from './io/index.js';
import { assertCanClean, cancelJob, createJob, getJob, jobModel, listJobs } from './jobs.service.js';
import { PREVIEW_ROWS, PREVIEW_TEXT_BYTES, previewDataset } from './preview.js';
import { qualityReport, renderReportHtml } from './report.js';
import { decideRow, listRows } from './review.service.js';

const tags = ['cleaning'];
const uploadDirs = new WeakMap<Database, string>();

/** Where uploaded datasets are kept while their jobs exist (default: the data folder's uploads/). */
export function configureCleaning(database: Database, opts: { uploadDir: string }): void {
  uploadDirs.set(database, opts.uploadDir);
}

/** Largest upload accepted (DANCU_MAX_UPLOAD_BYTES, default 4 GiB). */
const maxUpload = () => Number(process.env.DANCU_MAX_UPLOAD_BYTES) || 4 * 1024 ** 3;

const DATASET_TYPES = [
  'text/csv',
  'application/octet-stream',
  'application/x-ndjson',
  'application/jsonl',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

/** The cleaning API, mounted at /api/v1/cleaning. Data officers and admins. */
export const cleaningRoutes: ModuleRoutes = async (app, { database }) => {
  // Dataset uploads arrive as the raw request body and are streamed to disk.
  for (const type of DATASET_TYPES) {
    app.addContentTypeParser(type, { bodyLimit: maxUpload() }, (_req, payload, done) => done(null, payload));
  }

  app.post(
    '/jobs',
    {
      bodyLimit: maxUpload(),
      schema: {
        tags,
        summary: 'Upload a dataset (the request body: CSV, XLSX or JSON Lines) and start a cleaning job',
        description:
          'Send the file as the raw body with its content type (text/csv, application/x-ndjson, the XLSX type, or application/octet-stream). The job runs in the background; poll GET /jobs/{id}.',
        querystring: S.NewJobQuery,
        response: { 202: S.Job },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      assertCanClean(actor);
      const q = request.query;
      const mapping = q.mapping ? parseMapping(q.mapping) : undefined;
      const dir = uploadDirs.get(database) ?? path.join(tmpdir(), 'dancu-uploads');
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, `${Date.now()}-${randomBytes(6).toString('hex')}`);
      const body = request.body as Readable | undefined;
      if (!body || !(body instanceof Readable))
        throw badRequest('dataset.body_missing', 'Send the dataset file as the request body');
      try {
        await pipeline(body, createWriteStream(file, { mode: 0o600 }));
        const job = await createJob(database, actor, {
          path: file,
          name: q.name ?? 'upload',
          kind: q.kind,
          ...(q.mode ? { mode: q.mode } : {}),
          ...(mapping ? { mapping } : {}),
          ...(q.scope ? { scope: q.scope } : {}),
          options: {
            ...(q.train !== undefined ? { train: q.train } : {}),
            ...(q.format ? { format: q.format } : {}),
            ...(q.encoding ? { encoding: q.encoding } : {}),
          },
        });
        return reply.code(202).send(job);
      } catch (e) {
        await rm(file, { force: true });
        throw e;
      }
    },
  );

  app.post(
    '/preview',
    {
      schema: {
        tags,
        summary:
          'Preview a dataset from its first bytes: format, encoding, headers, suggested mapping, first rows',
        description: `Send the start of a CSV or JSON Lines file (the first ${PREVIEW_TEXT_BYTES / 1024 ** 2} MiB are read; pass fileBytes, the whole file's size, so that a cut-off last line is dropped), or a whole XLSX workbook (up to DANCU_PREVIEW_MAX_BYTES, default 20 MiB), as the raw body with the same content types as POST /jobs. Answers the first ${PREVIEW_ROWS} rows, the problems found in them, and the mapping a job would guess.`,
        querystring: S.PreviewQuery,
        response: { 200: S.DatasetPreview },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const body = request.body as Readable | undefined;
      if (!body || !(body instanceof Readable))
        throw badRequest('dataset.body_missing', 'Send the start of the dataset file as the request body');
      const q = request.query;
      const declared = Number(request.headers['content-length']);
      return previewDataset(actor, body, {
        ...(q.format ? { format: q.format } : {}),
        ...(q.encoding ? { encoding: q.encoding } : {}),
        ...(q.fileBytes !== undefined ? { fileBytes: q.fileBytes } : {}),
        ...(Number.isFinite(declared) && declared > 0 ? { declaredBytes: declared } : {}),
        ...(request.headers['content-type'] ? { contentType: request.headers['content-type'] } : {}),
      });
    },
  );

  app.get(
    '/jobs',
    {
      schema: {
        tags,
        summary: 'Cleaning jobs, newest first',
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }),
        response: { 200: Type.Object({ items: Type.Array(S.Job) }) },
      },
    },
    async (request) => ({ items: await listJobs(database, request.actor, request.query.limit) }),
  );

  app.get(
    '/jobs/:id',
    { schema: { tags, summary: 'A job and its progress', params: S.JobParams, response: { 200: S.Job } } },
    async (request) => getJob(database, request.actor, request.params.id),
  );

  app.post(
    '/jobs/:id/cancel',
    { schema: { tags, summary: 'Stop a job', params: S.JobParams, response: { 200: S.Job } } },
    async (request) => cancelJob(database, request.actor, request.params.id),
  );

  app.get(
    '/jobs/:id/model',
    {
      schema: {
        tags,
        summary: 'The linkage model the job used (readable JSON; reuse it with `dancu clean --model`)',
        params: S.JobParams,
      },
    },
    async (request) => jobModel(database, request.actor, request.params.id),
  );

  app.get(
    '/jobs/:id/rows',
    {
      schema: {
        tags,
        summary: 'Rows with their candidates and field weights (default: the review queue)',
        params: S.JobParams,
        querystring: S.RowsQuery,
        response: { 200: S.RowPage },
      },
    },
    async (request) => listRows(database, request.actor, request.params.id, request.query),
  );

  app.post(
    '/jobs/:id/rows/:line/decision',
    {
      schema: {
        tags,
        summary: 'Accept the best candidate, reject all, or pick another person for one row',
        params: S.RowParams,
        body: S.Decision,
        response: { 200: S.Row },
      },
    },
    async (request) =>
      decideRow(database, request.actor, request.params.id, request.params.line, request.body),
  );

  app.get(
    '/jobs/:id/report',
    {
      schema: {
        tags,
        summary: 'Quality report per province and commune (JSON)',
        params: S.JobParams,
        response: { 200: S.QualityReport },
      },
    },
    async (request) => qualityReport(database, request.actor, request.params.id),
  );

  app.get(
    '/jobs/:id/report.html',
    {
      schema: {
        tags,
        summary: 'Quality report per province and commune (HTML page with charts)',
        params: S.JobParams,
      },
    },
    async (request, reply) => {
      const r = await qualityReport(database, request.actor, request.params.id);
      return reply.type('text/html; charset=utf-8').send(renderReportHtml(r));
    },
  );

  app.get(
    '/jobs/:id/output.csv',
    {
      schema: {
        tags,
        summary:
          'The cleaned file: original columns plus personal ID number, probability, outcome, disagreements, cluster',
        params: S.JobParams,
      },
    },
    async (request, reply) => {
      const job = await getJob(database, request.actor, request.params.id);
      const name = `${job.name.replace(/\.[^.]+$/, '').replace(/[^\w.-]+/g, '_')}.cleaned.csv`;
      reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`);
      return reply.send(cleanedCsv(database, request.actor, job));
    },
  );

  app.post(
    '/jobs/:id/evaluation',
    {
      schema: {
        tags,
        summary: 'Score a finished job against a truth file (CSV line,pid,person) — for synthetic datasets',
        params: S.JobParams,
      },
    },
    async (request) => {
      const body = request.body as Readable | undefined;
      if (!body || !(body instanceof Readable))
        throw badRequest('dataset.body_missing', 'Send the truth file as the request body (text/csv)');
      return evaluateJob(database, request.actor, request.params.id, body);
    },
  );
};
