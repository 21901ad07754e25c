/**
 * Synthetic agency datasets with ground truth: rows about persons drawn from the seeded
 * register (and some made-up persons), typed with the errors agencies make, written as
 * CSV, JSON Lines or XLSX beside a truth file that says who each row really is.
 */

import type { Database } from '../db/index.js';
import { badRequest } from '../shared/errors.js';
import { STREETS } from './data/streets.js';
import { AddressBook, houseLine } from './dataset-address.js';
import { type Cell, drawPhone, typeIdentity, type Who } from './dataset-identity.js';
import { type DatasetKind, KINDS, meanRows } from './dataset-kinds.js';
import { type DatasetFormat, openSink, TextOut, XLSX_MAX_ROWS } from './dataset-write.js';
import { staticGeo } from './geo.js';
import { drawFamilyName, drawPersonalNames } from './names.js';
import { NOISE, type NoiseLevel } from './noise.js';
import { PidAllocator } from './pids.js';
import { Rng } from './prng.js';
import { countPersons, type LinkagePerson, streamLinkagePersons } from './registry-port.js';

export type { DatasetKind } from './dataset-kinds.js';
export type { DatasetFormat } from './dataset-write.js';

/** Options of `generateDataset`. */
export interface DatasetOptions {
  kind: DatasetKind;
  rows: number;
  noise: NoiseLevel;
  seed: number;
  /** path of the dataset file */
  out: string;
  /** path of the truth file (`line,pid,person`); none when absent */
  truthOut?: string;
  /** default csv */
  format?: DatasetFormat;
  onProgress?: (rows: number, total: number) => void;
}

/** What `generateDataset` wrote. */
export interface DatasetSummary {
  kind: DatasetKind;
  noise: NoiseLevel;
  seed: number;
  format: DatasetFormat;
  rows: number;
  /** persons the rows are about */
  persons: number;
  registeredPersons: number;
  madeUpPersons: number;
  /** rows about made-up persons (empty pid in the truth file) */
  madeUpRows: number;
  registerSize: number;
  out: string;
  truthOut?: string;
  seconds: number;
}

/** Stream of the register that made-up persons take their ID numbers from (see docs/cleaning.md). */
const MADE_UP_STREAM = 9;
/** Rows held back and written in random order, so that a person's rows are near each other, not adjacent. */
const SHUFFLE_WINDOW = 20_000;

/** Asks for the next item as soon as one is handed out, so that the database works while the caller does. */
async function* prefetched<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  let next = it.next();
  try {
    for (;;) {
      const r = await next;
      if (r.done) return;
      next = it.next();
      yield r.value;
    }
  } finally {
    await next.catch(() => undefined);
    await it.return?.(undefined);
  }
}

interface Pending {
  cells: Cell[];
  pid: string | null;
  person: string;
}

/**
 * Writes a synthetic agency dataset of exactly `rows` rows and, with `truthOut`, its truth
 * file. Persons are drawn from the register as it streams by (selection sampling, so
 * memory stays flat), each with one or more rows (vaccine doses, insurance cards, bank
 * accounts); made-up persons are mixed in. Each row is typed with the errors of the noise
 * level (NOISE in noise.ts; docs/cleaning.md). Rows are written in an order shuffled within a
 * window of 20 000. The same register, options and seed give the same files.
 *
 * @example
 *   await generateDataset(database, { kind: 'vaccination', rows: 100_000, noise: 'realistic', seed: 7, out: 'tiem.csv', truthOut: 'tiem.truth.csv' });
 */
