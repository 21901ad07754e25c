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
 * Which events a replay re-queues: from a first event to a last one, each given as an
 * outbox position or as an ISO 8601 date-time with a time zone (compared with the event's
 * `occurredAt`, as webhook bodies carry it). Both bounds are inclusive and of the same
 * form; without a `to` bound everything from `from` on is re-queued.
 */
export interface ReplayRange {
  subscriptionId: string;
  fromPosition?: number | undefined;
  fromTime?: string | undefined;
  toPosition?: number | undefined;
  toTime?: string | undefined;
}

/** A date-time with its zone: the instant must not depend on where the command runs. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** A real calendar day (Date.parse would take 30 February as 2 March). */
const realDay = (v: string) => {
  const [y, m, d] = v.slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
};

function checkTime(field: string, v: string) {
  if (!DATE_TIME.test(v.trim()) || !realDay(v.trim()) || Number.isNaN(Date.parse(v.trim().replace(' ', 'T'))))
    throw badRequest('events.bad_range', `${field} must be an ISO 8601 date-time with a time zone`, [
      { field, message: 'e.g. 2026-11-27T22:00:00+07:00 or 2026-11-27T15:00:00Z' },
    ]);
  return v.trim().replace(' ', 'T');
}

function checkPosition(field: string, v: number) {
  if (!Number.isSafeInteger(v) || v < 0)
    throw badRequest('events.bad_range', `${field} must be a whole number ≥ 0`, [
      { field, message: 'an outbox position' },
    ]);
  return v;
}

/** Validates a replay range: one `from` bound, at most one `to` bound of the same form, to ≥ from. */
export function checkReplayRange(r: Omit<ReplayRange, 'subscriptionId'>) {
  const range = (message: string, field: string, detail: string) =>
    badRequest('events.bad_range', message, [{ field, message: detail }]);
  const fromP = r.fromPosition !== undefined ? checkPosition('fromPosition', r.fromPosition) : undefined;
  const toP = r.toPosition !== undefined ? checkPosition('toPosition', r.toPosition) : undefined;
  const fromT = r.fromTime !== undefined ? checkTime('fromTime', r.fromTime) : undefined;
  const toT = r.toTime !== undefined ? checkTime('toTime', r.toTime) : undefined;
  if (fromP === undefined && fromT === undefined)
    throw range('A replay needs where to start: fromPosition or fromTime', 'fromPosition', 'required');
  if (fromP !== undefined && fromT !== undefined)
    throw range('Give fromPosition or fromTime, not both', 'fromTime', 'one start only');
  if (toP !== undefined && toT !== undefined)
    throw range('Give toPosition or toTime, not both', 'toTime', 'one end only');
  if ((fromP !== undefined && toT !== undefined) || (fromT !== undefined && toP !== undefined))
    throw range(
      'The start and the end of a replay must be of the same form: both positions or both times',
      toP !== undefined ? 'toPosition' : 'toTime',
      fromP !== undefined ? 'a position, like fromPosition' : 'a time, like fromTime',
    );
  if (fromP !== undefined && toP !== undefined && toP < fromP)
    throw range(
      'The end of the range (toPosition) is before its start',
      'toPosition',
      `must be at least ${fromP}`,
    );
  if (fromT !== undefined && toT !== undefined && Date.parse(toT) < Date.parse(fromT))
    throw range('The end of the range (toTime) is before its start', 'toTime', `must not be before ${fromT}`);
  return fromP !== undefined
    ? { kind: 'position' as const, from: fromP, to: toP }
    : { kind: 'time' as const, from: fromT as string, to: toT };
}

/**
 * Delivers again every matching event in the range (see {@link ReplayRange}; `from = to`
 * replays one event) that the subscription has passed — dead ones and delivered ones
 * alike — with the SAME event ids, so receivers de-duplicate. Events after its cursor
 * follow as usual. Returns how many were re-queued. A bad range is `events.bad_range`.
 *
 * @example
 *   await replay(db, { subscriptionId, fromTime: '2026-11-27T22:00:00+07:00', toTime: '2026-11-27T23:30:00+07:00' });
 */
export async function replay(db: Db, opts: ReplayRange) {
  const range = checkReplayRange(opts);
  const sub = isUuid(opts.subscriptionId) ? await repo.findSubscription(db, opts.subscriptionId) : undefined;
  if (!sub) throw notFound('events.subscription_not_found', `No subscription ${opts.subscriptionId}`);
  return { requeued: await repo.requeueRange(db, sub.id, range) };
}

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
