import type { Database } from '../db/index.js';
import { badRequest, type DomainError, type FieldProblem, isDomainError } from '../shared/errors.js';
import { cardExpiry } from './card-rule.js';
import {
  type CheckContext,
  checkBirth,
  checkCard,
  checkDeath,
  checkResidence,
  checkSpouse,
} from './checks.js';
import { checkDate, fillDate } from './dates.js';
import { applyEvent, type BirthData, type EventBody, type PersonState, type RegistryEvent } from './fold.js';
import { projectionRow } from './projection.js';
import type { BulkPerson } from './registry.schemas.js';
import { newHouseholdId } from './write-core.js';

/** The bulk path's per-person work: check and fold in memory (foldOne), then COPY (writeAll). */
export interface Membership {
  household_id: string;
  pid: string;
  relation: string;
  since: string;
  until: string | null;
}

export interface FoundedHousehold {
  id: string;
  head_pid: string;
  unit_code: string;
  unit_name: string | null;
  address_line: string | null;
}

/** One person checked and folded in memory, ready to write. */
export interface Folded {
  state: PersonState;
  events: RegistryEvent[];
  memberships: Membership[];
  founded: FoundedHousehold[];
  joins: { householdId: string; field: string }[];
}

const stamp = (date: string) => `${fillDate(date)}T00:00:00.000Z`;

/** A refusal as field problems ("code: message"), fields prefixed with where they are. */
export const problemsOf = (e: DomainError, prefix: string): FieldProblem[] =>
  e.details?.length
    ? e.details.map((d) => ({
        field: d.field === 'pid' ? 'pid' : prefix + d.field,
        message: `${e.code}: ${d.message}`,
      }))
    : [{ field: prefix.replace(/\.$/, '') || 'person', message: `${e.code}: ${e.message}` }];

/** Checks one person and all its actions with the API's checks and folds them; problems if any. */
export async function foldOne(
  p: BulkPerson,
  ctx: CheckContext,
  actor: string,
): Promise<Folded | FieldProblem[]> {
  const b = p.birth;
  const birth: BirthData = {
    familyName: b.familyName,
    middleName: b.middleName ?? '',
    givenName: b.givenName,
    sex: b.sex,
    dateOfBirth: b.dateOfBirth,
    placeOfBirth: b.placeOfBirth,
    ethnicity: b.ethnicity ?? 'Kinh',
    nationality: b.nationality ?? 'VN',
  };
  if (b.homeTown) birth.homeTown = b.homeTown;
  if (b.fatherPid) birth.fatherPid = b.fatherPid;
  if (b.motherPid) birth.motherPid = b.motherPid;
  const refusals = await checkBirth(birth, ctx, { pid: p.pid });
  if (refusals.length) return refusals.flatMap((r) => problemsOf(r, 'birth.'));
  const f: Folded = {
    state: undefined as unknown as PersonState,
    events: [],
    memberships: [],
    founded: [],
    joins: [],
  };
  let state: PersonState | undefined;
  const push = (
    body: EventBody,
    effectiveDate: string,
    recordedOn: string,
    sourceDocument: BulkPerson['birth']['sourceDocument'],
  ) => {
    const event = {
      type: body.type,
      data: body.data,
      pid: p.pid,
      seq: f.events.length + 1,
      effectiveDate,
      recordedAt: stamp(recordedOn),
      actor,
      sourceDocument,
    } as RegistryEvent;
    state = applyEvent(state, event);
    f.events.push(event);
  };
  const closeMembership = (until: string) => {
    const open = f.memberships.at(-1);
    if (open && open.until === null) open.until = until;
  };
  push(
    { type: 'birth_registered', data: birth },
    birth.dateOfBirth,
    p.birthRecordedOn ?? birth.dateOfBirth,
    p.birth.sourceDocument,
  );
  for (let i = 0; i < p.actions.length; i++) {
    const a = p.actions[i]!;
    const prefix = `actions[${i}].`;
    const s = state as PersonState;
    try {
      let refusals: DomainError[] = [];
      if (a.type === 'residence') {
        refusals = await checkResidence(a, s, ctx);
        if (refusals.length) return refusals.flatMap((r) => problemsOf(r, prefix));
        const u = (await ctx.unit(a.place.unitCode))!;
        let householdId: string | undefined;
        let relation = a.relationToHead;
        if (a.kind === 'permanent') {
          if (a.newHousehold) {
            householdId = a.householdId ?? newHouseholdId();
            relation = 'head';
            f.founded.push({
              id: householdId,
              head_pid: p.pid,
              unit_code: u.code,
              unit_name: u.name,
              address_line: a.place.text ?? null,
            });
          } else if (a.householdId) {
            householdId = a.householdId;
            relation ??= 'other';
            f.joins.push({ householdId, field: `${prefix}householdId` });
          }
          closeMembership(a.from);
          if (householdId)
            f.memberships.push({
              household_id: householdId,
              pid: p.pid,
              relation: relation!,
              since: a.from,
              until: null,
            });
        }
        const data = {
          kind: a.kind,
          unitCode: u.code,
          unitName: u.name,
          provinceCode: u.provinceCode,
          ...(a.place.text ? { addressLine: a.place.text } : {}),
          ...(householdId ? { householdId, relationToHead: relation! } : {}),
          since: a.from,
          ...(a.until ? { until: a.until } : {}),
        };
        push({ type: 'residence_registered', data }, a.from, a.from, a.sourceDocument);
      } else if (a.type === 'card') {
        refusals = checkCard(a.issuedOn, s, ctx);
        if (refusals.length) return refusals.flatMap((r) => problemsOf(r, prefix));
        const data = {
          number: p.pid,
          issuedOn: a.issuedOn,
          expiresOn: cardExpiry(s.dateOfBirth, a.issuedOn),
          status: 'valid' as const,
          reason: a.reason,
        };
        push({ type: 'card_issued', data }, a.issuedOn, a.issuedOn, a.sourceDocument);
      } else if (a.type === 'old_id') {
        const problems = checkDate(a.effectiveDate, 'effectiveDate', {
          partial: false,
          notFuture: true,
          today: ctx.today,
        });
        if (problems.length)
          return problems.map((x) => ({
            field: prefix + x.field,
            message: `registry.invalid_date: ${x.message}`,
          }));
        push({ type: 'old_id_linked', data: { oldId: a.oldId } }, a.effectiveDate, a.effectiveDate, {
          kind: 'legacy_record',
          number: a.oldId,
        });
      } else if (a.type === 'marriage') {
        refusals = [
          ...(await checkSpouse(a.spousePid, s, ctx)),
          ...checkDate(a.effectiveDate, 'effectiveDate', {
            partial: false,
            notFuture: true,
            today: ctx.today,
          }).map((x) => badRequest('registry.invalid_date', x.message, [x])),
        ];
        if (refusals.length) return refusals.flatMap((r) => problemsOf(r, prefix));
        push(
          { type: 'marriage_registered', data: { spousePid: a.spousePid } },
          a.effectiveDate,
          a.effectiveDate,
          a.sourceDocument,
        );
      } else {
        refusals = await checkDeath(a, s, ctx);
        if (refusals.length) return refusals.flatMap((r) => problemsOf(r, prefix));
        closeMembership(fillDate(a.dateOfDeath));
        const data = {
          dateOfDeath: a.dateOfDeath,
          ...(a.placeOfDeath ? { placeOfDeath: a.placeOfDeath } : {}),
        };
        push({ type: 'death_registered', data }, a.dateOfDeath, a.dateOfDeath, a.sourceDocument);
      }
    } catch (e) {
      if (isDomainError(e)) return problemsOf(e, prefix);
      throw e;
    }
  }
  f.state = state as PersonState;
  return f;
}

