import type { Database } from '../db/index.js';
import type { Actor } from '../shared/context.js';
import { badRequest, conflict } from '../shared/errors.js';
import { assertCanRead, assertCanWrite } from './access.js';
import { cardExpiry } from './card-rule.js';
import { checkCard, checkCorrection, checkDeath, checkResidence } from './checks.js';
import { fillDate } from './dates.js';
import type { CorrectionChanges, PersonState } from './fold.js';
import * as households from './households.repo.js';
import { toPerson } from './projection.js';
import type { PersonRow, Tx } from './registry.repo.js';
import type {
  CardStatusChange,
  Correction,
  IssueCard,
  Person,
  RegisterDeath,
  RegisterResidence,
} from './registry.schemas.js';
import { checkContext, knownUnit, personOrNotFound, throwFirst } from './registry.service.js';
import type { UnitInfo } from './units-port.js';
import {
  type Append,
  appendTx,
  assertVersion,
  idempotentWrite,
  lockForWrite,
  newHouseholdId,
  reassignHeadTx,
  type WriteOptions,
} from './write-core.js';

/** The unit a write about an existing person is judged by: permanent residence, else place of birth. */
const homeUnit = (s: PersonState) =>
  s.permanentResidence && !s.permanentResidence.until
    ? s.permanentResidence.unitCode
    : s.placeOfBirth.unitCode;

type Plan = (
  trx: Tx,
  state: PersonState,
  meta: { actor: string; idempotencyKey: string },
) => Promise<Append[]>;

/**
 * The common shape of a write about one person: access check on `targetUnit(state)`,
 * idempotency, version check, `check`, then `plan` inside the transaction (side tables)
 * returning the events to append.
 */
async function writePerson(
  database: Database,
  actor: Actor | undefined,
  pid: string,
  op: { name: string; input: unknown; targetUnit: (s: PersonState) => string },
  opts: WriteOptions,
  check: (row: PersonRow) => Promise<void>,
  plan: Plan,
): Promise<Person> {
  assertCanRead(actor);
  const row = await personOrNotFound(database, pid);
  await assertCanWrite(database.db, actor, op.targetUnit(row.state));
  return idempotentWrite(
    database,
    actor,
    opts.idempotencyKey,
    { op: op.name, pid, input: op.input },
    async () => {
      assertVersion(row, opts.expectedVersion);
      await check(row);
      return async (trx) => {
        const locked = await lockForWrite(trx, pid, opts.expectedVersion ?? row.version);
        const meta = { actor: actor.id, idempotencyKey: opts.idempotencyKey };
        const items = await plan(trx, locked.state, meta);
        const r = await appendTx(trx, meta, pid, locked.state, locked.version, items);
        return toPerson(r.state, r.version, r.updatedAt, checkContext(database).today);
      };
    },
  );
}

/**
 * Registers permanent or temporary residence. Permanent: ends the previous permanent
 * residence and household membership, then founds a household (`newHousehold`) or joins
 * `householdId`. Temporary: from/until, at most 2 years.
 */
export async function registerResidence(
  database: Database,
  actor: Actor | undefined,
  pid: string,
  input: RegisterResidence,
  opts: WriteOptions,
): Promise<Person> {
  const ctx = checkContext(database);
  let hh: Awaited<ReturnType<typeof households.findHousehold>>;
  let unit: UnitInfo;
  const check = async (row: PersonRow) => {
    throwFirst(await checkResidence(input, row.state, ctx));
    unit = await knownUnit(ctx, input.place.unitCode, 'place.unitCode');
    if (input.kind === 'temporary' && (input.householdId || input.newHousehold))
      throw badRequest('registry.household_permanent_only', 'Households go with permanent residence', [
        { field: 'householdId', message: 'only for permanent residence' },
      ]);
    if (!input.householdId) return;
    if (input.newHousehold)
      throw badRequest('registry.household_choice', 'Either join a household or found a new one', [
        { field: 'newHousehold', message: 'not together with householdId' },
      ]);
    hh = await households.findHousehold(database.db, input.householdId);
    if (!hh)
      throw badRequest('registry.unknown_household', 'No such household', [
        { field: 'householdId', message: `no household ${input.householdId}` },
      ]);
    if (hh.unit_code !== input.place.unitCode)
      throw badRequest('registry.household_elsewhere', 'The household is registered in another unit', [
        { field: 'place.unitCode', message: `the household is in unit ${hh.unit_code}` },
      ]);
    if (!input.relationToHead)
      throw badRequest('registry.relation_required', 'Say how the person is related to the head', [
        { field: 'relationToHead', message: 'required when joining a household' },
      ]);
    const members = await households.currentMembers(database.db, hh.id);
    if (input.relationToHead === 'head' && members.some((m) => m.relation === 'head' && m.status === 'alive'))
      throw conflict('registry.household_has_head', 'The household has a head already');
  };
  return writePerson(
    database,
    actor,
    pid,
    { name: 'residence', input, targetUnit: () => input.place.unitCode },
    opts,
    check,
    async (trx, _state, meta) => {
      let householdId: string | undefined;
      let relation = input.relationToHead;
      if (input.kind === 'permanent') {
        const ended = await households.endMembershipTx(trx, pid, input.from);
        if (input.newHousehold) {
          householdId = newHouseholdId();
          relation = 'head';
          await households.insertHouseholdTx(trx, {
            id: householdId,
            head_pid: pid,
            unit_code: unit.code,
            unit_name: unit.name,
            address_line: input.place.text ?? null,
          });
        } else if (hh) {
          householdId = hh.id;
          if (relation === 'head') await households.setHeadTx(trx, hh.id, pid);
        }
        if (householdId && relation)
          await households.insertMembershipTx(trx, {
            household_id: householdId,
            pid,
            relation,
            since: input.from,
          });
        for (const e of ended)
          if (e.relation === 'head' && e.household_id !== householdId)
            await reassignHeadTx(trx, meta, e.household_id, input.from, input.sourceDocument);
      }
      const data = {
        kind: input.kind,
        unitCode: unit.code,
        unitName: unit.name,
        provinceCode: unit.provinceCode,
        ...(input.place.text ? { addressLine: input.place.text } : {}),
        ...(householdId ? { householdId } : {}),
        ...(householdId && relation ? { relationToHead: relation } : {}),
        since: input.from,
        ...(input.until ? { until: input.until } : {}),
      };
      return [
        {
          body: { type: 'residence_registered', data },
          effectiveDate: input.from,
          sourceDocument: input.sourceDocument,
        },
      ];
    },
  );
}

