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
 * Every person of the register in personal-ID order, in pages of `pageSize`, by keyset
 * pagination (flat memory, one index range scan a page). No access check and no audit:
 * the caller (a cleaning job run by an operator, or the dataset generator) is responsible
 * for both.
 *
 * @example
 *   for await (const page of streamLinkagePersons(database)) index.addAll(page);
 */
export async function* streamLinkagePersons(
  database: Database,
  opts: { pageSize?: number; after?: string } = {},
): AsyncGenerator<LinkagePerson[]> {
  const pageSize = Math.max(1, opts.pageSize ?? 10_000);
  let after = opts.after ?? '';
  for (;;) {
    const rows = await database.db
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
      ])
      .where('p.pid', '>', after)
      .orderBy('p.pid')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) return;
    // Old ID numbers of the page in a second query (a correlated subquery per row costs
    // far more once the planner stops using the index).
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
    yield rows.map((r) => ({
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
    }));
    after = rows[rows.length - 1]?.pid ?? after;
    if (rows.length < pageSize) return;
  }
}
