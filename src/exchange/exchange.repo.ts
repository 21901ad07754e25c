import type { Generated, Insertable, Selectable } from 'kysely';
import { type Db, sql } from '../db/index.js';

/** Tables of the exchange module (SQL only; rules live in the services). */
export interface ExchangeAgenciesTable {
  id: string;
  code: string;
  name: string;
  kind: string;
  unit_code: string | null;
  status: Generated<string>;
  created_at: Generated<Date>;
}

export interface ExchangeClientsTable {
  client_id: string;
  agency_id: string;
  name: string;
  jwks: { keys: Record<string, unknown>[] };
  status: Generated<string>;
  created_at: Generated<Date>;
}

export interface ExchangePurposesTable {
  code: string;
  title_vi: string;
  title_en: string;
  legal_basis: string;
  document_number: string;
  operations: string[];
  fields: string[];
  /** Change events a subscribe purpose may receive. */
  event_types: Generated<string[]>;
  created_at: Generated<Date>;
}

export interface ExchangeGrantsTable {
  client_id: string;
  purpose: string;
  /** Units (province or commune codes) the grant is limited to; empty = everywhere. */
  unit_codes: Generated<string[]>;
  created_at: Generated<Date>;
}

export interface OidcModelsTable {
  model: string;
  id: string;
  payload: Record<string, unknown>;
  expires_at: Date | null;
  consumed_at: Date | null;
  uid: string | null;
  grant_id: string | null;
}

declare module '../db/tables.js' {
  interface Tables {
    exchange_agencies: ExchangeAgenciesTable;
    exchange_clients: ExchangeClientsTable;
    exchange_purposes: ExchangePurposesTable;
    exchange_grants: ExchangeGrantsTable;
    oidc_models: OidcModelsTable;
  }
}

export type AgencyRow = Selectable<ExchangeAgenciesTable>;
export type ClientRow = Selectable<ExchangeClientsTable>;
export type PurposeRow = Selectable<ExchangePurposesTable>;

const json = (v: unknown) => sql<never>`${JSON.stringify(v)}::jsonb`;

export const insertAgency = (db: Db, row: Insertable<ExchangeAgenciesTable>) =>
  db
    .insertInto('exchange_agencies')
    .values(row)
    .onConflict((oc) => oc.column('code').doNothing())
    .returningAll()
    .executeTakeFirst();

export const listAgencies = (db: Db) =>
  db.selectFrom('exchange_agencies').selectAll().orderBy('code').execute();

export const findAgency = (db: Db, idOrCode: string) =>
  db
    .selectFrom('exchange_agencies')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrCode), eb('code', '=', idOrCode)]))
    .executeTakeFirst();

export const insertClient = (
  db: Db,
  row: Omit<Insertable<ExchangeClientsTable>, 'jwks'> & { jwks: unknown },
) =>
  db
    .insertInto('exchange_clients')
    .values({ ...row, jwks: json(row.jwks) })
    .returningAll()
    .executeTakeFirstOrThrow();

export const listClients = (db: Db, agencyId: string) =>
  db
    .selectFrom('exchange_clients')
    .selectAll()
    .where('agency_id', '=', agencyId)
    .orderBy('created_at')
    .execute();

/** The client with its agency and the purposes granted to it. */
export async function findClientWithGrants(db: Db, clientId: string) {
  const client = await db
    .selectFrom('exchange_clients as c')
    .innerJoin('exchange_agencies as a', 'a.id', 'c.agency_id')
    .select([
      'c.client_id',
      'c.name',
      'c.jwks',
      'c.status',
      'c.agency_id',
      'a.name as agency_name',
      'a.code as agency_code',
      'a.status as agency_status',
    ])
    .where('c.client_id', '=', clientId)
    .executeTakeFirst();
  if (!client) return undefined;
  const grants = await db
    .selectFrom('exchange_grants')
    .select(['purpose', 'unit_codes'])
    .where('client_id', '=', clientId)
    .orderBy('purpose')
    .execute();
  return {
    ...client,
    purposes: grants.map((g) => g.purpose),
    grants: grants.map((g) => ({ purpose: g.purpose, unitCodes: g.unit_codes })),
  };
}

export const updateClientJwks = (db: Db, clientId: string, jwks: unknown) =>
  db
    .updateTable('exchange_clients')
    .set({ jwks: json(jwks) })
    .where('client_id', '=', clientId)
    .returning('client_id')
    .executeTakeFirst();

/** Grants a purpose (again: its units are replaced). */
export const insertGrant = (db: Db, clientId: string, purpose: string, unitCodes: readonly string[] = []) =>
  db
    .insertInto('exchange_grants')
    .values({ client_id: clientId, purpose, unit_codes: [...unitCodes] })
    .onConflict((oc) => oc.columns(['client_id', 'purpose']).doUpdateSet({ unit_codes: [...unitCodes] }))
    .execute();

export const deleteGrant = (db: Db, clientId: string, purpose: string) =>
  db
    .deleteFrom('exchange_grants')
    .where('client_id', '=', clientId)
    .where('purpose', '=', purpose)
    .returning('purpose')
    .executeTakeFirst();

export const listPurposes = (db: Db) =>
  db.selectFrom('exchange_purposes').selectAll().orderBy('code').execute();

export const findPurpose = (db: Db, code: string) =>
  db.selectFrom('exchange_purposes').selectAll().where('code', '=', code).executeTakeFirst();

export const insertPurpose = (db: Db, row: Insertable<ExchangePurposesTable>) =>
  db
    .insertInto('exchange_purposes')
    .values(row)
    .onConflict((oc) => oc.column('code').doNothing())
    .returningAll()
    .executeTakeFirst();

export const clientAgencies = (db: Db, clientIds: readonly string[]) =>
  db
    .selectFrom('exchange_clients as c')
    .innerJoin('exchange_agencies as a', 'a.id', 'c.agency_id')
    .select(['c.client_id', 'a.name', 'a.code'])
    .where('c.client_id', 'in', [...clientIds])
    .execute();
