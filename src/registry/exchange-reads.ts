// Added for the exchange module (verify / lookup / bulk verify): read-only, batched.
import { type Database, PREPARED, sql } from '../db/index.js';
import { todayVN } from './dates.js';
import type { PersonState } from './fold.js';
import { toPerson } from './projection.js';
import type { Person } from './registry.schemas.js';

/**
 * The persons with these personal ID numbers (and, for 9-digit old ID numbers, the
 * person each one is linked to when exactly one is), in one query each — for agency
 * verification. No access check: the exchange module checks the agency's purpose and
 * audits the read. Unknown numbers are simply absent from the maps.
 */
export async function getPersonsForVerification(
  database: Database,
  ids: { pids?: readonly string[]; oldIds?: readonly string[] },
): Promise<{ byPid: Map<string, Person>; pidByOldId: Map<string, string> }> {
  const pidByOldId = new Map<string, string>();
  const oldIds = [...new Set(ids.oldIds ?? [])];
  if (oldIds.length > 0) {
    const links = await database.db
      .selectFrom('person_old_ids')
      .select(['old_id', 'pid'])
      .where('old_id', 'in', oldIds)
      .execute();
    const count = new Map<string, number>();
    for (const l of links) count.set(l.old_id, (count.get(l.old_id) ?? 0) + 1);
    for (const l of links) if (count.get(l.old_id) === 1) pidByOldId.set(l.old_id, l.pid);
  }
  const pids = [...new Set([...(ids.pids ?? []), ...pidByOldId.values()])];
  const byPid = new Map<string, Person>();
  if (pids.length > 0) {
    // One text whatever the number of ids, so that it is prepared once per connection.
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
