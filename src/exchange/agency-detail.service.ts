import type { Database } from '../db/index.js';
import { failingWebhooks } from '../events/index.js';
import type { Actor } from '../shared/context.js';
import { notFound } from '../shared/errors.js';
import {
  type AgencyView,
  agencyView,
  assertAdmin,
  type ClientView,
  type Jwks,
  listClients,
} from './clients.service.js';
import * as repo from './exchange.repo.js';

/** What the operator console shows of one agency, one client's keys, and failing webhooks. */

/** An agency (by id or code) with its clients, their key ids and granted purposes. */
export async function agencyDetail(
  database: Database,
  actor: Actor,
  idOrCode: string,
): Promise<AgencyView & { clients: ClientView[] }> {
  assertAdmin(actor);
  const row = await repo.findAgency(database.db, idOrCode);
  if (!row) throw notFound('exchange.agency_not_found', `No agency ${idOrCode}`);
  return { ...agencyView(row), clients: await listClients(database, actor, row.id) };
}

/**
 * The client's registered public keys (a JWKS), so that an operator can rotate them:
 * send the list with a key added or removed to PUT /clients/{id}/keys.
 */
export async function clientKeys(database: Database, actor: Actor, clientId: string): Promise<Jwks> {
  assertAdmin(actor);
  const c = await repo.findClientWithGrants(database.db, clientId);
  if (!c) throw notFound('exchange.client_not_found', `No client ${clientId}`);
  return { keys: c.jwks.keys };
}

/**
 * Webhook subscriptions that are failing (retrying or dead letters), with the agency (code
 * and name) of the client that owns each; null when the owner is not an agency client.
 */
export async function failingAgencyWebhooks(database: Database) {
  const failing = await failingWebhooks(database.db);
  const owners = [...new Set(failing.map((w) => w.owner))];
  const rows = owners.length ? await repo.clientAgencies(database.db, owners) : [];
  const byClient = new Map(rows.map((r) => [r.client_id, { code: r.code, name: r.name }]));
  return failing.map((w) => {
    const a = byClient.get(w.owner);
    return { ...w, agency: a?.name ?? null, agencyCode: a?.code ?? null };
  });
}
