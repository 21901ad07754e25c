import { randomBytes, randomUUID } from 'node:crypto';
import type { Database } from '../db/index.js';
import type { Actor } from '../shared/context.js';
import { badRequest, conflict, forbidden, notFound } from '../shared/errors.js';
import { getUnit } from '../units/index.js';
import * as repo from './exchange.repo.js';
import { EVENT_TYPES, type EventType, FIELDS, OPERATIONS, type Purpose } from './purposes.js';

/** Operator side of the exchange: agencies, their clients, keys, purposes and grants. */

export const assertAdmin = (actor: Actor) => {
  if (!actor.roles.includes('admin'))
    throw forbidden('exchange.admin_only', 'Only an admin may manage agencies, clients and purposes');
};

const KINDS = ['ministry', 'province', 'hospital', 'bank', 'insurer', 'other'] as const;
export type AgencyKind = (typeof KINDS)[number];

export interface AgencyView {
  id: string;
  code: string;
  name: string;
  kind: string;
  unitCode: string | null;
  status: string;
  createdAt: string;
}

export const agencyView = (r: repo.AgencyRow): AgencyView => ({
  id: r.id,
  code: r.code,
  name: r.name,
  kind: r.kind,
  unitCode: r.unit_code,
  status: r.status,
  createdAt: new Date(r.created_at).toISOString(),
});

/** Registers a member agency; its code is unique. */
export async function addAgency(
  database: Database,
  actor: Actor,
  input: { code: string; name: string; kind: AgencyKind; unitCode?: string | undefined },
): Promise<AgencyView> {
  assertAdmin(actor);
  if (!KINDS.includes(input.kind))
    throw badRequest('exchange.invalid_kind', `kind must be one of ${KINDS.join(', ')}`);
  const row = await repo.insertAgency(database.db, {
    id: randomUUID(),
    code: input.code,
    name: input.name.normalize('NFC'),
    kind: input.kind,
    unit_code: input.unitCode ?? null,
  });
  if (!row) throw conflict('exchange.agency_exists', `Agency ${input.code} exists already`);
  return agencyView(row);
}

export async function listAgencies(database: Database, actor: Actor): Promise<AgencyView[]> {
  assertAdmin(actor);
  return (await repo.listAgencies(database.db)).map(agencyView);
}

export type Jwks = { keys: Record<string, unknown>[] };

/** Public keys only, each usable for a signature algorithm we accept. */
export function checkJwks(jwks: unknown): Jwks {
  const keys = (jwks as Jwks | undefined)?.keys;
  if (!Array.isArray(keys) || keys.length === 0 || keys.length > 10)
    throw badRequest('exchange.invalid_jwks', 'jwks must be {"keys": [1 … 10 public JWKs]}');
  for (const [i, k] of keys.entries()) {
    const bad = (message: string) =>
      badRequest('exchange.invalid_jwks', `key ${i}: ${message}`, [{ field: `jwks.keys.${i}`, message }]);
    if (typeof k !== 'object' || k === null) throw bad('not an object');
    if ('d' in k) throw bad('a private key was sent; send only the public key');
    if (!['EC', 'RSA', 'OKP'].includes(String(k.kty))) throw bad('kty must be EC, RSA or OKP');
  }
  return { keys };
}

export interface ClientView {
  clientId: string;
  agencyId: string;
  name: string;
  status: string;
  keyIds: string[];
  purposes: string[];
  /** Each granted purpose with the units it is limited to (empty = everywhere). */
  grants: { purpose: string; unitCodes: string[] }[];
}

/** Registers a client (one system of an agency) with its public keys; returns the client_id. */
export async function addClient(
  database: Database,
  actor: Actor,
  agencyIdOrCode: string,
  input: { name: string; jwks: unknown },
): Promise<ClientView> {
  assertAdmin(actor);
  const agency = await repo.findAgency(database.db, agencyIdOrCode);
  if (!agency) throw notFound('exchange.agency_not_found', `No agency ${agencyIdOrCode}`);
  const jwks = checkJwks(input.jwks);
  const clientId = `${agency.code}.${randomBytes(6).toString('hex')}`;
  await repo.insertClient(database.db, { client_id: clientId, agency_id: agency.id, name: input.name, jwks });
  return getClient(database, actor, clientId);
}

export async function getClient(database: Database, actor: Actor, clientId: string): Promise<ClientView> {
  assertAdmin(actor);
  const c = await repo.findClientWithGrants(database.db, clientId);
  if (!c) throw notFound('exchange.client_not_found', `No client ${clientId}`);
  return {
    clientId: c.client_id,
    agencyId: c.agency_id,
    name: c.name,
    status: c.status,
    keyIds: c.jwks.keys.map((k) => String(k.kid ?? '')),
    purposes: c.purposes,
    grants: c.grants,
  };
}

/** Replaces the client's public keys (rotation: add new, switch, then drop the old one). */
export async function replaceClientKeys(
  database: Database,
  actor: Actor,
  clientId: string,
  jwks: unknown,
): Promise<ClientView> {
  assertAdmin(actor);
  const checked = checkJwks(jwks);
  if (!(await repo.updateClientJwks(database.db, clientId, checked)))
    throw notFound('exchange.client_not_found', `No client ${clientId}`);
  return getClient(database, actor, clientId);
}

/**
 * Grants a purpose to a client, optionally only in some administrative units (province or
 * commune codes; empty = everywhere): subscriptions under the grant then see only events
 * in those units. Granting again replaces the units.
 */
