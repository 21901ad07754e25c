import { type Insertable, type Selectable, sql, type Transaction } from 'kysely';
import type { Db, Tables } from '../db/index.js';
import type { PersonState } from './fold.js';

/** SQL of the registry, and nothing else. `Tx` functions expect to run in a transaction. */
export interface RegistryEventsTable {
  pid: string;
  seq: number;
  type: string;
  effective_date: string;
  recorded_at: Date | string;
  actor: string;
  source_document: unknown;
  data: unknown;
  idempotency_key: string | null;
}

export interface PersonsTable {
  pid: string;
  full_name: string;
  family_name: string;
  middle_name: string;
  given_name: string;
  name_folded: string;
  sex: string;
  date_of_birth: string;
  status: string;
  father_pid: string | null;
  mother_pid: string | null;
  perm_unit: string | null;
  perm_province: string | null;
  household_id: string | null;
  version: number;
  updated_at: Date | string;
  state: PersonState;
}

export interface PersonOldIdsTable {
  old_id: string;
  pid: string;
}

export interface IdCardsTable {
  pid: string;
  card_no: number;
  number: string;
  issued_on: string;
  expires_on: string | null;
  status: string;
}

export interface HouseholdsTable {
  id: string;
  head_pid: string | null;
  unit_code: string;
  unit_name: string | null;
  address_line: string | null;
  created_at: Date | string | undefined;
}

export interface HouseholdMembersTable {
  id: number | undefined;
  household_id: string;
  pid: string;
  relation: string;
  since: string;
  until: string | null;
}

export interface RegistryIdempotencyTable {
  actor: string;
  key: string;
  request_hash: string;
  status: number;
  response: unknown;
  created_at: Date | string | undefined;
}

declare module '../db/tables.js' {
  interface Tables {
    registry_events: RegistryEventsTable;
    persons: PersonsTable;
    person_old_ids: PersonOldIdsTable;
    id_cards: IdCardsTable;
    households: HouseholdsTable;
    household_members: HouseholdMembersTable;
    registry_idempotency: RegistryIdempotencyTable;
  }
}

export type Tx = Transaction<Tables>;
export type PersonRow = Selectable<PersonsTable>;
export type EventRow = Selectable<RegistryEventsTable>;
export type HouseholdRow = Selectable<HouseholdsTable>;

const json = (v: unknown) => sql`${JSON.stringify(v)}::jsonb`;

export const findPerson = (db: Db, pid: string) =>
  db.selectFrom('persons').selectAll().where('pid', '=', pid).executeTakeFirst();

/** The person row, locked for this transaction. */
export const lockPersonTx = (trx: Tx, pid: string) =>
  trx.selectFrom('persons').selectAll().where('pid', '=', pid).forUpdate().executeTakeFirst();

export const findPersons = (db: Db, pids: readonly string[]) =>
  pids.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('persons')
        .select(['pid', 'date_of_birth', 'status'])
        .where('pid', 'in', [...pids])
        .execute();

export const insertEventTx = (trx: Tx, e: Insertable<RegistryEventsTable>) =>
  trx
    .insertInto('registry_events')
    .values({ ...e, source_document: json(e.source_document), data: json(e.data) })
    .execute();

/** Inserts or replaces the projection row of a person. */
export const upsertPersonTx = (trx: Tx, row: PersonRow) =>
  trx
    .insertInto('persons')
    .values({ ...row, state: json(row.state) as never })
    .onConflict((oc) =>
      oc.column('pid').doUpdateSet((eb) => ({
        full_name: eb.ref('excluded.full_name'),
        family_name: eb.ref('excluded.family_name'),
        middle_name: eb.ref('excluded.middle_name'),
        given_name: eb.ref('excluded.given_name'),
        name_folded: eb.ref('excluded.name_folded'),
        date_of_birth: eb.ref('excluded.date_of_birth'),
        status: eb.ref('excluded.status'),
        father_pid: eb.ref('excluded.father_pid'),
        mother_pid: eb.ref('excluded.mother_pid'),
        perm_unit: eb.ref('excluded.perm_unit'),
        perm_province: eb.ref('excluded.perm_province'),
        household_id: eb.ref('excluded.household_id'),
        version: eb.ref('excluded.version'),
        updated_at: eb.ref('excluded.updated_at'),
        state: eb.ref('excluded.state'),
      })),
    )
    .execute();

