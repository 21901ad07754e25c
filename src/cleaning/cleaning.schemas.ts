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

const Contribution = Type.Object({ field: Type.String(), level: Type.String(), weight: Type.Number() });

export const Row = Type.Object({
  line: Type.Integer(),
  status: Type.String(),
  row: Type.Record(Type.String(), Type.String()),
  record: Type.Unknown(),
  problems: Type.Array(
    Type.Object({
      line: Type.Integer(),
      code: Type.String(),
      reason: Type.String(),
      field: Type.Optional(Type.String()),
    }),
  ),
  pid: Nullable(Type.String()),
  probability: Nullable(Type.Number()),
  disagreements: Type.Array(Type.String()),
  decidedBy: Nullable(Type.String()),
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
