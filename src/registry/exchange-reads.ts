// Added for the exchange module (verify / lookup / bulk verify): read-only, batched.
import { type Database, PREPARED, sql } from '../db/index.js';
import { type CardStatusNow, cardStatusOn } from './card-rule.js';
import { todayVN } from './dates.js';
import type { CardState, PersonState } from './fold.js';
import { toPerson } from './projection.js';
import type { Person } from './registry.schemas.js';

type Ids = { pids?: readonly string[]; oldIds?: readonly string[] };

/**
 * What a verification compares: the claimable fields and the cards' statuses as of today,
 * read from the search columns and three keys of the state, not the whole state document
 * (a bulk verify of a million lines spent a quarter of its time parsing and projecting
 * whole persons).
 */
export interface VerifiablePerson {
  pid: string;
  fullName: string;
  dateOfBirth: string;
  sex: 'male' | 'female';
  ethnicity: string;
  nationality: string;
  status: 'alive' | 'deceased';
  dateOfDeath?: string;
  cards: { status: CardStatusNow }[];
}

/**
 * The pids to read: those given, and for each old ID number linked to exactly one person,
 * that person's (`pidByOldId`).
 */
async function resolveIds(
  database: Database,
  ids: Ids,
): Promise<{ pids: string[]; pidByOldId: Map<string, string> }> {
  const pidByOldId = new Map<string, string>();
  const wanted = [...new Set(ids.oldIds ?? [])];
  if (wanted.length > 0) {
    const links = await database.db
      .selectFrom('person_old_ids')
      .select(['old_id', 'pid'])
      .where('old_id', 'in', wanted)
      .execute();
    const count = new Map<string, number>();
    for (const l of links) count.set(l.old_id, (count.get(l.old_id) ?? 0) + 1);
    for (const l of links) if (count.get(l.old_id) === 1) pidByOldId.set(l.old_id, l.pid);
  }
  return { pids: [...new Set([...(ids.pids ?? []), ...pidByOldId.values()])], pidByOldId };
}

/**
 * The persons with these personal ID numbers (and, for 9-digit old ID numbers, the
 * person each one is linked to when exactly one is), in one query each — for agency
 * verification. No access check: the exchange module checks the agency's purpose and
 * audits the read. Unknown numbers are simply absent from the maps.
 */
export async function getVerifiablePersons(
  database: Database,
  ids: Ids,
): Promise<{ byPid: Map<string, VerifiablePerson>; pidByOldId: Map<string, string> }> {
  const { pids, pidByOldId } = await resolveIds(database, ids);
  const byPid = new Map<string, VerifiablePerson>();
  if (pids.length === 0) return { byPid, pidByOldId };
  // One text whatever the number of ids, so that it is prepared once per connection.
  const { rows } = await sql<{
    pid: string;
    full_name: string;
    date_of_birth: string;
    sex: 'male' | 'female';
    status: 'alive' | 'deceased';
    ethnicity: string;
    nationality: string;
    date_of_death: string | null;
    cards: CardState[];
  }>`${sql.raw(PREPARED)}
    SELECT pid, full_name, date_of_birth, sex, status, state ->> 'ethnicity' AS ethnicity,
           state ->> 'nationality' AS nationality, state ->> 'dateOfDeath' AS date_of_death,
           state -> 'cards' AS cards
    FROM persons WHERE pid = ANY(${pids}::text[])`.execute(database.db);
  const today = todayVN();
  for (const r of rows) {
    const deceased = r.status === 'deceased';
    const p: VerifiablePerson = {
      pid: r.pid,
      fullName: r.full_name,
      dateOfBirth: r.date_of_birth,
      sex: r.sex,
      ethnicity: r.ethnicity,
      nationality: r.nationality,
      status: r.status,
      cards: r.cards.map((c) => ({ status: cardStatusOn(c, deceased, today) })),
    };
    if (r.date_of_death !== null) p.dateOfDeath = r.date_of_death;
    byPid.set(r.pid, p);
  }
  return { byPid, pidByOldId };
}

/** As getVerifiablePersons, but whole persons (for a lookup, or a reviewer's screen). */
export async function getPersonsForVerification(
  database: Database,
  ids: Ids,
): Promise<{ byPid: Map<string, Person>; pidByOldId: Map<string, string> }> {
  const { pids, pidByOldId } = await resolveIds(database, ids);
  const byPid = new Map<string, Person>();
  if (pids.length > 0) {
    const { rows } = await sql<{ state: unknown; version: number; updated_at: Date }>`${sql.raw(PREPARED)}
      SELECT state, version, updated_at FROM persons WHERE pid = ANY(${pids}::text[])`.execute(database.db);
    const today = todayVN();
    for (const r of rows) {
      const p = toPerson(r.state as PersonState, r.version, r.updated_at, today);
      byPid.set(p.pid, p);
    }
  }
  return { byPid, pidByOldId };
}