export const insertOldIdsTx = async (trx: Tx, pid: string, oldIds: readonly string[]) => {
  if (oldIds.length === 0) return;
  await trx
    .insertInto('person_old_ids')
    .values(oldIds.map((old_id) => ({ old_id, pid })))
    .onConflict((oc) => oc.doNothing())
    .execute();
};

/** Writes the card rows of a person as its state has them (card_no = position). */
export const upsertCardsTx = async (trx: Tx, state: PersonState) => {
  if (state.cards.length === 0) return;
  await trx
    .insertInto('id_cards')
    .values(
      state.cards.map((c, i) => ({
        pid: state.pid,
        card_no: i + 1,
        number: c.number,
        issued_on: c.issuedOn,
        expires_on: c.expiresOn,
        status: c.status,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['pid', 'card_no']).doUpdateSet((eb) => ({ status: eb.ref('excluded.status') })),
    )
    .execute();
};

export const history = (db: Db, pid: string) =>
  db.selectFrom('registry_events').selectAll().where('pid', '=', pid).orderBy('seq').execute();

export const findDuplicateBirth = (
  db: Db | Tx,
  b: {
    familyName: string;
    middleName: string;
    givenName: string;
    dateOfBirth: string;
    sex: string;
    motherPid?: string | undefined;
    fatherPid?: string | undefined;
    placeUnit: string;
  },
) => {
  let q = db
    .selectFrom('persons')
    .select('pid')
    .where('family_name', '=', b.familyName)
    .where('middle_name', '=', b.middleName)
    .where('given_name', '=', b.givenName)
    .where('date_of_birth', '=', b.dateOfBirth)
    .where('sex', '=', b.sex);
  if (b.motherPid) q = q.where('mother_pid', '=', b.motherPid);
  else if (b.fatherPid) q = q.where('father_pid', '=', b.fatherPid);
  else
    q = q
      .where('mother_pid', 'is', null)
      .where('father_pid', 'is', null)
      .where(sql<string>`state->'placeOfBirth'->>'unitCode'`, '=', b.placeUnit);
  return q.executeTakeFirst();
};

export const pidExists = async (db: Db | Tx, pid: string) =>
  (await db.selectFrom('persons').select('pid').where('pid', '=', pid).executeTakeFirst()) !== undefined;

export const countPersons = async (db: Db) =>
  Number(
    (
      await db
        .selectFrom('persons')
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

export interface SearchFilter {
  pid?: string | undefined;
  oldId?: string | undefined;
  /** Folded name (see foldName). */
  name?: string | undefined;
  dob?: string | undefined;
  permUnit?: string | undefined;
  permProvince?: string | undefined;
  /** Keyset cursor: pids after this one. */
  after?: string | undefined;
  limit: number;
}

/** Persons matching every given filter, ordered by pid. */
export function searchPersons(db: Db, f: SearchFilter) {
  let q = db
    .selectFrom('persons as p')
    .select(['p.pid', 'p.full_name', 'p.sex', 'p.date_of_birth', 'p.status', 'p.perm_unit', 'p.state']);
  if (f.pid) q = q.where('p.pid', '=', f.pid);
  if (f.oldId)
    q = q.where('p.pid', 'in', db.selectFrom('person_old_ids').select('pid').where('old_id', '=', f.oldId));
  if (f.name) {
    const pattern = `%${f.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where('p.name_folded', 'like', pattern);
  }
  if (f.dob) q = q.where('p.date_of_birth', 'like', `${f.dob}%`);
  if (f.permUnit) q = q.where('p.perm_unit', '=', f.permUnit);
  if (f.permProvince) q = q.where('p.perm_province', '=', f.permProvince);
  if (f.after) q = q.where('p.pid', '>', f.after);
  return q.orderBy('p.pid').limit(f.limit).execute();
}

export const findIdempotency = (db: Db | Tx, actor: string, key: string) =>
  db
    .selectFrom('registry_idempotency')
    .selectAll()
    .where('actor', '=', actor)
    .where('key', '=', key)
    .executeTakeFirst();

/** Records the result of a write; returns false when (actor, key) was taken meanwhile. */
export const insertIdempotencyTx = async (
  trx: Tx,
  r: { actor: string; key: string; request_hash: string; status: number; response: unknown },
) =>
  (
    await trx
      .insertInto('registry_idempotency')
      .values({ ...r, response: json(r.response), created_at: undefined })
      .onConflict((oc) => oc.doNothing())
      .returning('key')
      .execute()
  ).length > 0;

export const findHouseholdIds = (db: Db, ids: readonly string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('households')
        .select('id')
        .where('id', 'in', [...ids])
        .execute();
