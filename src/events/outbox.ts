import { randomUUID } from 'node:crypto';
import type { Database, Db } from '../db/index.js';
import * as repo from './events.repo.js';

/** The change events that leave the system. */
export const OUTBOX_TYPES = [
  'person.born',
  'person.died',
  'person.moved',
  'person.corrected',
  'card.changed',
] as const;
export type OutboxType = (typeof OUTBOX_TYPES)[number];

/** One change event to append to the outbox. */
export interface OutboxEventInput {
  /** Event id (uuid); generated when absent. Receivers de-duplicate on it. */
  id?: string;
  type: OutboxType;
  /** The person concerned (personal ID number). */
  subject: string;
  /** Units affected: e.g. old and new residence unit and their provinces. */
  unitCodes: readonly string[];
  /** Fields of the person that changed. */
  fields: readonly string[];
  /** Effective date of the fact (YYYY, YYYY-MM or YYYY-MM-DD). */
  effectiveDate: string;
  /** When the change was recorded (ISO timestamp); now when absent. */
  occurredAt?: string;
  /** The person's version after the change. */
  version?: number;
}

/**
 * The payload stored and sent: minimal on purpose. Receivers fetch details through a
 * purpose-checked lookup.
 */
export interface OutboxPayload {
  pid: string;
  type: OutboxType;
  effectiveDate: string;
  unitCodes: string[];
  fields: string[];
  version?: number;
}

const unique = (xs: readonly string[]) => [...new Set(xs.filter((x) => x))];

function toRow(e: OutboxEventInput) {
  const unitCodes = unique(e.unitCodes);
  const fields = unique(e.fields);
  const payload: OutboxPayload = {
    pid: e.subject,
    type: e.type,
    effectiveDate: e.effectiveDate,
    unitCodes,
    fields,
    ...(e.version !== undefined ? { version: e.version } : {}),
  };
  return {
    id: e.id ?? randomUUID(),
    type: e.type,
    subject: e.subject,
    unit_codes: unitCodes,
    fields,
    payload,
    occurred_at: e.occurredAt ?? new Date().toISOString(),
  };
}

/**
 * Appends change events to the outbox. Call it with the transaction that writes the
 * change (a Kysely transaction is a `Db` too): the event exists if and only if the change
 * commits. Returns each event's position (global order) and id.
 *
 * @example
 *   await db.transaction().execute(async (trx) => {
 *     await writeTheChange(trx);
 *     await appendOutbox(trx, { type: 'person.born', subject: pid, unitCodes: ['01'], fields: [], effectiveDate });
 *   });
 */
export async function appendOutbox(
  trx: Db,
  event: OutboxEventInput,
): Promise<{ position: number; id: string }> {
  const [row] = await repo.insertOutbox(trx, [toRow(event)]);
  return row!;
}

/**
 * Appends many events at once with COPY (bulk loads). Each call is its own statement:
 * not atomic with other writes, like the bulk path it serves. Returns the number written.
 */
export async function appendOutboxBatch(database: Database, events: readonly OutboxEventInput[]) {
  if (events.length === 0) return 0;
  return database.copyInto(
    'outbox',
    ['id', 'type', 'subject', 'unit_codes', 'fields', 'payload', 'occurred_at'],
    (function* () {
      for (const e of events) {
        const r = toRow(e);
        yield [r.id, r.type, r.subject, r.unit_codes, r.fields, r.payload, r.occurred_at];
      }
    })(),
  );
}

/** Positions and types of outbox events after `after` (operators' view; no personal data). */
export async function listOutbox(db: Db, opts: { after?: number; limit?: number } = {}) {
  const rows = await repo.listOutbox(db, opts.after ?? 0, Math.min(opts.limit ?? 100, 1000));
  return rows.map((r) => ({
    position: r.position,
    type: r.type,
    recordedAt: new Date(r.recorded_at).toISOString(),
  }));
}
