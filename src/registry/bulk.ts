import type { Database } from '../db/index.js';
import { appendOutboxBatch } from '../events/index.js';
import type { Actor } from '../shared/context.js';
import { type FieldProblem, forbidden } from '../shared/errors.js';
import { assertCanRead } from './access.js';
import { type Folded, foldOne, writeAll } from './bulk-write.js';
import type { CheckContext } from './checks.js';
import { todayVN } from './dates.js';
import { outboxEventsOfHistory } from './outbox-events.js';
import { PROVINCES } from './provinces.js';
import * as repo from './registry.repo.js';
import type { BulkPerson } from './registry.schemas.js';
import { cachedUnits, type UnitInfo } from './units-port.js';

export interface BulkResult {
  written: number;
  rejected: { index: number; pid: string; problems: FieldProblem[] }[];
}

/** Ids per lookup query, and persons per COPY round (the next round folds while one loads). */
const LOOKUP = 5000;
const ROUND = 5000;

const taken = (field: string, message: string): FieldProblem[] => [{ field, message }];

/**
 * Writes many persons with their whole history at once (synthetic population, legacy
 * migrations). Every person and action goes through the same checks and the same fold as
 * the single-command API; good persons are written with COPY in rounds, rejected ones are
 * reported by index. Persons may refer to persons and households of the same call or of
 * earlier ones. Admins only. Not atomic: a crash midway keeps the rounds already loaded.
 * With `emitEvents` the change events go to the outbox too (default off).
 *
 * @example
 *   const { written, rejected } = await registerBulk(database, systemActor('seed'), persons);
 */
export async function registerBulk(
  database: Database,
  actor: Actor | undefined,
  persons: BulkPerson[],
  opts: { validateUnits?: boolean; emitEvents?: boolean } = {},
): Promise<BulkResult> {
  assertCanRead(actor);
  if (!actor.roles.includes('admin'))
    throw forbidden('registry.bulk_admin_only', 'Bulk writes are for admins');
  const db = database.db;
  const lookup = cachedUnits(db);
  const validateUnits = opts.validateUnits ?? true;
  const unit = async (code: string): Promise<UnitInfo | undefined> => {
    const u = await lookup(code);
    if (u || validateUnits) return u;
    return {
      code,
      era: '2025',
      name: PROVINCES[code] ?? code,
      fullName: code,
      level: 'commune',
      provinceCode: code.slice(0, 2),
    };
  };

  // Who is in this call, who exists already, whom the call refers to.
  const inCall = new Map<string, { dateOfBirth: string }>();
  const duplicates = new Set<number>();
  const foundedBy = new Map<string, number>();
  const foundsTwice = new Set<number>();
  const referenced = new Set<string>();
  const joined = new Set<string>();
  persons.forEach((p, i) => {
    if (inCall.has(p.pid)) duplicates.add(i);
    else inCall.set(p.pid, { dateOfBirth: p.birth.dateOfBirth });
    for (const x of [p.birth.fatherPid, p.birth.motherPid]) if (x) referenced.add(x);
    for (const a of p.actions) {
      if (a.type === 'marriage') referenced.add(a.spousePid);
      if (a.type !== 'residence' || !a.householdId) continue;
      if (!a.newHousehold) joined.add(a.householdId);
      else if (foundedBy.has(a.householdId)) foundsTwice.add(i);
      else foundedBy.set(a.householdId, i);
    }
  });
  const existing = new Set<string>();
  const known = new Map<string, { dateOfBirth: string }>();
  const pids = [...new Set([...inCall.keys(), ...referenced])];
  for (let i = 0; i < pids.length; i += LOOKUP) {
    for (const r of await repo.findPersons(db, pids.slice(i, i + LOOKUP))) {
      if (inCall.has(r.pid)) existing.add(r.pid);
      else known.set(r.pid, { dateOfBirth: r.date_of_birth });
    }
  }
  const inDb = new Set<string>();
  const ids = [...new Set([...joined, ...foundedBy.keys()])];
  for (let i = 0; i < ids.length; i += LOOKUP)
    for (const r of await repo.findHouseholdIds(db, ids.slice(i, i + LOOKUP))) inDb.add(r.id);

  const ctx: CheckContext = {
    today: todayVN(),
    unit,
    person: async (pid) => inCall.get(pid) ?? known.get(pid),
  };
  const rejected: BulkResult['rejected'] = [];
  const check = async (p: BulkPerson, i: number): Promise<Folded | FieldProblem[]> => {
    if (duplicates.has(i) || existing.has(p.pid))
      return taken('pid', 'registry.pid_taken: the ID number exists already');
    if (foundsTwice.has(i)) return taken('actions', 'registry.household_exists: founded twice in this call');
    const f = await foldOne(p, ctx, actor.id);
    if (Array.isArray(f)) return f;
    for (const h of f.founded)
      if (inDb.has(h.id)) return taken('actions', `registry.household_exists: ${h.id} exists already`);
    for (const j of f.joins)
      if (!foundedBy.has(j.householdId) && !inDb.has(j.householdId))
        return taken(j.field, `registry.unknown_household: no household ${j.householdId}`);
    return f;
  };

  let written = 0;
  let loading: Promise<void> = Promise.resolve();
  for (let start = 0; start < persons.length; start += ROUND) {
    const round: Folded[] = [];
    for (let i = start; i < Math.min(start + ROUND, persons.length); i++) {
      const p = persons[i]!;
      const out = await check(p, i);
      if (Array.isArray(out)) rejected.push({ index: i, pid: p.pid, problems: out });
      else round.push(out);
    }
    await loading;
    loading = writeAll(database, round);
    // events: change events for the outbox only when asked (a seed must not flood subscribers).
    if (opts.emitEvents)
      loading = loading.then(async () => {
        await appendOutboxBatch(
          database,
          round.flatMap((f) => outboxEventsOfHistory(f.events)),
        );
      });
    loading.catch(() => {}); // awaited in the next round or below
    written += round.length;
  }
  await loading;
  return { written, rejected };
}

/** Number of persons in the registry. */
export const countPersons = (database: Database | Database['db']) =>
  repo.countPersons('copyInto' in database ? database.db : database);
