import { Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const JobStatus = Type.Union([
  Type.Literal('queued'),
  Type.Literal('importing'),
  Type.Literal('linking'),
  Type.Literal('resolving'),
  Type.Literal('done'),
  Type.Literal('failed'),
  Type.Literal('cancelled'),
]);

export const Job = Type.Object({
  id: Type.String({ examples: ['cj_5f1c0e7a9b2d4c61'] }),
  name: Type.String(),
  kind: Type.String({ examples: ['vaccination'] }),
  mode: Type.Union([Type.Literal('registry'), Type.Literal('dedupe')]),
  scope: Type.String(),
  status: JobStatus,
  format: Nullable(Type.String()),
  encoding: Nullable(Type.String()),
  headers: Type.Array(Type.String()),
  mapping: Type.Record(Type.String(), Type.String()),
  rows: Type.Integer(),
  rejected: Type.Integer(),
  progress: Type.Object({
    phase: JobStatus,
    chunksDone: Type.Integer(),
    chunksTotal: Type.Integer(),
    fraction: Type.Number(),
  }),
  counts: Type.Record(Type.String(), Type.Number()),
  timings: Type.Record(Type.String(), Type.Number()),
  error: Nullable(Type.String()),
  createdBy: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
});

export const NewJobQuery = Type.Object({
  kind: Type.String({
    pattern: '^[A-Za-z0-9_.-]{1,40}$',
    description: 'what the dataset holds, e.g. vaccination',
  }),
  name: Type.Optional(Type.String({ maxLength: 200, description: 'file name to show' })),
  mode: Type.Optional(Type.Union([Type.Literal('registry'), Type.Literal('dedupe')])),
  mapping: Type.Optional(
    Type.String({
      description: 'header=role pairs, comma-separated, e.g. "Ho ten=fullName,Ngay sinh=dateOfBirth"',
    }),
  ),
  scope: Type.Optional(Type.String({ maxLength: 100 })),
  format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx'), Type.Literal('jsonl')])),
  encoding: Type.Optional(
    Type.String({ maxLength: 30, description: 'e.g. utf-8, windows-1258; guessed when absent' }),
  ),
  train: Type.Optional(Type.Boolean({ description: 'estimate the model on this dataset first' })),
});

export const JobParams = Type.Object({ id: Type.String({ pattern: '^cj_[0-9a-f]{16}$' }) });
export const RowParams = Type.Object({
  id: Type.String({ pattern: '^cj_[0-9a-f]{16}$' }),
  line: Type.Integer({ minimum: 1 }),
});

export const RowsQuery = Type.Object({
  status: Type.Optional(
    Type.Union([
      Type.Literal('review'),
      Type.Literal('linked'),
      Type.Literal('unmatched'),
      Type.Literal('rejected'),
    ]),
  ),
  after: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});

/** A problem found in a row while it was read or normalised (see RowProblem in types.ts). */
export const RowProblem = Type.Object({
  line: Type.Integer(),
  code: Type.String(),
  reason: Type.String(),
  field: Type.Optional(Type.String()),
  cells: Type.Optional(
    Type.Array(Type.String(), {
      description:
        'a rejected row as it was read (cells in file order; a JSON line that could not be read as one cell)',
    }),
  ),
});

/** Why a row has its outcome, derived when it is read (see review-reason.ts). */
export const RowReason = Type.Object({
  code: Type.String({ examples: ['review.close_candidates'] }),
  text: Type.String(),
});

const Contribution = Type.Object({ field: Type.String(), level: Type.String(), weight: Type.Number() });

export const Row = Type.Object({
  line: Type.Integer(),
  status: Type.String(),
  row: Type.Record(Type.String(), Type.String()),
  record: Type.Unknown(),
  problems: Type.Array(RowProblem),
  pid: Nullable(Type.String()),
  probability: Nullable(Type.Number()),
  disagreements: Type.Array(Type.String()),
  decidedBy: Nullable(Type.String()),
  reason: RowReason,
  candidates: Type.Array(
    Type.Object({
      id: Type.String(),
      weight: Type.Number(),
      probability: Type.Number(),
      contributions: Type.Array(Contribution),
      person: Nullable(
        Type.Object({
          pid: Type.String(),
          fullName: Type.String(),
          dateOfBirth: Type.String(),
          sex: Type.String(),
          status: Type.String(),
          permanentResidence: Nullable(Type.String()),
        }),
      ),
    }),
  ),
});

export const RowPage = Type.Object({
  items: Type.Array(Row),
  pending: Type.Integer(),
  next: Nullable(Type.Integer()),
});

export const Decision = Type.Object({
  decision: Type.Union([Type.Literal('accept'), Type.Literal('reject'), Type.Literal('pick')]),
  pid: Type.Optional(Type.String({ pattern: '^[0-9]{12}$' })),
});

const OutcomeShares = Type.Object({
  linked: Type.Number(),
  review: Type.Number(),
  unmatched: Type.Number(),
  rejected: Type.Number(),
  duplicates: Type.Number(),
});

/** The outcome of the rows of one locality (or of the whole file) in a quality report. */
export const LocalityQuality = Type.Object({
  code: Nullable(Type.String({ description: 'unit code; null for the whole file or an unknown unit' })),
  name: Type.String(),
  rows: Type.Integer(),
  linked: Type.Integer(),
  review: Type.Integer(),
  unmatched: Type.Integer(),
  rejected: Type.Integer(),
  duplicates: Type.Integer({ description: 'rows in a cluster of two or more rows of one person' }),
  shares: OutcomeShares,
  disagreements: Type.Array(
    Type.Object({ field: Type.String(), rows: Type.Integer(), share: Type.Number() }),
    { description: 'fields that disagree with the register on linked rows, most common first (at most 5)' },
  ),
});

export const CommuneQuality = Type.Object({
  ...LocalityQuality.properties,
  province: Nullable(Type.String()),
});

/** GET /jobs/{id}/report: the quality report of a job (src/cleaning/report.ts builds it). */
export const QualityReport = Type.Object({
  job: Type.Object({
    id: Job.properties.id,
    name: Job.properties.name,
    kind: Job.properties.kind,
    mode: Job.properties.mode,
    status: Job.properties.status,
    rows: Job.properties.rows,
    rejected: Job.properties.rejected,
    createdAt: Job.properties.createdAt,
    finishedAt: Job.properties.finishedAt,
  }),
  generatedAt: Type.String({ format: 'date-time' }),
  total: LocalityQuality,
  provinces: Type.Array(LocalityQuality),
  communes: Type.Array(CommuneQuality),
  rejections: Type.Array(Type.Object({ code: Type.String(), rows: Type.Integer() }), {
    description: 'the most common reasons rows were rejected at import (at most 10)',
  }),
});

export const PreviewQuery = Type.Object({
  format: NewJobQuery.properties.format,
  encoding: NewJobQuery.properties.encoding,
  fileBytes: Type.Optional(
    Type.Integer({
      minimum: 0,
      description:
        'size of the whole file; when it is larger than the body, the body is the start of the file and its last, cut-off line is dropped',
    }),
  ),
});

/** POST /preview: what the start of a dataset file holds, and the mapping a job would use. */
export const DatasetPreview = Type.Object({
  format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx'), Type.Literal('jsonl')]),
  encoding: Type.String(),
  separator: Nullable(Type.String({ description: 'the CSV separator; null for XLSX and JSON Lines' })),
  headers: Type.Array(Type.String()),
  suggestedMapping: Type.Record(Type.String(), Type.String(), {
    description: 'header → role, as a job would guess it (see docs/cleaning.md, Column mapping)',
  }),
  sampleRows: Type.Array(
    Type.Object({ line: Type.Integer(), values: Type.Record(Type.String(), Type.String()) }),
    { description: 'the first 10 data rows that could be read' },
  ),
  problems: Type.Array(RowProblem, { description: 'problems of the lines up to the last sample row' }),
  partial: Type.Boolean({ description: 'only the start of the file was read' }),
  bytesRead: Type.Integer({ description: 'bytes of the body that were read as the dataset' }),
});
