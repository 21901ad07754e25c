import { createReadStream } from 'node:fs';
import type { RawRow, RowProblem } from '../types.js';
import { textChunks } from './encoding.js';
import { type FormatReader, numberText } from './reader.js';

const cellText = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return JSON.stringify(v);
};

/** The most of a rejected line kept with its problem. */
export const RAW_LINE_CHARS = 2000;
/** A line cut to RAW_LINE_CHARS, not inside a surrogate pair. */
function rawCell(t: string): string {
  if (t.length <= RAW_LINE_CHARS) return t;
  const high = t.charCodeAt(RAW_LINE_CHARS - 1);
  return t.slice(0, high >= 0xd800 && high <= 0xdbff ? RAW_LINE_CHARS - 1 : RAW_LINE_CHARS);
}

/**
 * Reads JSON Lines: one object a line, blank lines skipped. A line that is not a JSON
 * object is a `row.json` problem, carrying the line's text (cut to 2,000 characters) as its
 * one cell, and is not passed on. Headers are the keys of the first object; keys that
 * appear later are appended to the same `headers` array as they appear.
 * Values become text: numbers without scientific notation, `null` empty, nested values as
 * JSON.
 */
export async function openJsonl(
  path: string,
  encoding: string,
  problems: RowProblem[],
): Promise<FormatReader> {
  const file = createReadStream(path, { highWaterMark: 1 << 18 });
  const text = textChunks(file, encoding);
  const headers: string[] = [];
  const known = new Set<string>();
  let seen = 0;

  async function* lines(): AsyncGenerator<{ line: number; text: string }> {
    let rest = '';
    let line = 0;
    for await (const chunk of text.chunks) {
      rest += chunk;
      let nl = rest.indexOf('\n');
      let from = 0;
      while (nl >= 0) {
        line++;
        yield { line, text: rest.slice(from, nl) };
        from = nl + 1;
        nl = rest.indexOf('\n', from);
      }
      rest = rest.slice(from);
    }
    if (rest) yield { line: line + 1, text: rest };
  }

  const source = lines();
  const parsed = async function* (): AsyncGenerator<RawRow> {
    for await (const { line, text: t } of source) {
      if (t.trim() === '') continue;
      seen++;
      let obj: unknown;
      try {
        obj = JSON.parse(t);
      } catch (e) {
        problems.push({
          line,
          code: 'row.json',
          reason: `Not valid JSON: ${(e as Error).message}`,
          cells: [rawCell(t)],
        });
        continue;
      }
      if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
        problems.push({
          line,
          code: 'row.json',
          reason: 'The line is JSON but not an object',
          cells: [rawCell(t)],
        });
        continue;
      }
      const values: Record<string, string> = {};
      for (const [k, v] of Object.entries(obj)) {
        if (!known.has(k)) {
          known.add(k);
          headers.push(k);
        }
        values[k] = cellText(v);
        if (text.sawReplacement() && values[k].includes('\uFFFD'))
          problems.push({
            line,
            code: 'row.encoding',
            field: k,
            reason: `Some characters of "${k}" are not valid ${encoding}`,
          });
      }
      yield { line, values };
    }
  };
  const close = async () => {
    file.destroy();
    await source.return(undefined);
  };
  const inner = parsed();
  // Pull the first object now so that the headers are known when the dataset opens.
  const first = await inner.next();
  async function* rows(): AsyncGenerator<RawRow> {
    try {
      if (first.done) return;
      yield first.value;
      yield* inner;
    } finally {
      await close();
    }
  }
  return { headers, headerFound: seen > 0, rows: rows(), records: () => seen, close };
}
