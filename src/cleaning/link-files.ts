/**
 * Linking two files of people to each other, without the register: for each row of the
 * left file, the row of the right file for the same person (or none, or a doubt). Any two
 * tables of people work, given the roles of their columns (guessed from the headers or
 * set by hand). In memory: meant for files of up to a few million rows on one machine.
 */
import { writeFile } from 'node:fs/promises';
import type { Database } from '../db/index.js';
import { csvField, openDataset, suggestMapping } from './io/index.js';
import { defaultModel, type LinkModel, linkFiles, trainModel } from './model/index.js';
import { createNormaliser } from './normalise/index.js';
import type { ColumnMapping, PersonRecord, RowProblem } from './types.js';

export interface LinkFilesInput {
  left: string;
  right: string;
  mappingLeft?: ColumnMapping;
  mappingRight?: ColumnMapping;
  model?: LinkModel;
  /** Estimate m and u on these files first (default true). */
  train?: boolean;
}

export interface LinkFilesSummary {
  left: { rows: number; rejected: number; problems: RowProblem[] };
  right: { rows: number; rejected: number; problems: RowProblem[] };
  linked: number;
  review: number;
  unmatched: number;
  model: LinkModel;
}

async function readRecords(database: Database, path: string, mapping: ColumnMapping | undefined) {
  const ds = await openDataset(path);
  const map = { ...suggestMapping(ds.headers), ...(mapping ?? {}) };
  const normaliser = await createNormaliser(database);
  const records: PersonRecord[] = [];
  const problems: RowProblem[] = [];
  let rows = 0;
  for await (const batch of ds.rows) {
    for (const row of batch) {
      rows++;
      const { record, problems: p } = normaliser.normaliseRow(row, map);
      if (record) {
        record.id = String(row.line);
        records.push(record);
      } else problems.push(...p);
    }
  }
  problems.push(...ds.problems);
  return { records, problems, rows: rows + ds.problems.filter((p) => p.code.startsWith('row.')).length };
}

/**
 * Links `left` to `right` and writes one CSV line per usable left row to `out`:
 * `left_line, right_line` (empty unless linked), `status` (linked / review / unmatched),
 * `probability` and `best_candidate` (the right line a reviewer would look at first).
 */
export async function linkTwoFiles(
  database: Database,
  input: LinkFilesInput,
  out: string,
): Promise<LinkFilesSummary> {
  const left = await readRecords(database, input.left, input.mappingLeft);
  const right = await readRecords(database, input.right, input.mappingRight);
  const model =
    input.model ??
    (input.train === false || left.records.length === 0 || right.records.length === 0
      ? defaultModel()
      : trainModel({ records: left.records.slice(0, 20_000), reference: right.records, seed: 1 }));
  const links = linkFiles(model, left.records, right.records);
  const counts = { linked: 0, review: 0, unmatched: 0 };
  const lines = ['\uFEFFleft_line,right_line,status,probability,best_candidate'];
  for (const l of links) {
    counts[l.status]++;
    const prob = l.probability === null ? '' : String(Math.round(l.probability * 1e6) / 1e6);
    lines.push(
      [l.id, l.match ?? '', l.status, prob, l.candidates[0]?.id ?? ''].map((v) => csvField(v)).join(','),
    );
  }
  await writeFile(out, `${lines.join('\r\n')}\r\n`);
  return {
    left: { rows: left.rows, rejected: left.rows - left.records.length, problems: left.problems },
    right: { rows: right.rows, rejected: right.rows - right.records.length, problems: right.problems },
    ...counts,
    model,
  };
}
