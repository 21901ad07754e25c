import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { badRequest } from '../shared/errors.js';
import type { ResultRow, TruthRow } from './evaluate.js';
import { CLEANED_COLUMNS } from './io/cleaned-writer.js';
import { openDataset } from './io/dataset.js';

const STATUSES = new Set(['linked', 'review', 'unmatched', 'rejected']);

/**
 * The rows of a truth file (`line,pid,person`, as `dancu synth dataset --truth` writes it),
 * from a path or a byte stream. An empty pid means the person is not registered. Throws
 * `evaluate.truth` on a malformed row.
 *
 * @example for await (const t of readTruth('truth.csv')) console.log(t.line, t.pid, t.person);
 */
export async function* readTruth(source: string | AsyncIterable<Buffer | string>): AsyncGenerator<TruthRow> {
  const input = typeof source === 'string' ? createReadStream(source) : Readable.from(source);
  const parser = parse({ bom: true, columns: true, skip_empty_lines: true, trim: true, info: true });
  input.on('error', (e: Error) => parser.destroy(e));
  input.pipe(parser);
  let first = true;
  for await (const { record, info } of parser as AsyncIterable<{
    record: Record<string, string>;
    info: { lines: number };
  }>) {
    if (first) {
      for (const c of ['line', 'pid', 'person'])
        if (!(c in record))
          throw badRequest(
            'evaluate.truth',
            `The truth file has no "${c}" column (expected line,pid,person)`,
          );
      first = false;
    }
    const line = Number(record.line);
    const pid = record.pid ?? '';
    if (!Number.isInteger(line) || line < 1 || (pid !== '' && !/^\d{12}$/.test(pid)) || !record.person)
      throw badRequest('evaluate.truth', `Line ${info.lines} of the truth file is not line,pid,person`);
    yield { line, pid: pid || null, person: record.person };
  }
}

const unNeutralise = (v: string) => (/^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v);

/**
 * The outcome of each row of a cleaned file written by `CleanedCsvWriter` (its last six
 * columns), streamed. Throws `evaluate.cleaned` when the file does not end with them.
 */
export async function* readCleaned(path: string): AsyncGenerator<ResultRow & { probability: number | null }> {
  const ds = await openDataset(path, { format: 'csv' });
  const added = ds.headers.slice(-CLEANED_COLUMNS.length);
  const ok =
    added.length === CLEANED_COLUMNS.length &&
    added.every((h, i) => h.replace(/^(dancu_)+/, '') === CLEANED_COLUMNS[i]);
  if (!ok) {
    await ds.close();
    throw badRequest(
      'evaluate.cleaned',
      `The file does not end with the cleaned columns ${CLEANED_COLUMNS.join(', ')}`,
    );
  }
  const [pidCol, probCol, statusCol, , clusterCol, lineCol] = added as string[];
  for await (const batch of ds.rows) {
    for (const row of batch) {
      const v = (h: string | undefined) => unNeutralise(row.values[h as string] ?? '');
      const status = v(statusCol);
      const line = Number(v(lineCol));
      if (!STATUSES.has(status) || !Number.isInteger(line))
        throw badRequest(
          'evaluate.cleaned',
          `Line ${row.line} of the cleaned file has no valid status or source line`,
        );
      const prob = v(probCol);
      yield {
        line,
        pid: v(pidCol) || null,
        status: status as ResultRow['status'],
        cluster: v(clusterCol) || null,
        probability: prob === '' ? null : Number(prob),
      };
    }
  }
}
