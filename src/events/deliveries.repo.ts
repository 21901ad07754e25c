import { type Insertable, sql, type Transaction } from 'kysely';
import type { Db, Tables } from '../db/index.js';
import type { Cursor, SubscriptionsTable } from './events.repo.js';

/** SQL of subscriptions and deliveries, and nothing else. `Tx` functions run in a transaction. */
type Tx = Transaction<Tables>;

const subscriptionColumns = [
  'id',
  'owner',
  'event_types',
  'unit_codes',
  'callback_url',
  'active',
  'created_at',
  'cursor_position',
  'last_delivered_position',
  'purpose',
  'fields',
] as const;

export const insertSubscription = (db: Db, row: Insertable<SubscriptionsTable>, start: Cursor) =>
  db
    .insertInto('subscriptions')
    .values({ ...row, cursor_tx: sql`${start.tx}::xid8`, cursor_position: start.position })
    .returning(subscriptionColumns)
    .executeTakeFirstOrThrow();

export const listSubscriptions = (db: Db, owner?: string) => {
  let q = db.selectFrom('subscriptions').select(subscriptionColumns).orderBy('created_at').orderBy('id');
  if (owner !== undefined) q = q.where('owner', '=', owner);
  return q.execute();
};

export const findSubscription = (db: Db, id: string) =>
  db.selectFrom('subscriptions').select(subscriptionColumns).where('id', '=', id).executeTakeFirst();

export const deactivateSubscription = (db: Db, id: string, owner?: string) =>
  db
    .updateTable('subscriptions')
    .set({ active: false })
    .where('id', '=', id)
    .$if(owner !== undefined, (q) => q.where('owner', '=', owner as string))
    .returning(subscriptionColumns)
    .executeTakeFirst();

/** What fan-out reads of a subscription: its filters and its cursor. */
const subscriptionCursorColumns = [
  'id',
  'owner',
  'purpose',
  'fields',
  'event_types',
  'unit_codes',
  sql<string>`cursor_tx::text`.as('cursor_tx'),
  'cursor_position',
] as const;

/** Active subscriptions no other worker is fanning out right now, locked for this one. */
export const lockActiveSubscriptionsTx = (trx: Tx) =>
  trx
    .selectFrom('subscriptions')
    .select(subscriptionCursorColumns)
    .where('active', '=', true)
    .orderBy('id')
    .forUpdate()
    .skipLocked()
    .execute();

/** Active purpose-bound subscriptions with their cursors (read without locking). */
export const activePurposeSubscriptions = (db: Db) =>
  db
    .selectFrom('subscriptions')
    .select(subscriptionCursorColumns)
    .where('active', '=', true)
    .where('purpose', 'is not', null)
    .execute();

export const insertDeliveriesTx = (
  trx: Tx,
  rows: { subscription_id: string; position: number; tx: string }[],
) =>
  rows.length === 0
    ? Promise.resolve()
    : trx
        .insertInto('deliveries')
        .values(
          rows.map((r) => ({
            subscription_id: r.subscription_id,
            position: r.position,
            tx_id: sql<string>`${r.tx}::xid8`,
          })),
        )
        .onConflict((oc) => oc.columns(['subscription_id', 'position']).doNothing())
        .execute();

export const moveSubscriptionCursorTx = (trx: Tx, id: string, to: Cursor) =>
  trx
    .updateTable('subscriptions')
    .set({ cursor_tx: sql`${to.tx}::xid8`, cursor_position: to.position })
    .where('id', '=', id)
    .execute();

/**
 * Claims due deliveries: for each active subscription only the first pending one in
 * outbox order (strict order), locked with SKIP LOCKED so that workers never claim the
 * same row, and leased by moving its next attempt `leaseMs` ahead (a worker that dies
 * mid-delivery is thus retried by another after the lease).
 */
export const claimDue = async (db: Db, limit: number, leaseMs: number) => {
  const r = await sql<{ subscription_id: string; position: number; attempts: number; data: unknown }>`
    UPDATE deliveries d
       SET next_attempt_at = now() + make_interval(secs => ${leaseMs / 1000}),
           attempts = d.attempts + 1,
           last_attempt_at = now()
      FROM (
        SELECT x.subscription_id, x.position FROM deliveries x
          JOIN subscriptions s ON s.id = x.subscription_id AND s.active
          JOIN LATERAL (
            SELECT h.position FROM deliveries h
             WHERE h.subscription_id = x.subscription_id AND h.state = 'pending'
             ORDER BY h.tx_id, h.position LIMIT 1) head ON head.position = x.position
         WHERE x.state = 'pending' AND x.next_attempt_at <= now()
         ORDER BY x.next_attempt_at
         LIMIT ${limit}
         FOR UPDATE OF x SKIP LOCKED) c
     WHERE d.subscription_id = c.subscription_id AND d.position = c.position
       AND d.state = 'pending'
    RETURNING d.subscription_id, d.position, d.attempts, d.data`.execute(db);
  return r.rows;
};