/** Registers a death: residences end, cards show holder_deceased, a head is replaced. */
export async function registerDeath(
  database: Database,
  actor: Actor | undefined,
  pid: string,
  input: RegisterDeath,
  opts: WriteOptions,
): Promise<Person> {
  const ctx = checkContext(database);
  return writePerson(
    database,
    actor,
    pid,
    { name: 'death', input, targetUnit: homeUnit },
    opts,
    async (row) => throwFirst(await checkDeath(input, row.state, ctx)),
    async (trx, state, meta) => {
      if (state.status === 'deceased')
        throw conflict('registry.person_deceased', 'The death is registered already');
      const until = fillDate(input.dateOfDeath);
      const ended = await households.endMembershipTx(trx, pid, until);
      for (const e of ended)
        if (e.relation === 'head')
          await reassignHeadTx(trx, meta, e.household_id, until, input.sourceDocument);
      const data = {
        dateOfDeath: input.dateOfDeath,
        ...(input.placeOfDeath ? { placeOfDeath: input.placeOfDeath } : {}),
      };
      return [
        {
          body: { type: 'death_registered', data },
          effectiveDate: input.dateOfDeath,
          sourceDocument: input.sourceDocument,
        },
      ];
    },
  );
}

/** Corrects details; the correction is a new event that keeps the previous values. */
export async function correctDetails(
  database: Database,
  actor: Actor | undefined,
  pid: string,
  input: Correction,
  opts: WriteOptions,
): Promise<Person> {
  const ctx = checkContext(database);
  const changes = input.changes as CorrectionChanges;
  return writePerson(
    database,
    actor,
    pid,
    { name: 'correction', input, targetUnit: homeUnit },
    opts,
    async (row) => throwFirst(await checkCorrection(changes, row.state, ctx)),
    async (_trx, state) => {
      const previous = Object.fromEntries(
        Object.keys(changes).map((k) => [k, (state as unknown as Record<string, unknown>)[k] ?? null]),
      );
      return [
        {
          body: { type: 'details_corrected', data: { changes, reason: input.reason, previous } as never },
          effectiveDate: ctx.today,
          sourceDocument: input.sourceDocument,
        },
      ];
    },
  );
}

/** Issues (or replaces) the chip ID card; its number is the pid, expiry by the 25/40/60 rule. */
export async function issueCard(
  database: Database,
  actor: Actor | undefined,
  pid: string,
  input: IssueCard,
  opts: WriteOptions,
): Promise<Person> {
  const ctx = checkContext(database);
  return writePerson(
    database,
    actor,
    pid,
    { name: 'card', input, targetUnit: homeUnit },
    opts,
    async (row) => throwFirst(checkCard(input.issuedOn, row.state, ctx)),
    async (_trx, state) => [
      {
        body: {
          type: 'card_issued',
          data: {
            number: pid,
            issuedOn: input.issuedOn,
            expiresOn: cardExpiry(state.dateOfBirth, input.issuedOn),
            status: 'valid',
            reason: input.reason,
          },
        },
        effectiveDate: input.issuedOn,
        sourceDocument: input.sourceDocument,
      },
    ],
  );
}

/** Reports a card lost or revokes it. */
export async function changeCardStatus(
  database: Database,
  actor: Actor | undefined,
  pid: string,
  number: string,
  input: CardStatusChange,
  opts: WriteOptions,
): Promise<Person> {
  const ctx = checkContext(database);
  return writePerson(
    database,
    actor,
    pid,
    { name: 'card_status', input: { number, ...input }, targetUnit: homeUnit },
    opts,
    async () => {},
    async () => [
      {
        body: { type: 'card_status_changed', data: { number, status: input.status } },
        effectiveDate: ctx.today,
        sourceDocument: input.sourceDocument,
      },
    ],
  );
}
