import { type Generated, type Insertable, type Selectable, sql } from 'kysely';
import type { Db } from '../db/index.js';

/** SQL of the events module, and nothing else. */
export interface OutboxTable {
  position: Generated<number>;
  id: string;
  tx_id: Generated<string>;
  type: string;
  subject: string;
  unit_codes: string[];
  fields: string[];
  payload: unknown;
  occurred_at: Date | string;
  recorded_at: Generated<Date | string>;
}

export interface SubscriptionsTable {
  id: Generated<string>;
  owner: string;
  event_types: string[];
  unit_codes: string[];
  callback_url: string;
  secret: string;
  active: Generated<boolean>;
  created_at: Generated<Date | string>;
  cursor_tx: Generated<string>;
  cursor_position: Generated<number>;
  last_delivered_position: number | null;
  /** The agency purpose the subscription serves (exchange API); null for operators' ones. */
  purpose: Generated<string | null>;
  /** Fields the delivered payload may carry (purpose-bound only). */
  fields: Generated<string[] | null>;
}

export interface DeliveriesTable {
  subscription_id: string;
  position: number;
  tx_id: string;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date | string>;
  last_status: number | null;
  last_error: string | null;
  last_attempt_at: Date | string | null;
  state: Generated<'pending' | 'delivered' | 'dead' | 'skipped'>;
  delivered_at: Date | string | null;
  created_at: Generated<Date | string>;
  /** The body's data as the purpose allows it (purpose-bound subscriptions). */
  data: Generated<unknown>;
  fields: Generated<string[] | null>;
}

export interface EventPublishersTable {
  name: string;
  cursor_tx: Generated<string>;
  cursor_position: Generated<number>;
  updated_at: Generated<Date | string>;
}

declare module '../db/tables.js' {
  interface Tables {
    outbox: OutboxTable;
    subscriptions: SubscriptionsTable;
    deliveries: DeliveriesTable;
    event_publishers: EventPublishersTable;
  }
}

export type OutboxRow = Selectable<OutboxTable>;
export type SubscriptionRow = Selectable<SubscriptionsTable>;

/** A place in the outbox walk: (transaction id, position). */
export interface Cursor {
  tx: string;
  position: number;
}

/** Inserts outbox rows; `tx_id` defaults to the calling transaction's id. */
export const insertOutbox = (db: Db, rows: Insertable<OutboxTable>[]) =>
  db.insertInto('outbox').values(rows).returning(['position', 'id']).execute();

/**
 * Outbox rows after `cursor` that no running transaction can still add to: only rows
 * whose transaction is older than the oldest one still running. In (tx_id, position) order.
 */
export const outboxAfter = (db: Db, cursor: Cursor, limit: number) =>
  db
    .selectFrom('outbox')
    .select(['position', sql<string>`tx_id::text`.as('tx'), 'type', 'unit_codes'])
    .where(sql<boolean>`(tx_id, position) > (${cursor.tx}::xid8, ${cursor.position}::bigint)`)
    .where(sql<boolean>`tx_id < pg_snapshot_xmin(pg_current_snapshot())`)
    .orderBy('tx_id')
    .orderBy('position')
    .limit(limit)
    .execute();

/** Full outbox rows by position, for delivery and publishing. */
export const outboxByPositions = (db: Db, positions: number[]) =>
  positions.length === 0
    ? Promise.resolve([] as OutboxRow[])
    : db.selectFrom('outbox').selectAll().where('position', 'in', positions).execute();

/** Positions and types after `after`, in position order (the admin's outbox view). */
export const listOutbox = (db: Db, after: number, limit: number) =>
  db
    .selectFrom('outbox')
    .select(['position', 'type', 'recorded_at'])
    .where('position', '>', after)
    .orderBy('position')
    .limit(limit)
    .execute();

/** The cursor where a reader that starts now begins: after everything already committed. */
export const currentStart = async (db: Db): Promise<Cursor> => {
  const r = await sql<{ tx: string }>`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS tx`.execute(db);
  return { tx: r.rows[0]!.tx, position: 0 };
};

/** Is there anything for any active subscription to take into deliveries? (cheap) */
export const anyNewForSubscriptions = async (db: Db) => {
  const r = await sql<{ yes: boolean }>`SELECT EXISTS (
      SELECT 1 FROM subscriptions s WHERE s.active AND EXISTS (
        SELECT 1 FROM outbox o
        WHERE (o.tx_id, o.position) > (s.cursor_tx, s.cursor_position)
          AND o.tx_id < pg_snapshot_xmin(pg_current_snapshot()))) AS yes`.execute(db);
  return r.rows[0]?.yes === true;
};

/** The publisher's cursor (created at the start when absent). */
export const publisherCursor = async (db: Db, name: string): Promise<Cursor> => {
  await db
    .insertInto('event_publishers')
    .values({ name })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const r = await db
    .selectFrom('event_publishers')
    .select([sql<string>`cursor_tx::text`.as('tx'), 'cursor_position as position'])
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return r;
};

/** Moves the publisher's cursor from `from` to `to`; false when another publisher moved it first. */
export const movePublisherCursor = async (db: Db, name: string, from: Cursor, to: Cursor) => {
  const r = await db
    .updateTable('event_publishers')
    .set({
      cursor_tx: sql`${to.tx}::xid8`,
      cursor_position: to.position,
      updated_at: sql`now()`,
    })
    .where('name', '=', name)
    .where(sql<boolean>`cursor_tx = ${from.tx}::xid8`)
    .where('cursor_position', '=', from.position)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
};