/** Writes folded persons with COPY; on PostgreSQL the tables load in parallel. */
export async function writeAll(database: Database, folded: Folded[]) {
  if (folded.length === 0) return;
  const copies: (() => Promise<number>)[] = [];
  copies.push(() =>
    database.copyInto(
      'persons',
      [
        'pid',
        'full_name',
        'family_name',
        'middle_name',
        'given_name',
        'name_folded',
        'sex',
        'date_of_birth',
        'status',
        'father_pid',
        'mother_pid',
        'perm_unit',
        'perm_province',
        'household_id',
        'version',
        'updated_at',
        'state',
      ],
      (function* () {
        for (const f of folded) {
          const r = projectionRow(f.state, f.events.length, f.events.at(-1)!.recordedAt);
          yield [
            r.pid,
            r.full_name,
            r.family_name,
            r.middle_name,
            r.given_name,
            r.name_folded,
            r.sex,
            r.date_of_birth,
            r.status,
            r.father_pid,
            r.mother_pid,
            r.perm_unit,
            r.perm_province,
            r.household_id,
            r.version,
            r.updated_at,
            r.state,
          ];
        }
      })(),
    ),
  );
  copies.push(() =>
    database.copyInto(
      'registry_events',
      ['pid', 'seq', 'type', 'effective_date', 'recorded_at', 'actor', 'source_document', 'data'],
      (function* () {
        for (const f of folded)
          for (const e of f.events)
            yield [e.pid, e.seq, e.type, e.effectiveDate, e.recordedAt, e.actor, e.sourceDocument, e.data];
      })(),
    ),
  );
  copies.push(() =>
    database.copyInto(
      'id_cards',
      ['pid', 'card_no', 'number', 'issued_on', 'expires_on', 'status'],
      (function* () {
        for (const f of folded)
          for (const [i, c] of f.state.cards.entries())
            yield [f.state.pid, i + 1, c.number, c.issuedOn, c.expiresOn, c.status];
      })(),
    ),
  );
  copies.push(() =>
    database.copyInto(
      'person_old_ids',
      ['old_id', 'pid'],
      (function* () {
        for (const f of folded) for (const o of new Set(f.state.oldIds)) yield [o, f.state.pid];
      })(),
    ),
  );
  copies.push(() =>
    database.copyInto(
      'households',
      ['id', 'head_pid', 'unit_code', 'unit_name', 'address_line'],
      (function* () {
        for (const f of folded)
          for (const h of f.founded) yield [h.id, h.head_pid, h.unit_code, h.unit_name, h.address_line];
      })(),
    ),
  );
  copies.push(() =>
    database.copyInto(
      'household_members',
      ['household_id', 'pid', 'relation', 'since', 'until'],
      (function* () {
        for (const f of folded)
          for (const m of f.memberships) yield [m.household_id, m.pid, m.relation, m.since, m.until];
      })(),
    ),
  );
  if (database.kind === 'postgres') await Promise.all(copies.map((c) => c()));
  else for (const c of copies) await c();
}
