import { createHash, randomInt } from 'node:crypto';
import type { Database } from '../db/index.js';
import { appendOutbox } from '../events/index.js';
import type { Actor } from '../shared/context.js';
import { notFound, preconditionFailed, unprocessable } from '../shared/errors.js';
import { ageOn } from './dates.js';
import { applyEvent, type EventBody, type PersonState } from './fold.js';
import * as households from './households.repo.js';
import { outboxEventOf } from './outbox-events.js';
import { projectionRow } from './projection.js';
import * as repo from './registry.repo.js';
import type { SourceDocument } from './registry.schemas.js';

/** Options of every registry write. */
export interface WriteOptions {
  /** Caller-chosen key: the same key and body give the same result, once. */
  idempotencyKey: string;
  /** The version (ETag) the caller last saw; a different current version is a 412. */
  expectedVersion?: number | undefined;
}

class Replay extends Error {}

const hashOf = (request: unknown) => createHash('sha256').update(JSON.stringify(request)).digest('base64url');

/**
 * Runs a write once per (actor, idempotency key). `prepare` does the checks that need no
 * transaction and returns the transactional part; the result is stored with the key in
 * the same transaction. A repeated key with the same request returns the stored result;
 * with a different request it is a 422 `request.idempotency_key_reused`.
 */
export async function idempotentWrite<T>(
  database: Database,
  actor: Actor,
  key: string,
  request: unknown,
  prepare: () => Promise<(trx: repo.Tx) => Promise<T>>,
): Promise<T> {
  const hash = hashOf(request);
  const replay = async () => {
    const prior = await repo.findIdempotency(database.db, actor.id, key);
    if (!prior) return undefined;
    if (prior.request_hash !== hash)
      throw unprocessable(
        'request.idempotency_key_reused',
        'This Idempotency-Key was used for a different request; use a new key',
      );
    return { value: prior.response as T };
  };
  const first = await replay();
  if (first) return first.value;
  const work = await prepare();
  try {
    return await database.db.transaction().execute(async (trx) => {
      const result = await work(trx);
      const fresh = await repo.insertIdempotencyTx(trx, {
        actor: actor.id,
        key,
        request_hash: hash,
        status: 200,
        response: result,
      });
      if (!fresh) throw new Replay();
      return result;
    });
  } catch (e) {
    if (!(e instanceof Replay)) throw e;
    const again = await replay();
    if (!again) throw e;
    return again.value;
  }
}

/** Checks the caller's If-Match version against the stored one (412 on mismatch). */
export function assertVersion(row: { version: number }, expected: number | undefined) {
  if (expected !== undefined && row.version !== expected)
    throw preconditionFailed(
      'registry.version_mismatch',
      `The person changed meanwhile (now version ${row.version}); reload and try again`,
    );
}

/** The person row, locked; 404 when absent, 412 when not at `expectedVersion`. */
export async function lockForWrite(trx: repo.Tx, pid: string, expectedVersion?: number) {
  const row = await repo.lockPersonTx(trx, pid);
  if (!row) throw notFound('registry.not_found', `No person ${pid}`);
  assertVersion(row, expectedVersion);
  return row;
}

export interface Append {
  body: EventBody;
  effectiveDate: string;
  sourceDocument: SourceDocument;
}

/**
 * Folds `items` into the person's state, appends them as events after `version` and
 * writes the projection (persons, cards, old ids), all in `trx`.
 */
export async function appendTx(
  trx: repo.Tx,
  meta: { actor: string; idempotencyKey?: string | undefined },
  pid: string,
  state: PersonState | undefined,
  version: number,
  items: Append[],
): Promise<{ state: PersonState; version: number; updatedAt: string }> {
  const recordedAt = new Date().toISOString();
  let s = state;
  let v = version;
  for (const item of items) {
    v++;
    const event = {
      ...item.body,
      pid,
      seq: v,
      effectiveDate: item.effectiveDate,
      recordedAt,
      actor: meta.actor,
      sourceDocument: item.sourceDocument,
    } as Parameters<typeof applyEvent>[1];
    const before = s;
    s = applyEvent(s, event);
    // events: the change event leaves through the outbox, in this same transaction.
    await appendOutbox(
      trx,
      outboxEventOf(item.body.type, before, s, { effectiveDate: item.effectiveDate, recordedAt, version: v }),
    );
    await repo.insertEventTx(trx, {
      pid: s.pid,
      seq: v,
      type: item.body.type,
      effective_date: item.effectiveDate,
      recorded_at: recordedAt,
      actor: meta.actor,
      source_document: item.sourceDocument,
      data: item.body.data,
      idempotency_key: meta.idempotencyKey ?? null,
    });
  }
  if (!s) throw new Error('appendTx needs a state or a birth');
  await repo.upsertPersonTx(trx, projectionRow(s, v, recordedAt));
  await repo.insertOldIdsTx(trx, s.pid, s.oldIds);
  await repo.upsertCardsTx(trx, s);
  return { state: s, version: v, updatedAt: recordedAt };
}

/** A new household id: "HK" + 10 random digits. */
export const newHouseholdId = () => `HK${String(randomInt(0, 1e10)).padStart(10, '0')}`;

/**
 * After the head left (moved or died): the oldest living adult member becomes head, with
 * a residence event in their history. With no member left the household keeps its last head.
 */
export async function reassignHeadTx(
  trx: repo.Tx,
  meta: { actor: string; idempotencyKey?: string | undefined },
  householdId: string,
  date: string,
  sourceDocument: SourceDocument,
) {
  const members = (await households.currentMembers(trx, householdId)).filter((m) => m.status === 'alive');
  if (members.length === 0) return;
  members.sort((a, b) => (a.date_of_birth < b.date_of_birth ? -1 : 1));
  const next = members.find((m) => ageOn(m.date_of_birth, date) >= 18) ?? members[0]!;
  const row = await lockForWrite(trx, next.pid);
  await households.endMembershipTx(trx, next.pid, date);
  await households.insertMembershipTx(trx, {
    household_id: householdId,
    pid: next.pid,
    relation: 'head',
    since: date,
  });
  await households.setHeadTx(trx, householdId, next.pid);
  const perm = row.state.permanentResidence;
  if (!perm) return;
  await appendTx(trx, meta, next.pid, row.state, row.version, [
    {
      body: {
        type: 'residence_registered',
        data: {
          ...perm,
          kind: 'permanent',
          relationToHead: 'head',
          since: date,
          reason: 'previous_head_left',
        },
      },
      effectiveDate: date,
      sourceDocument,
    },
  ]);
}
