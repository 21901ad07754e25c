// Added for the cleaning module and the synthetic datasets: the whole register, streamed.
import { sql } from 'kysely';
import type { Database } from '../db/index.js';

/** The identity fields of one registered person, as record linkage compares them. */
export interface LinkagePerson {
  pid: string;
  familyName: string;
  middleName: string;
  givenName: string;
  sex: 'male' | 'female';
  /** YYYY-MM-DD */
  dateOfBirth: string;
  status: 'alive' | 'deceased';
  /** Old 9-digit ID card numbers (CMND) linked to the person. */
  oldIds: string[];
  /** Commune code of the current permanent residence, in the era it was registered in. */
  permUnit: string | null;
  permProvince: string | null;
}

/**
 * Every person of the register, in pages of about `pageSize` (flat memory). By default in
 * personal-ID order, by keyset pagination: the same register gives the same sequence
 * (the dataset generator relies on it). With `order: 'physical'` the table is read in
 * ranges of its storage blocks (TID range scans), several times faster on a large
 * register whose rows are not stored in ID order; rows written during the scan may be
 * missed. No access check and no audit: the caller (a cleaning job run by an operator, or
 * the dataset generator) is responsible for both.
 *
 * @example
 *   for await (const page of streamLinkagePersons(database, { order: 'physical' })) index.addAll(page);
 */
export async function* streamLinkagePersons(
  database: Database,
  opts: { pageSize?: number; after?: string; order?: 'pid' | 'physical' } = {},
): AsyncGenerator<LinkagePerson[]> {
  const pageSize = Math.max(1, opts.pageSize ?? 10_000);
  if (opts.order === 'physical') {
    yield* physicalPages(database, pageSize);
    return;
  }
  let after = opts.after ?? '';
  for (;;) {
    const rows = await baseQuery(database)
      .where('p.pid', '>', after)
      .orderBy('p.pid')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) return;
    yield await withOldIds(database, rows);
    after = rows[rows.length - 1]?.pid ?? after;
    if (rows.length < pageSize) return;
  }
}

const baseQuery = (database: Database) =>
  database.db
    .selectFrom('persons as p')
    .select([
      'p.pid',
      'p.family_name',
      'p.middle_name',
      'p.given_name',
      'p.sex',
      'p.date_of_birth',
      'p.status',
      'p.perm_unit',
      'p.perm_province',
    ]);

type BaseRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

async function* physicalPages(database: Database, pageSize: number): AsyncGenerator<LinkagePerson[]> {
  const size = await sql<{ blocks: string; rows: string }>`
    SELECT pg_relation_size('persons') / current_setting('block_size')::int AS blocks,
           (SELECT count(*) FROM persons) AS rows`.execute(database.db);
  const blocks = Number(size.rows[0]?.blocks ?? 0);
  const total = Number(size.rows[0]?.rows ?? 0);
  if (blocks === 0 || total === 0) return;
  const step = Math.max(1, Math.ceil((pageSize * blocks) / total));
  // Old ID numbers of everyone, read once (one scan beats a lookup per page by far).
  const oldIds = new Map<string, string[]>();
  const links = await database.db
    .selectFrom('person_old_ids')
    .select(['pid', 'old_id'])
    .orderBy('old_id')
    .execute();
  for (const l of links) {
    const list = oldIds.get(l.pid);
    if (list) list.push(l.old_id);
    else oldIds.set(l.pid, [l.old_id]);
  }
  for (let b = 0; b < blocks; b += step) {
    const from = `(${b},0)`;
    const to = `(${b + step},0)`;
    const rows = await baseQuery(database)
      .where(sql<boolean>`p.ctid >= ${from}::tid AND p.ctid < ${to}::tid`)
      .execute();
    if (rows.length > 0) yield rows.map((r) => toLinkagePerson(r, oldIds));
  }
}

/** Adds each person's old ID numbers, fetched for the whole page in one query. */
async function withOldIds(database: Database, rows: BaseRow[]): Promise<LinkagePerson[]> {
  const oldIds = new Map<string, string[]>();
  const links = await database.db
    .selectFrom('person_old_ids')
    .select(['pid', 'old_id'])
    .where('pid', '=', sql<string>`ANY(${rows.map((r) => r.pid)}::text[])`)
    .orderBy('old_id')
    .execute();
  for (const l of links) {
    const list = oldIds.get(l.pid);
    if (list) list.push(l.old_id);
    else oldIds.set(l.pid, [l.old_id]);
  }
  return rows.map((r) => toLinkagePerson(r, oldIds));
}

function toLinkagePerson(r: BaseRow, oldIds: Map<string, string[]>): LinkagePerson {
  return {
    pid: r.pid,
    familyName: r.family_name,
    middleName: r.middle_name,
    givenName: r.given_name,
    sex: r.sex as LinkagePerson['sex'],
    dateOfBirth: r.date_of_birth,
    status: r.status as LinkagePerson['status'],
    oldIds: oldIds.get(r.pid) ?? [],
    permUnit: r.perm_unit,
    permProvince: r.perm_province,
  };
}
