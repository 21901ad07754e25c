import { randomInt } from 'node:crypto';
import type { Database } from '../db/index.js';
import type { Actor } from '../shared/context.js';
import { badRequest, conflict, type DomainError, notFound } from '../shared/errors.js';
import { assertCanRead, assertCanWrite } from './access.js';
import type { CheckContext } from './checks.js';
import { checkBirth } from './checks.js';
import { todayVN } from './dates.js';
import type { BirthData } from './fold.js';
import * as households from './households.repo.js';
import { encodePid } from './pid.js';
import { toPerson } from './projection.js';
import * as repo from './registry.repo.js';
import type { Person, RegisterBirth } from './registry.schemas.js';
import { cachedUnits, type UnitInfo } from './units-port.js';
import { type Append, appendTx, idempotentWrite, type WriteOptions } from './write-core.js';

/** Throws the first refusal of a check, if any. */
export function throwFirst(refusals: DomainError[]): void {
  if (refusals[0]) throw refusals[0];
}

/** The check context of one request: cached unit lookups, persons from the database. */
export function checkContext(database: Database): CheckContext {
  const unit = cachedUnits(database.db);
  return {
    today: todayVN(),
    unit,
    async person(pid) {
      const row = await repo.findPerson(database.db, pid);
      return row ? { dateOfBirth: row.date_of_birth } : undefined;
    },
  };
}

/** The unit, or a 400 `registry.unknown_unit` naming `field`. */
export async function knownUnit(ctx: CheckContext, code: string, field: string): Promise<UnitInfo> {
  const u = await ctx.unit(code);
  if (!u)
    throw badRequest('registry.unknown_unit', 'Unknown administrative unit', [
      { field, message: `unknown unit code ${code}` },
    ]);
  return u;
}

/**
 * Registers a birth and issues the personal ID number (province of registration, century
 * and sex, birth year, 6 random digits retried on collision). Idempotent by
 * `opts.idempotencyKey`; a second registration of the same child under another key is a
 * 409 `registry.duplicate_birth` naming the existing pid.
 */
export async function registerBirth(
  database: Database,
  actor: Actor | undefined,
  input: RegisterBirth,
  opts: WriteOptions,
): Promise<Person> {
  assertCanRead(actor);
  await assertCanWrite(database.db, actor, input.registrationProvince ?? input.placeOfBirth.unitCode);
  return idempotentWrite(database, actor, opts.idempotencyKey, { op: 'birth', input }, async () => {
    const ctx = checkContext(database);
    const { household, registrationProvince, sourceDocument, ...rest } = input;
    const birth: BirthData = { ...rest, middleName: rest.middleName ?? '' };
    throwFirst(await checkBirth(birth, ctx, { registrationProvince }));
    const place = await knownUnit(ctx, input.placeOfBirth.unitCode, 'placeOfBirth.unitCode');
    const dup = await repo.findDuplicateBirth(database.db, {
      ...birth,
      placeUnit: birth.placeOfBirth.unitCode,
    });
    if (dup)
      throw conflict(
        'registry.duplicate_birth',
        `This birth is registered already as ${dup.pid}`,
        undefined,
        {
          existingPid: dup.pid,
        },
      );
    const hh = household ? await households.findHousehold(database.db, household.householdId) : undefined;
    if (household && !hh)
      throw badRequest('registry.unknown_household', 'No such household', [
        { field: 'household.householdId', message: `no household ${household.householdId}` },
      ]);
    if (household?.relationToHead === 'head')
      throw conflict('registry.household_has_head', 'A newborn does not become head of a household');
    const hhUnit = hh ? await ctx.unit(hh.unit_code) : undefined;
    const today = ctx.today;
    return async (trx) => {
      const pid = await freshPid(trx, {
        provinceCode: registrationProvince ?? place.provinceCode,
        sex: birth.sex,
        birthYear: Number(birth.dateOfBirth.slice(0, 4)),
      });
      const items: Append[] = [
        { body: { type: 'birth_registered', data: birth }, effectiveDate: birth.dateOfBirth, sourceDocument },
      ];
      if (household && hh) {
        const since = birth.dateOfBirth.length === 10 ? birth.dateOfBirth : today;
        const unit = hhUnit;
        items.push({
          body: {
            type: 'residence_registered',
            data: {
              kind: 'permanent',
              unitCode: hh.unit_code,
              ...(unit ? { unitName: unit.name, provinceCode: unit.provinceCode } : {}),
              ...(hh.address_line ? { addressLine: hh.address_line } : {}),
              householdId: hh.id,
              relationToHead: household.relationToHead,
              since,
            },
          },
          effectiveDate: since,
          sourceDocument,
        });
        await households.insertMembershipTx(trx, {
          household_id: hh.id,
          pid,
          relation: household.relationToHead,
          since,
        });
      }
      const meta = { actor: actor.id, idempotencyKey: opts.idempotencyKey };
      const r = await appendTx(trx, meta, pid, undefined, 0, items);
      return toPerson(r.state, r.version, r.updatedAt, today);
    };
  });
}

async function freshPid(
  trx: repo.Tx,
  p: { provinceCode: string; sex: 'male' | 'female'; birthYear: number },
) {
  for (let i = 0; i < 50; i++) {
    const pid = encodePid({ ...p, serial: randomInt(0, 1_000_000) });
    if (!(await repo.pidExists(trx, pid))) return pid;
  }
  throw conflict('registry.pid_exhausted', 'Could not find a free ID number; try again');
}

/** The person row, or 404 `registry.not_found`. */
export async function personOrNotFound(database: Database, pid: string) {
  const row = await repo.findPerson(database.db, pid);
  if (!row) throw notFound('registry.not_found', `No person ${pid}`);
  return row;
}