export async function grantPurpose(
  database: Database,
  actor: Actor,
  clientId: string,
  purpose: string,
  unitCodes: readonly string[] = [],
) {
  assertAdmin(actor);
  await getClient(database, actor, clientId);
  if (!(await repo.findPurpose(database.db, purpose)))
    throw notFound('exchange.purpose_not_found', `No purpose ${purpose}`);
  const units = [...new Set(unitCodes)];
  const unknown: string[] = [];
  for (const u of units) if (!(await getUnit(database.db, u))) unknown.push(u);
  if (unknown.length)
    throw badRequest(
      'exchange.unknown_unit',
      `Unknown administrative unit(s): ${unknown.join(', ')}`,
      unknown.map((u) => ({ field: 'unitCodes', message: `unknown unit ${u}` })),
    );
  await repo.insertGrant(database.db, clientId, purpose, units);
  return getClient(database, actor, clientId);
}

export async function revokePurpose(database: Database, actor: Actor, clientId: string, purpose: string) {
  assertAdmin(actor);
  if (!(await repo.deleteGrant(database.db, clientId, purpose)))
    throw notFound('exchange.grant_not_found', `Client ${clientId} has no grant ${purpose}`);
  return getClient(database, actor, clientId);
}

export const purposeView = (r: repo.PurposeRow): Purpose => ({
  code: r.code,
  titleVi: r.title_vi,
  titleEn: r.title_en,
  legalBasis: r.legal_basis,
  documentNumber: r.document_number,
  operations: r.operations as Purpose['operations'],
  fields: r.fields as Purpose['fields'],
  eventTypes: r.event_types as Purpose['eventTypes'],
});

/** Every purpose (readable by any operator). */
export async function listPurposes(database: Database): Promise<Purpose[]> {
  return (await repo.listPurposes(database.db)).map(purposeView);
}

/** Defines a purpose. One that allows `subscribe` names the change events it may receive. */
export async function addPurpose(
  database: Database,
  actor: Actor,
  input: Omit<Purpose, 'eventTypes'> & { eventTypes?: readonly string[] | undefined },
): Promise<Purpose> {
  assertAdmin(actor);
  const p = { ...input, eventTypes: [...new Set(input.eventTypes ?? [])] as EventType[] };
  const badOps = p.operations.filter((o) => !OPERATIONS.includes(o));
  const badFields = p.fields.filter((f) => !FIELDS.includes(f));
  const badTypes = p.eventTypes.filter((t) => !EVENT_TYPES.includes(t));
  const subscribes = p.operations.includes('subscribe');
  const typeProblem =
    subscribes && p.eventTypes.length === 0
      ? 'a purpose that allows subscribe names its event types'
      : !subscribes && p.eventTypes.length > 0
        ? 'event types need the subscribe operation'
        : undefined;
  if (badOps.length || badFields.length || badTypes.length || typeProblem || p.operations.length === 0)
    throw badRequest('exchange.invalid_purpose', 'Unknown operations, fields or event types', [
      ...badOps.map((o) => ({ field: 'operations', message: `unknown operation ${o}` })),
      ...badFields.map((f) => ({ field: 'fields', message: `unknown field ${f}` })),
      ...badTypes.map((t) => ({ field: 'eventTypes', message: `unknown event type ${t}` })),
      ...(typeProblem ? [{ field: 'eventTypes', message: typeProblem }] : []),
    ]);
  const row = await repo.insertPurpose(database.db, {
    code: p.code,
    title_vi: p.titleVi.normalize('NFC'),
    title_en: p.titleEn,
    legal_basis: p.legalBasis.normalize('NFC'),
    document_number: p.documentNumber.normalize('NFC'),
    operations: [...new Set(p.operations)],
    fields: [...new Set(p.fields)],
    event_types: p.eventTypes,
  });
  if (!row) throw conflict('exchange.purpose_exists', `Purpose ${p.code} exists already`);
  return purposeView(row);
}

/**
 * The client as oidc-provider needs it (Client model of the adapter): only the client
 * credentials grant with private_key_jwt; undefined when unknown or suspended.
 */
export async function clientMetadata(database: Database, clientId: string) {
  const c = await repo.findClientWithGrants(database.db, clientId);
  if (c?.status !== 'active' || c.agency_status !== 'active') return undefined;
  return {
    client_id: c.client_id,
    client_name: c.name,
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: 'private_key_jwt',
    id_token_signed_response_alg: 'ES256',
    jwks: c.jwks,
    purposes: c.purposes.join(' '),
    agency_code: c.agency_code,
    agency_name: c.agency_name,
  };
}

/** Agency name of each client id (for the access log). */
export async function clientAgencyNames(
  database: Database,
  clientIds: readonly string[],
): Promise<Map<string, string>> {
  const ids = [...new Set(clientIds)];
  if (ids.length === 0) return new Map();
  const rows = await repo.clientAgencies(database.db, ids);
  return new Map(rows.map((r) => [r.client_id, r.name]));
}

/** The clients of an agency (id or code), with their key ids and purposes. */
export async function listClients(
  database: Database,
  actor: Actor,
  agencyIdOrCode: string,
): Promise<ClientView[]> {
  assertAdmin(actor);
  const agency = await repo.findAgency(database.db, agencyIdOrCode);
  if (!agency) throw notFound('exchange.agency_not_found', `No agency ${agencyIdOrCode}`);
  const rows = await repo.listClients(database.db, agency.id);
  return Promise.all(rows.map((r) => getClient(database, actor, r.client_id)));
}