export const subscriptionsByIds = (db: Db, ids: string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('subscriptions')
        .select(['id', 'owner', 'callback_url', 'secret', 'purpose', 'fields', 'event_types', 'unit_codes'])
        .where('id', 'in', ids)
        .execute();

/** Keeps what the gate prepared for a purpose-bound delivery, so that retries send the same. */
export const saveDeliveryData = (
  db: Db,
  subscriptionId: string,
  position: number,
  data: unknown,
  fields: readonly string[],
) =>
  db
    .updateTable('deliveries')
    .set({ data: sql`${JSON.stringify(data)}::jsonb`, fields: [...fields] })
    .where('subscription_id', '=', subscriptionId)
    .where('position', '=', position)
    .execute();

/** Records deliveries the subscription's purpose does not allow (not sent; replay retries them). */
export const markSkipped = (
  db: Db,
  rows: { subscriptionId: string; position: number; attempts: number }[],
  why: string,
) =>
  rows.length === 0
    ? Promise.resolve()
    : db
        .updateTable('deliveries')
        .set({ state: 'skipped', last_error: why.slice(0, 500) })
        .where((eb) =>
          eb.or(
            rows.map((r) =>
              eb.and([
                eb('subscription_id', '=', r.subscriptionId),
                eb('position', '=', r.position),
                eb('attempts', '=', r.attempts),
              ]),
            ),
          ),
        )
        .execute()
        .then(() => undefined);

/**
 * Records successful deliveries in `trx` (state, and each subscription's "last delivered"
 * mark); the caller appends their audit entries in the same transaction.
 *
 * Each outcome (here, in markFailed and markSkipped) is written only if the row is still
 * at the attempt that was claimed: a replay that reset it meanwhile (attempts 0, due now)
 * is not overwritten, so the event is delivered again as the replay asked.
 */
export async function markDeliveredTx(
  trx: Tx,
  rows: readonly { subscriptionId: string; position: number; attempts: number; status: number }[],
) {
  for (const r of rows) {
    await trx
      .updateTable('deliveries')
      .set({ state: 'delivered', last_status: r.status, last_error: null, delivered_at: sql`now()` })
      .where('subscription_id', '=', r.subscriptionId)
      .where('position', '=', r.position)
      .where('attempts', '=', r.attempts)
      .execute();
  }
  const highest = new Map<string, number>();
  for (const r of rows)
    highest.set(r.subscriptionId, Math.max(highest.get(r.subscriptionId) ?? 0, r.position));
  for (const [id, position] of highest)
    await trx
      .updateTable('subscriptions')
      .set({
        last_delivered_position: sql`GREATEST(coalesce(last_delivered_position, 0), ${position}::bigint)`,
      })
      .where('id', '=', id)
      .execute();
}

/** Records a failed attempt: retry at `nextAttemptAt`, or dead. */
export const markFailed = (
  db: Db,
  subscriptionId: string,
  position: number,
  attempts: number,
  failure: { status: number | null; error: string; dead: boolean; retryInMs: number },
) =>
  db
    .updateTable('deliveries')
    .set({
      state: failure.dead ? 'dead' : 'pending',
      last_status: failure.status,
      last_error: failure.error.slice(0, 500),
      next_attempt_at: sql`now() + make_interval(secs => ${failure.retryInMs / 1000})`,
    })
    .where('subscription_id', '=', subscriptionId)
    .where('position', '=', position)
    .where('attempts', '=', attempts)
    .execute();

/** Dead deliveries with their event's id and type, oldest first. */
export const deadLetters = (db: Db, subscriptionId: string | undefined, limit: number) => {
  let q = db
    .selectFrom('deliveries as d')
    .innerJoin('outbox as o', 'o.position', 'd.position')
    .select([
      'd.subscription_id',
      'd.position',
      'o.id as event_id',
      'o.type',
      'd.attempts',
      'd.last_status',
      'd.last_error',
      'd.last_attempt_at',
    ])
    .where('d.state', '=', 'dead')
    .orderBy('d.subscription_id')
    .orderBy('d.position')
    .limit(limit);
  if (subscriptionId !== undefined) q = q.where('d.subscription_id', '=', subscriptionId);
  return q.execute();
};

/** A replay range, checked: positions or times (ISO 8601 with zone), both inclusive. */
export type RequeueRange =
  | { kind: 'position'; from: number; to?: number | undefined }
  | { kind: 'time'; from: string; to?: string | undefined };

/**
 * Puts every event of the range (by position, or by `occurred_at` for times) that the
 * subscription has passed (delivered, dead, or never taken because it matched no filter
 * at the time — only matching ones) back in the queue: attempts reset, due now. Returns how many.
 */
export const requeueRange = async (db: Db, subscriptionId: string, range: RequeueRange) => {
  const bounds =
    range.kind === 'position'
      ? sql`o.position >= ${range.from} AND o.position <= ${range.to ?? Number.MAX_SAFE_INTEGER}`
      : range.to === undefined
        ? sql`o.occurred_at >= ${range.from}::timestamptz`
        : sql`o.occurred_at >= ${range.from}::timestamptz AND o.occurred_at <= ${range.to}::timestamptz`;
  const r = await sql`
    INSERT INTO deliveries (subscription_id, position, tx_id)
    SELECT s.id, o.position, o.tx_id FROM subscriptions s
      JOIN outbox o ON ${bounds}
       AND (o.tx_id, o.position) <= (s.cursor_tx, s.cursor_position)
       AND (cardinality(s.event_types) = 0 OR o.type = ANY (s.event_types))
       -- purpose-bound: the gate judges units (containment) before each attempt
       AND (cardinality(s.unit_codes) = 0 OR s.purpose IS NOT NULL OR o.unit_codes && s.unit_codes)
     WHERE s.id = ${subscriptionId}
    ON CONFLICT (subscription_id, position) DO UPDATE
      SET state = 'pending', attempts = 0, next_attempt_at = now(), last_error = NULL,
          last_status = NULL, delivered_at = NULL`.execute(db);
  return Number(r.numAffectedRows ?? 0);
};
