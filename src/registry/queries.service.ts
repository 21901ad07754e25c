import { randomInt } from 'node:crypto';
import type { Database } from '../db/index.js';
import type { Actor } from '../shared/context.js';
import { badRequest, notFound } from '../shared/errors.js';
import { assertCanRead } from './access.js';
import { checkDate, todayVN } from './dates.js';
import { foldName } from './fold.js';
import * as households from './households.repo.js';
import { toPerson } from './projection.js';
import * as repo from './registry.repo.js';
import type {
  Household,
  Person,
  PersonEvent,
  ResidenceConfirmation,
  SearchQuery,
  SearchResult,
} from './registry.schemas.js';
import { checkContext, knownUnit, personOrNotFound } from './registry.service.js';

/** The person as the registry shows it now; `version` is the ETag. */
export async function getPerson(database: Database, actor: Actor | undefined, pid: string): Promise<Person> {
  assertCanRead(actor);
  const row = await personOrNotFound(database, pid);
  return toPerson(row.state, row.version, row.updated_at, todayVN());
}

/** Every event of the person, oldest first. */
export async function getHistory(
  database: Database,
  actor: Actor | undefined,
  pid: string,
): Promise<{ events: PersonEvent[] }> {
  assertCanRead(actor);
  await personOrNotFound(database, pid);
  const rows = await repo.history(database.db, pid);
  return {
    events: rows.map((r) => ({
      seq: r.seq,
      type: r.type as PersonEvent['type'],
      effectiveDate: r.effective_date,
      recordedAt: new Date(r.recorded_at).toISOString(),
      actor: r.actor,
      sourceDocument: r.source_document as PersonEvent['sourceDocument'],
      data: r.data as Record<string, unknown>,
    })),
  };
}

/** A household with its current members. */
export async function getHousehold(
  database: Database,
  actor: Actor | undefined,
  id: string,
): Promise<Household> {
  assertCanRead(actor);
  const h = await households.findHousehold(database.db, id);
  if (!h) throw notFound('registry.not_found', `No household ${id}`);
  const members = await households.currentMembers(database.db, id);
  return {
    id: h.id,
    headPid: h.head_pid ?? members[0]?.pid ?? '',
    unitCode: h.unit_code,
    ...(h.unit_name ? { unitName: h.unit_name } : {}),
    ...(h.address_line ? { addressLine: h.address_line } : {}),
    members: members.map((m) => ({
      pid: m.pid,
      fullName: m.full_name,
      relationToHead: m.relation as Household['members'][number]['relationToHead'],
      dateOfBirth: m.date_of_birth,
      sex: m.sex as 'male' | 'female',
      since: m.since,
    })),
  };
}

/** The household of the person's current permanent residence (404 when none). */
export async function getPersonHousehold(
  database: Database,
  actor: Actor | undefined,
  pid: string,
): Promise<Household> {
  assertCanRead(actor);
  const row = await personOrNotFound(database, pid);
  if (!row.household_id) throw notFound('registry.no_household', `Person ${pid} belongs to no household`);
  return getHousehold(database, actor, row.household_id);
}

/**
 * Searches by pid, old ID, name (diacritics optional; + partial date of birth) and unit of
 * permanent residence; pages by cursor, ordered by pid.
 */
export async function search(
  database: Database,
  actor: Actor | undefined,
  query: SearchQuery,
): Promise<SearchResult> {
  assertCanRead(actor);
  const q = query.q?.trim();
  const f: repo.SearchFilter = {
    limit: (query.limit ?? 20) + 1,
    pid: query.pid,
    oldId: query.oldId,
    dob: query.dob,
  };
  if (q && /^[0-9]{12}$/.test(q)) f.pid = q;
  else if (q && /^[0-9]{9}$/.test(q)) f.oldId = q;
  else if (q) f.name = foldName(q);
  if (query.name) f.name = foldName(query.name);
  const problems = checkDate(query.dob, 'dob');
  if (problems.length) throw badRequest('registry.invalid_date', 'The date of birth is impossible', problems);
  if (query.unit) {
    const unit = await knownUnit(checkContext(database), query.unit, 'unit');
    if (unit.level === 'province') f.permProvince = unit.code;
    else f.permUnit = unit.code;
  }
  if (query.cursor) {
    const after = Buffer.from(query.cursor, 'base64url').toString();
    if (!/^[0-9]{12}$/.test(after)) throw badRequest('registry.invalid_cursor', 'The cursor is not valid');
    f.after = after;
  }
  const rows = await repo.searchPersons(database.db, f);
  const limit = query.limit ?? 20;
  const page = rows.slice(0, limit);
  const items = page.map((r) => {
    const perm = r.state.permanentResidence?.until ? undefined : r.state.permanentResidence;
    return {
      pid: r.pid,
      fullName: r.full_name,
      sex: r.sex as 'male' | 'female',
      dateOfBirth: r.date_of_birth,
      status: r.status as 'alive' | 'deceased',
      ...(perm ? { permanentUnitCode: perm.unitCode } : {}),
      ...(perm?.unitName ? { permanentUnitName: perm.unitName } : {}),
    };
  });
  const last = page.at(-1);
  return rows.length > limit && last
    ? { items, next: Buffer.from(last.pid).toString('base64url') }
    : { items };
}

/** The data of a residence confirmation (XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ), issued now by `actor`. */
export async function residenceConfirmation(
  database: Database,
  actor: Actor | undefined,
  pid: string,
): Promise<ResidenceConfirmation> {
  assertCanRead(actor);
  const row = await personOrNotFound(database, pid);
  const p = toPerson(row.state, row.version, row.updated_at, todayVN());
  const now = new Date();
  const doc: ResidenceConfirmation = {
    documentNumber: `XN-${todayVN().replace(/-/g, '')}-${String(randomInt(0, 1e6)).padStart(6, '0')}`,
    issuedAt: now.toISOString(),
    issuedBy: actor.id,
    person: {
      pid: p.pid,
      fullName: p.fullName,
      sex: p.sex,
      dateOfBirth: p.dateOfBirth,
      status: p.status,
      ...(p.dateOfDeath ? { dateOfDeath: p.dateOfDeath } : {}),
    },
  };
  if (p.permanentResidence && !p.permanentResidence.until) doc.permanentResidence = p.permanentResidence;
  if (p.temporaryResidence && !p.temporaryResidence.until) doc.temporaryResidence = p.temporaryResidence;
  else if (p.temporaryResidence?.until && p.temporaryResidence.until >= todayVN() && p.status === 'alive')
    doc.temporaryResidence = p.temporaryResidence;
  if (row.household_id) doc.household = await getHousehold(database, actor, row.household_id);
  return doc;
}