export async function generateDataset(database: Database, opts: DatasetOptions): Promise<DatasetSummary> {
  const started = performance.now();
  const kind = KINDS[opts.kind];
  const rates = NOISE[opts.noise];
  const format = opts.format ?? 'csv';
  if (!kind)
    throw badRequest('synth.kind', `Unknown dataset kind "${opts.kind}" (vaccination, insurance, bank)`);
  if (!rates)
    throw badRequest('synth.noise', `Unknown noise level "${opts.noise}" (light, realistic, heavy)`);
  if (!['csv', 'jsonl', 'xlsx'].includes(format))
    throw badRequest('synth.format', `Unknown format "${format}" (csv, jsonl, xlsx)`);
  if (!Number.isInteger(opts.rows) || opts.rows < 1)
    throw badRequest('synth.rows', 'rows must be a positive integer');
  if (format === 'xlsx' && opts.rows > XLSX_MAX_ROWS)
    throw badRequest(
      'synth.rows',
      `An XLSX sheet holds at most ${XLSX_MAX_ROWS.toLocaleString('en')} rows; use csv or jsonl`,
    );

  const registerSize = await countPersons(database);
  const mean = meanRows(kind.rowsPerPerson);
  // Each registered person brings `extra` made-up persons on average.
  const extra = rates.madeUp / (1 - rates.madeUp);
  const needed = Math.ceil(opts.rows / (mean * (1 + extra)));
  if (needed > registerSize)
    throw badRequest(
      'synth.register_too_small',
      `The register holds ${registerSize.toLocaleString('en')} persons; ${opts.rows.toLocaleString('en')} ${opts.kind} rows need about ${needed.toLocaleString('en')}. Seed more persons or ask for fewer rows.`,
    );

  const rng = new Rng(opts.seed, 0);
  const shuffleRng = new Rng(opts.seed, 1);
  const counts = kind.rowsPerPerson.map((w, i) => [i + 1, w] as const);
  const drawCount = () => {
    const total = kind.rowsPerPerson.reduce((a, b) => a + b, 0);
    let x = rng.next() * total;
    for (const [n, w] of counts) {
      if (x < w) return n;
      x -= w;
    }
    return 1;
  };
  const geo = staticGeo();
  const addresses = new AddressBook(database);
  const madeUpIds = new PidAllocator(MADE_UP_STREAM);
  const sink = await openSink(format, opts.out, kind.headers);
  const truth = opts.truthOut ? new TextOut(opts.truthOut) : undefined;
  await truth?.add('line,pid,person\n');

  const summary: DatasetSummary = {
    kind: opts.kind,
    noise: opts.noise,
    seed: opts.seed,
    format,
    rows: 0,
    persons: 0,
    registeredPersons: 0,
    madeUpPersons: 0,
    madeUpRows: 0,
    registerSize,
    out: opts.out,
    ...(opts.truthOut ? { truthOut: opts.truthOut } : {}),
    seconds: 0,
  };
  let planned = 0;
  const window: Pending[] = [];
  const emit = async (p: Pending) => {
    const line = sink.firstLine + summary.rows;
    summary.rows++;
    p.cells[0] = String(summary.rows);
    await sink.write(p.cells);
    await truth?.add(`${line},${p.pid ?? ''},${p.person}\n`);
    if (summary.rows % 10_000 === 0) opts.onProgress?.(summary.rows, opts.rows);
  };
  const queue = async (p: Pending) => {
    window.push(p);
    if (window.length >= SHUFFLE_WINDOW) {
      const i = shuffleRng.int(window.length);
      const picked = window[i] as Pending;
      window[i] = window[window.length - 1] as Pending;
      window.pop();
      await emit(picked);
    }
  };
  const addPerson = async (who: Who, pid: string | null) => {
    const count = Math.min(drawCount(), opts.rows - planned);
    if (count <= 0) return;
    summary.persons++;
    const person = `p${summary.persons}`;
    if (pid) summary.registeredPersons++;
    else {
      summary.madeUpPersons++;
      summary.madeUpRows += count;
    }
    planned += count;
    let first: ReturnType<typeof typeIdentity> | undefined;
    const identity = () => {
      if (!first || rng.chance(rates.retyped)) {
        const typed = typeIdentity(rng, who, rates, kind.style, format === 'xlsx');
        first ??= typed;
        return typed;
      }
      return first;
    };
    for (const cells of kind.rows(rng, who, count, identity)) await queue({ cells, pid, person });
  };

  let last: Who | undefined;
  const madeUp = async () => {
    if (last && rng.chance(rates.lookalike)) {
      // A sibling or namesake: same family name, birth date, sex and home; another given name.
      const { givenName } = drawPersonalNames(rng, last.sex, Number(last.dob.slice(0, 4)), 'Kinh');
      if (givenName !== last.given) {
        const pid = madeUpIds.next(last.pid.slice(1, 3), last.sex, Number(last.dob.slice(0, 4)));
        await addPerson({ ...last, given: givenName, pid, oldIds: [], phone: drawPhone(rng) }, null);
        return;
      }
    }
    const province = geo.province(rng);
    const sex = rng.chance(0.5) ? 'male' : 'female';
    const year = rng.between(1945, 2015);
    const dob = `${year}-${String(rng.between(1, 12)).padStart(2, '0')}-${String(rng.between(1, 28)).padStart(2, '0')}`;
    const names = drawPersonalNames(rng, sex, year, 'Kinh');
    const who: Who = {
      family: drawFamilyName(rng, province.region, 'Kinh'),
      middle: names.middleName,
      given: names.givenName,
      sex,
      dob,
      pid: madeUpIds.next(province.code, sex, year),
      oldIds: year < 1998 && rng.chance(0.5) ? [madeUpIds.nextOldId()] : [],
      phone: drawPhone(rng),
      unit: last?.unit ?? (await addresses.names(province.code)),
      house: houseLine(rng, STREETS),
    };
    await addPerson(who, null);
  };

  let seen = 0;
  outer: for await (const page of prefetched(streamLinkagePersons(database, { pageSize: 5000 }))) {
    for (const p of page as LinkagePerson[]) {
      seen++;
      const left = opts.rows - planned;
      if (left <= 0) break outer;
      const want = left / (mean * (1 + extra));
      if (!rng.chance(want / (registerSize - seen + 1))) continue;
      const who: Who = {
        family: p.familyName,
        middle: p.middleName,
        given: p.givenName,
        sex: p.sex,
        dob: p.dateOfBirth,
        pid: p.pid,
        oldIds: p.oldIds,
        phone: drawPhone(rng),
        unit: await addresses.names(p.permUnit ?? p.permProvince),
        house: houseLine(rng, STREETS),
      };
      await addPerson(who, p.pid);
      last = who;
      if (rng.chance(extra)) await madeUp();
    }
  }
  while (planned < opts.rows) await madeUp();
  while (window.length > 0) {
    const i = shuffleRng.int(window.length);
    const picked = window[i] as Pending;
    window[i] = window[window.length - 1] as Pending;
    window.pop();
    await emit(picked);
  }
  await sink.close();
  await truth?.close();
  opts.onProgress?.(summary.rows, opts.rows);
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}
