import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/db.js';
import type { Database } from '../db/index.js';
import { Rng } from '../synth/index.js';
import { linkTwoFiles } from './index.js';

let database: Database;
let dir: string;

beforeAll(async () => {
  database = await freshDatabase();
  dir = await mkdtemp(path.join(tmpdir(), 'dancu-link-'));
});
afterAll(async () => {
  await database?.close();
});

const FIRST = [
  'Anna',
  'Ben',
  'Clara',
  'David',
  'Emma',
  'Felix',
  'Grace',
  'Henry',
  'Iris',
  'Jonas',
  'Karin',
  'Lukas',
];
const LAST = [
  'Meyer',
  'Novak',
  'Olsen',
  'Petrov',
  'Quinn',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Ueda',
  'Varga',
  'Weber',
];

describe('linking two files without the register', () => {
  it('links a non-Vietnamese table of people to another, with typos and a different layout', async () => {
    const rng = new Rng(3, 0);
    const people = Array.from({ length: 120 }, (_, i) => ({
      first: FIRST[rng.int(FIRST.length)] as string,
      last: LAST[rng.int(LAST.length)] as string,
      dob: `19${50 + rng.int(50)}-0${1 + rng.int(9)}-${10 + rng.int(18)}`,
      phone: `09${String(10_000_000 + i * 7919).slice(0, 8)}`,
    }));
    const left = [
      'id,first_name,last_name,birth_date,phone',
      ...people.map((p, i) => `${i + 1},${p.first},${p.last},${p.dob},${p.phone}`),
    ];
    // the right file: other column names and order, day/month/year dates, some typos, shuffled, 20 strangers
    const order = people.map((_, i) => i).sort(() => rng.next() - 0.5);
    const right = ['Surname;Given name;Date of birth;Mobile'];
    const rightLineOf = new Map<number, number>();
    for (const i of order) {
      const p = people[i] as (typeof people)[number];
      const first =
        i % 10 === 0 ? `${p.first.slice(0, -1)}${p.first.slice(-1) === 'a' ? 'e' : 'a'}` : p.first;
      right.push(
        `${p.last};${first};${p.dob.slice(8, 10)}/${p.dob.slice(5, 7)}/${p.dob.slice(0, 4)};${p.phone}`,
      );
      rightLineOf.set(i + 2, right.length);
    }
    for (let k = 0; k < 20; k++) right.push(`Zed${k};Nobody;01/01/1901;0900000000`);
    await writeFile(path.join(dir, 'a.csv'), `${left.join('\n')}\n`);
    await writeFile(path.join(dir, 'b.csv'), `${right.join('\n')}\n`);
    const out = path.join(dir, 'links.csv');
    const r = await linkTwoFiles(
      database,
      {
        left: path.join(dir, 'a.csv'),
        right: path.join(dir, 'b.csv'),
        mappingLeft: {
          id: 'recordId',
          first_name: 'givenName',
          last_name: 'familyName',
          birth_date: 'dateOfBirth',
          phone: 'phone',
        },
        mappingRight: {
          Surname: 'familyName',
          'Given name': 'givenName',
          'Date of birth': 'dateOfBirth',
          Mobile: 'phone',
        },
      },
      out,
    );
    expect(r.left.rows).toBe(120);
    expect(r.right.rows).toBe(140);
    const rows = (await readFile(out, 'utf8'))
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.split(','));
    let right_ = 0;
    let wrong = 0;
    for (const [leftLine, rightLine, status] of rows) {
      if (status !== 'linked') continue;
      if (Number(rightLine) === rightLineOf.get(Number(leftLine))) right_++;
      else wrong++;
    }
    expect(wrong).toBe(0);
    expect(right_).toBeGreaterThanOrEqual(110);
  });
});
