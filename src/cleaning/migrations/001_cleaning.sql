-- Cleaning jobs: an uploaded agency dataset matched against the register (or deduplicated
-- on its own). A job advances through phases; each phase's work is committed in chunks so
-- that a killed process resumes where it stopped without writing anything twice.
CREATE TABLE cleaning_jobs (
  id text PRIMARY KEY,
  name text NOT NULL,
  kind text NOT NULL,
  mode text NOT NULL CHECK (mode IN ('registry', 'dedupe')),
  scope text NOT NULL,
  source_path text NOT NULL,
  source_bytes bigint NOT NULL,
  format text,
  encoding text,
  headers text[],
  mapping jsonb NOT NULL DEFAULT '{}',
  model jsonb,
  options jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL CHECK (status IN ('queued', 'importing', 'linking', 'resolving', 'done', 'failed', 'cancelled')),
  imported_line integer NOT NULL DEFAULT 0,
  rows_total integer NOT NULL DEFAULT 0,
  rows_rejected integer NOT NULL DEFAULT 0,
  chunks_total integer NOT NULL DEFAULT 0,
  chunks_done integer NOT NULL DEFAULT 0,
  counts jsonb NOT NULL DEFAULT '{}',
  timings jsonb NOT NULL DEFAULT '{}',
  error text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  lease_owner text,
  lease_until timestamptz
);
CREATE INDEX cleaning_jobs_runnable ON cleaning_jobs (created_at)
  WHERE status IN ('queued', 'importing', 'linking', 'resolving');

-- One data row of a job's file: its cells in header order and its normalised record
-- (null when the row was rejected; `problems` says why).
CREATE TABLE cleaning_rows (
  job_id text NOT NULL,
  line integer NOT NULL,
  chunk integer NOT NULL,
  cells text[] NOT NULL,
  record jsonb,
  row_hash text,
  problems jsonb,
  PRIMARY KEY (job_id, line)
);
CREATE INDEX cleaning_rows_chunk ON cleaning_rows (job_id, chunk);

-- Matching work, one row per chunk of rows; `done` chunks have their results written.
CREATE TABLE cleaning_chunks (
  job_id text NOT NULL,
  chunk integer NOT NULL,
  rows integer NOT NULL,
  done boolean NOT NULL DEFAULT false,
  comparisons bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (job_id, chunk)
);

-- The outcome of each row: the chosen personal ID number, probability, best candidates
-- with per-field weights, disagreeing fields, and the duplicate cluster.
CREATE TABLE cleaning_results (
  job_id text NOT NULL,
  line integer NOT NULL,
  chunk integer NOT NULL,
  status text NOT NULL CHECK (status IN ('linked', 'review', 'unmatched', 'rejected')),
  pid text,
  probability real,
  candidates jsonb NOT NULL DEFAULT '[]',
  disagreements text[] NOT NULL DEFAULT '{}',
  decided_by text,
  cluster text,
  province text,
  commune text,
  PRIMARY KEY (job_id, line)
);
CREATE INDEX cleaning_results_review ON cleaning_results (job_id, line) WHERE status = 'review';
CREATE INDEX cleaning_results_chunk ON cleaning_results (job_id, chunk);

-- A reviewer's decision on a row, kept by the row's content so that it applies again when
-- the same dataset (same scope) is cleaned another time.
CREATE TABLE cleaning_decisions (
  scope text NOT NULL,
  row_hash text NOT NULL,
  decision text NOT NULL CHECK (decision IN ('accept', 'reject', 'pick')),
  pid text,
  decided_by text NOT NULL,
  decided_at timestamptz NOT NULL DEFAULT now(),
  job_id text NOT NULL,
  line integer NOT NULL,
  PRIMARY KEY (scope, row_hash)
);
