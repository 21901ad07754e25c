import { randomBytes } from 'node:crypto';
import type { Db } from '../db/index.js';
import { badRequest, notFound } from '../shared/errors.js';
import * as repo from './deliveries.repo.js';
import { currentStart } from './events.repo.js';
import { OUTBOX_TYPES, type OutboxType } from './outbox.js';

/** A webhook subscription as shown to operators (never with its secret). */
export interface Subscription {
  id: string;
  owner: string;
  eventTypes: OutboxType[];
  unitCodes: string[];
  callbackUrl: string;
  active: boolean;
  createdAt: string;
  lastDeliveredPosition: number | null;
  /** The agency purpose it serves (made through the exchange API); null for operators' ones. */
  purpose: string | null;
  /** Fields the delivered payload may carry (purpose-bound only; null = minimal payload). */
  fields: string[] | null;
}

export interface NewSubscription {
  /** Opaque owner (the exchange module passes its client id). */
  owner: string;
  /** Types to receive; empty = all. */
  eventTypes?: OutboxType[];
  /** Only events touching one of these units (commune or province codes); empty = all. */
  unitCodes?: string[];
  /** http(s) URL the events are POSTed to. */
  callbackUrl: string;
  /** HMAC secret; generated when absent. */
  secret?: string;
  /**
   * The purpose the subscription serves. A purpose-bound subscription receives what the
   * delivery gate prepares for each event (see gate.ts); set by the exchange module, which
   * has checked the purpose.
   */
  purpose?: string;
  /** Fields the delivered payload may carry (with `purpose`). */
  fields?: readonly string[];
}

type Row = Awaited<ReturnType<typeof repo.listSubscriptions>>[number];

const shape = (r: Row): Subscription => ({
  id: r.id,
  owner: r.owner,
  eventTypes: r.event_types as OutboxType[],
  unitCodes: r.unit_codes,
  callbackUrl: r.callback_url,
  active: r.active,
  createdAt: new Date(r.created_at).toISOString(),
  lastDeliveredPosition: r.last_delivered_position,
  purpose: r.purpose ?? null,
  fields: r.fields ?? null,
});

function checkUrl(raw: string) {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw badRequest('events.invalid_callback_url', 'callbackUrl must be an absolute http(s) URL', [
      { field: 'callbackUrl', message: 'not a URL' },
    ]);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw badRequest('events.invalid_callback_url', 'callbackUrl must be an http(s) URL', [
      { field: 'callbackUrl', message: `unsupported scheme ${u.protocol}` },
    ]);
}

/**
 * Subscribes a callback URL to change events. It receives events committed from now on
 * (use `replay` for older ones). Returns the subscription and its signing secret (shown
 * only here).
 */
export async function createSubscription(db: Db, input: NewSubscription) {
  checkUrl(input.callbackUrl);
  const bad = (input.eventTypes ?? []).filter((t) => !OUTBOX_TYPES.includes(t));
  if (bad.length)
    throw badRequest('events.unknown_type', `Unknown event type(s): ${bad.join(', ')}`, [
      { field: 'eventTypes', message: `one of ${OUTBOX_TYPES.join(', ')}` },
    ]);
  const secret = input.secret ?? randomBytes(32).toString('base64url');
  const row = await repo.insertSubscription(
    db,
    {
      owner: input.owner,
      event_types: [...new Set(input.eventTypes ?? [])],
      unit_codes: [...new Set(input.unitCodes ?? [])],
      callback_url: input.callbackUrl,
      secret,
      last_delivered_position: null,
      ...(input.purpose ? { purpose: input.purpose, fields: [...new Set(input.fields ?? [])] } : {}),
    },
    await currentStart(db),
  );
  return { subscription: shape(row), secret };
}

/** Subscriptions, of one owner or all. */
export async function listSubscriptions(db: Db, owner?: string): Promise<Subscription[]> {
  return (await repo.listSubscriptions(db, owner)).map(shape);
}

/**
 * Stops deliveries to a subscription (kept for its history). 404 when unknown — or, with
 * `owner`, when it belongs to someone else.
 */
export async function deactivateSubscription(db: Db, id: string, owner?: string): Promise<Subscription> {
  const row = isUuid(id) ? await repo.deactivateSubscription(db, id, owner) : undefined;
  if (!row) throw notFound('events.subscription_not_found', `No subscription ${id}`);
  return shape(row);
}

/** Deliveries given up after the maximum attempts, oldest first. */
export async function deadLetters(db: Db, opts: { subscriptionId?: string; limit?: number } = {}) {
  if (opts.subscriptionId !== undefined && !isUuid(opts.subscriptionId)) return [];
  const rows = await repo.deadLetters(db, opts.subscriptionId, Math.min(opts.limit ?? 100, 1000));
  return rows.map((r) => ({
    subscriptionId: r.subscription_id,
    position: r.position,
    eventId: r.event_id,
    type: r.type,
    attempts: r.attempts,
    lastStatus: r.last_status,
    lastError: r.last_error,
    lastAttemptAt: r.last_attempt_at ? new Date(r.last_attempt_at).toISOString() : null,
  }));
}

/**
 * Delivers again every matching event from `fromPosition` on (up to `toPosition`,
 * inclusive, when given: `from = to` replays one event) that the subscription has
 * passed — dead ones and delivered ones alike — with the SAME event ids, so receivers
 * de-duplicate. Events after its cursor follow as usual. Returns how many were re-queued.
 */
export async function replay(
  db: Db,
  opts: { subscriptionId: string; fromPosition: number; toPosition?: number | undefined },
) {
  if (opts.toPosition !== undefined && opts.toPosition < opts.fromPosition)
    throw badRequest('events.bad_range', 'toPosition must not be below fromPosition', [
      { field: 'toPosition', message: `must be at least ${opts.fromPosition}` },
    ]);
  const sub = isUuid(opts.subscriptionId) ? await repo.findSubscription(db, opts.subscriptionId) : undefined;
  if (!sub) throw notFound('events.subscription_not_found', `No subscription ${opts.subscriptionId}`);
  return {
    requeued: await repo.requeueFrom(db, sub.id, Math.max(0, opts.fromPosition), opts.toPosition),
  };
}

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
