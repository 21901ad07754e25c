import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { Compile } from 'typebox/compile';
import { DomainError } from '../shared/errors.js';
import type { ExchangeCaller } from './auth-server.js';
import * as schemas from './exchange.schemas.js';
import { authorize, type VerifyRequest, verifyMany } from './exchange.service.js';
import type { ExchangeRuntime } from './runtime.js';

/** Most lines in one bulk request. */
export const MAX_BULK_LINES = 1_000_000;
/** Largest bulk body (Content-Length), bytes. */
export const MAX_BULK_BYTES = 512 * 1024 * 1024;
/** Requests per registry query and per audit batch. */
export const BULK_CHUNK = 1000;
/** Chunks verified at once in one bulk request. */
const CHUNKS_IN_FLIGHT = 3;
const MAX_LINE_CHARS = 4096;

const checkLine = Compile(schemas.VerifyRequest);

type Slot = { line: number; req: VerifyRequest } | { line: number; error: string; message: string };

/**
 * Bulk verify: reads NDJSON lines as they arrive (never the whole body), verifies them
 * 1,000 at a time (one registry query, and one audit entry naming every person verified
 * in the chunk, see verifyMany) and streams the answers back as NDJSON in input order: `{"line":n,"match":…,"claims":…}` or
 * `{"line":n,"error":code,"message":…}`. Empty lines are skipped (but counted).
 */
export async function bulkVerify(
  rt: ExchangeRuntime,
  caller: ExchangeCaller,
  purposeCode: string | undefined,
  body: NodeJS.ReadableStream,
): Promise<Readable> {
  const purpose = await authorize(rt, caller, purposeCode, 'bulk_verify', []);
  const lines = splitLines(body);

  async function answer(slots: Slot[]): Promise<string> {
    const ok = slots.filter((s): s is Extract<Slot, { req: VerifyRequest }> => 'req' in s);
    const answers = await verifyMany(
      rt,
      caller,
      purpose,
      ok.map((s) => s.req),
      'bulk_verify',
    );
    const byLine = new Map(ok.map((s, i) => [s.line, answers[i]]));
    let out = '';
    for (const s of slots) {
      const a = byLine.get(s.line);
      if ('error' in s) out += JSON.stringify({ line: s.line, error: s.error, message: s.message });
      else if (a instanceof DomainError)
        out += JSON.stringify({ line: s.line, error: a.code, message: a.message });
      else out += JSON.stringify({ line: s.line, ...a });
      out += '\n';
    }
    return out;
  }

  // Up to CHUNKS_IN_FLIGHT chunks are verified at once (the next one's registry read
  // overlaps this one's audit write and the sending of its answers); answers still
  // leave in input order, each chunk only once its audit entry is durable.
  async function* run() {
    const inFlight: Promise<string>[] = [];
    const start = (slots: Slot[]) => {
      const done = answer(slots);
      // Awaited in order below; this only keeps a failure from counting as unhandled
      // while an earlier chunk is still being awaited.
      done.catch(() => {});
      inFlight.push(done);
    };
    let slots: Slot[] = [];
    let n = 0;
    for await (const text of lines) {
      n++;
      if (n > MAX_BULK_LINES) {
        slots.push({
          line: n,
          error: 'exchange.bulk_too_large',
          message: `at most ${MAX_BULK_LINES} lines; the rest was not read`,
        });
        break;
      }
      if (text.trim() === '') continue;
      slots.push(parseLine(n, text));
      if (slots.length >= BULK_CHUNK) {
        start(slots);
        slots = [];
        if (inFlight.length >= CHUNKS_IN_FLIGHT) yield await (inFlight.shift() as Promise<string>);
      }
    }
    if (slots.length) start(slots);
    while (inFlight.length) yield await (inFlight.shift() as Promise<string>);
  }
  return Readable.from(run(), { objectMode: false });
}

/**
 * The body's lines (LF or CRLF), as they arrive. Not node:readline: its async iterator lost
 * the last few hundred lines of a 100,000-line request body here (the input ended while
 * the loop was still verifying), and a bulk answer must have one line per line sent.
 */
async function* splitLines(body: NodeJS.ReadableStream): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  const cr = (l: string) => (l.endsWith('\r') ? l.slice(0, -1) : l);
  let rest = '';
  // A line longer than MAX_LINE_CHARS is cut there (parseLine reports it); the remainder,
  // up to its newline, is dropped rather than held in memory.
  let long = false;
  const take = (piece: string) => {
    if (long) return;
    rest += piece;
    if (rest.length > MAX_LINE_CHARS) {
      rest = rest.slice(0, MAX_LINE_CHARS + 1);
      long = true;
    }
  };
  for await (const chunk of body as AsyncIterable<Buffer | string>) {
    const parts = (typeof chunk === 'string' ? chunk : decoder.write(chunk)).split('\n');
    for (let i = 0; i < parts.length - 1; i++) {
      take(parts[i] as string);
      yield cr(rest);
      rest = '';
      long = false;
    }
    take(parts[parts.length - 1] as string);
  }
  take(decoder.end());
  if (rest !== '') yield cr(rest);
}

function parseLine(line: number, text: string): Slot {
  if (text.length > MAX_LINE_CHARS)
    return { line, error: 'exchange.bad_line', message: `longer than ${MAX_LINE_CHARS} characters` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { line, error: 'exchange.bad_line', message: 'not valid JSON' };
  }
  if (!checkLine.Check(value)) {
    const first = [...checkLine.Errors(value)][0];
    return {
      line,
      error: 'exchange.bad_line',
      message: `${first?.instancePath || '/'} ${first?.message ?? 'invalid'}`,
    };
  }
  const req = value as VerifyRequest;
  if (!req.pid && !req.oldId) return { line, error: 'exchange.bad_line', message: 'give pid or oldId' };
  return { line, req };
}
