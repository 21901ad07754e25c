import type { Database } from '../db/index.js';
import {
  createSubscription,
  deactivateSubscription,
  listSubscriptions,
  type Subscription,
} from '../events/index.js';
import { badRequest, forbidden } from '../shared/errors.js';
import { getUnit, unitContains } from '../units/index.js';
import type { ExchangeCaller } from './auth-server.js';
import { authorize, readEntry } from './exchange.service.js';
import type { EventType, Field } from './purposes.js';
import type { ExchangeRuntime } from './runtime.js';

/**
 * An agency client's own webhook subscriptions. Each serves one purpose (the request's
 * Dancu-Purpose), which must allow `subscribe` and bounds what the subscription receives:
 * its event types, the units of the grant, its fields. What it asks beyond that is refused
 * (403) and audited as denied; what it receives is filtered and cut down at delivery by
 * the exchange's gate (subscription-gate.ts).
 */
export interface AgencySubscriptionInput {
  callbackUrl: string;
  secret?: string | undefined;
  /** Absent or empty = all the purpose's event types. */
  eventTypes?: readonly EventType[] | undefined;
  /** Absent or empty = all the grant's units (the whole country for a nationwide grant). */
  unitCodes?: readonly string[] | undefined;
  /** Absent = all the purpose's fields; empty = no person data, only what happened to whom. */
  fields?: readonly Field[] | undefined;
}

/** The units of `wanted` that no unit of the grant contains (none when the grant is nationwide). */
async function outsideGrant(database: Database, grantUnits: readonly string[], wanted: readonly string[]) {
  if (grantUnits.length === 0) return [];
  const outside: string[] = [];
  for (const w of wanted) {
    let inside = false;
    for (const g of grantUnits) if (g === w || (await unitContains(database.db, g, w))) inside = true;
    if (!inside) outside.push(w);
  }
  return outside;
}

/** Creates a subscription for the calling client; the secret is returned only here. */
export async function createAgencySubscription(
  database: Database,
  rt: ExchangeRuntime,
  caller: ExchangeCaller,
  purposeCode: string | undefined,
  input: AgencySubscriptionInput,
): Promise<{ subscription: Subscription; secret: string }> {
  const purpose = await authorize(rt, caller, purposeCode, 'subscribe', input.fields ?? []);
  const grant = await rt.policy.grant(caller.clientId, purpose.code);
  const grantUnits = grant?.unitCodes ?? [];
  const refuse = async (code: string, why: string, fields: readonly string[] = []) => {
    await rt.audit.append(
      readEntry(caller, 'subscribe', purpose.code, undefined, fields, 'denied', { reason: why }),
    );
    return forbidden(code, why);
  };
  const types = input.eventTypes?.length ? [...new Set(input.eventTypes)] : purpose.eventTypes;
  const badTypes = types.filter((t) => !purpose.eventTypes.includes(t));
  if (badTypes.length)
    throw await refuse(
      'exchange.event_type_not_allowed',
      `purpose ${purpose.code} does not cover event type(s) ${badTypes.join(', ')} (it allows ${purpose.eventTypes.join(', ') || 'none'})`,
    );
  const units = input.unitCodes?.length ? [...new Set(input.unitCodes)] : grantUnits;
  const unknown: string[] = [];
  for (const u of units) if (!(await getUnit(database.db, u))) unknown.push(u);
  if (unknown.length)
    throw badRequest(
      'exchange.unknown_unit',
      `Unknown administrative unit(s): ${unknown.join(', ')}`,
      unknown.map((u) => ({ field: 'unitCodes', message: `unknown unit ${u}` })),
    );
  const outside = await outsideGrant(database, grantUnits, units);
  if (outside.length)
    throw await refuse(
      'exchange.unit_not_allowed',
      `unit(s) ${outside.join(', ')} are outside the units granted for ${purpose.code} (${grantUnits.join(', ')})`,
    );
  return createSubscription(database.db, {
    owner: caller.clientId,
    eventTypes: types,
    unitCodes: units,
    callbackUrl: input.callbackUrl,
    ...(input.secret ? { secret: input.secret } : {}),
    purpose: purpose.code,
    fields: input.fields ?? purpose.fields,
  });
}

/** The calling client's subscriptions (active and ended). */
export const listAgencySubscriptions = (database: Database, caller: ExchangeCaller) =>
  listSubscriptions(database.db, caller.clientId);

/** Ends one of the calling client's subscriptions; another's is a 404 like an unknown one. */
export const deleteAgencySubscription = (database: Database, caller: ExchangeCaller, id: string) =>
  deactivateSubscription(database.db, id, caller.clientId);
