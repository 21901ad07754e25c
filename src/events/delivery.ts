import { type AuditEntryInput, appendAuditBatch } from '../audit/index.js';
import type { Database } from '../db/index.js';
import { type Backoff, DEFAULT_BACKOFF, retryDelay } from './backoff.js';
import * as deliveries from './deliveries.repo.js';
import * as repo from './events.repo.js';
import { fanOut } from './fanout.js';
import { deliveryGate, type GateDecision } from './gate.js';
import { type NatsOptions, openNatsPublisher } from './nats.js';
import { postEvent } from './webhook.js';

/** The channel the outbox trigger notifies on every commit that added events. */
export const OUTBOX_CHANNEL = 'dancu_outbox';
/** When a wake-up found nothing yet, how long the worker looks again every BURST_POLL_MS. */
const BURST_MS = 200;
const BURST_POLL_MS = 10;

/** Options of the delivery worker; all have defaults. */
export interface DeliveryOptions {
  /** Idle poll interval (default 200 ms); a busy worker loops without waiting. */
  pollMs?: number;
  /**
   * Wake at once when events are committed (LISTEN on the outbox channel; default true).
   * Polling stays as the fallback (lost connection, PGlite without listeners…).
   */
  listen?: boolean;
  /** Per-request timeout (default 5 s). */
  timeoutMs?: number;
  /** Retry policy (default 1 s doubling, capped at 10 min, 15 attempts). */
  backoff?: Partial<Backoff>;
  /** Deliveries claimed per round (different subscriptions are posted in parallel). */
  batch?: number;
  /** Publish to NATS JetStream too (default: from NATS_URL, read by the caller). */
  nats?: NatsOptions | undefined;
  /** Called with errors of the loop itself (database down…); it keeps going. */
  onError?: (e: unknown) => void;
}

type Claimed = Awaited<ReturnType<typeof deliveries.claimDue>>[number];
type Sub = Awaited<ReturnType<typeof deliveries.subscriptionsByIds>>[number];
type Event = repo.OutboxRow;
/** What to do with one claimed delivery. */
type Plan =
  | { send: true; data: unknown; fields: readonly string[]; actor: { id: string; kind: string } }
  | { send: false; skip?: string; hold?: string };

/**
 * Starts a delivery worker: takes new outbox events into subscriptions' queues, POSTs due
 * deliveries (signed, strict order per subscription, retried with back-off, dead after
 * the last attempt) and, with `nats`, publishes events to JetStream. It wakes at once when
 * an outbox write commits (LISTEN/NOTIFY) and polls as a fallback. Each delivered event is
 * recorded in the audit log (a read by the subscriber) in the transaction that marks it
 * delivered. Purpose-bound subscriptions get what the delivery gate prepares (see gate.ts).
 * Several workers, in one process or many, may run on the same database. `stop()` finishes
 * the current round.
 *
 * @example
 *   const worker = startDelivery(database, { nats: process.env.NATS_URL ? { url: process.env.NATS_URL } : undefined });
 *   process.once('SIGTERM', () => worker.stop());
 */
export function startDelivery(database: Database, opts: DeliveryOptions = {}): { stop(): Promise<void> } {
  const db = database.db;
  const pollMs = opts.pollMs ?? 200;
  const timeoutMs = opts.timeoutMs ?? 5000;
  const backoff = { ...DEFAULT_BACKOFF, ...opts.backoff };
  const batch = opts.batch ?? 32;
  // A claimed delivery is leased for longer than its request can take.
  const leaseMs = timeoutMs + 25_000;
  const onError = opts.onError ?? ((e) => console.error('events: delivery loop error:', e));
  let running = true;
  let wake: () => void = () => {};
  let nudged = false;
  let burstUntil = 0;
  let nats: Awaited<ReturnType<typeof openNatsPublisher>> | undefined;

  const nudge = () => {
    nudged = true;
    wake();
  };
  const listening: Promise<(() => Promise<void>) | undefined> =
    opts.listen === false
      ? Promise.resolve(undefined)
      : database.listen(OUTBOX_CHANNEL, nudge).catch((e: unknown) => {
          onError(e); // polling carries on alone
          return undefined;
        });

  /** Asks the gate about purpose-bound deliveries; the others get the outbox payload. */
  const plan = async (claimed: Claimed[], events: Map<number, Event>, subs: Map<string, Sub>) => {
    const plans = new Map<Claimed, Plan>();
    const gated: Claimed[] = [];
    for (const c of claimed) {
      const s = subs.get(c.subscription_id)!;
      if (s.purpose) gated.push(c);
      else
        plans.set(c, { send: true, data: undefined, fields: [], actor: { id: s.owner, kind: 'subscriber' } });
    }
    if (gated.length === 0) return plans;
    const gate = deliveryGate(database);
    if (!gate) {
      for (const c of gated) plans.set(c, { send: false, hold: 'no delivery gate in this worker process' });
      return plans;
    }
    const decisions: GateDecision[] = await gate.prepare(
      gated.map((c) => {
        const s = subs.get(c.subscription_id)!;
        const e = events.get(c.position)!;
        return {
          subscription: {
            id: s.id,
            owner: s.owner,
            purpose: s.purpose as string,
            fields: s.fields ?? [],
            eventTypes: s.event_types,
            unitCodes: s.unit_codes,
          },
          event: {
            id: e.id,
            position: e.position,
            type: e.type,
            subject: e.subject,
            unitCodes: e.unit_codes,
            fields: e.fields,
            payload: e.payload,
            occurredAt: new Date(e.occurred_at).toISOString(),
          },
          prepared: c.data ?? null,
        };
      }),
    );
    for (const [i, c] of gated.entries()) {
      const d = decisions[i];
      if (!d || 'skip' in d) plans.set(c, { send: false, skip: d?.skip ?? 'refused by the gate' });
      else {
        if (c.data === null || c.data === undefined)
          await deliveries.saveDeliveryData(db, c.subscription_id, c.position, d.data, d.fields);
        plans.set(c, { send: true, data: d.data, fields: d.fields, actor: d.actor });
      }
    }
    return plans;
  };

  const deliverDue = async (): Promise<number> => {
    const claimed = await deliveries.claimDue(db, batch, leaseMs);
    if (claimed.length === 0) return 0;
    const events = new Map(
      (
        await repo.outboxByPositions(
          db,
          claimed.map((c) => c.position),
        )
      ).map((e) => [e.position, e]),
    );
    const subs = new Map(
      (await deliveries.subscriptionsByIds(db, [...new Set(claimed.map((c) => c.subscription_id))])).map(
        (s) => [s.id, s],
      ),
    );
    const plans = await plan(claimed, events, subs);
    const failed = (c: Claimed, status: number | null, error: string) =>
      deliveries.markFailed(db, c.subscription_id, c.position, c.attempts, {
        status,
        error,
        dead: c.attempts >= backoff.maxAttempts,
        retryInMs: retryDelay(c.attempts, backoff),
      });
    const skipped: Claimed[] = [];
    const delivered: { c: Claimed; status: number; entry: AuditEntryInput }[] = [];
    await Promise.all(
      claimed.map(async (c) => {
        const p = plans.get(c)!;
        if (!p.send) {
          if (p.skip) skipped.push(c);
          else await failed(c, null, p.hold ?? 'held');
          return;
        }
        const e = events.get(c.position)!;
        const s = subs.get(c.subscription_id)!;
        const r = await postEvent(s.callback_url, s.secret, e, timeoutMs, p.data);
        if (!r.ok) return failed(c, r.status, r.error);
        delivered.push({
          c,
          status: r.status,
          entry: {
            actor: p.actor,
            action: 'person.notify',
            subjectPid: e.subject,
            purpose: s.purpose,
            fields: p.fields,
            requestId: null,
            detail: { subscription: s.id, event: e.id, type: e.type, position: e.position },
          },
        });
      }),
    );
    for (const c of skipped) {
      const p = plans.get(c) as { skip?: string };
      await deliveries.markSkipped(
        db,
        [{ subscriptionId: c.subscription_id, position: c.position, attempts: c.attempts }],
        p.skip ?? '',
      );
    }
    // Delivered and audited together: a crash before this commit delivers (and audits) again.
    if (delivered.length > 0)
      await db.transaction().execute(async (trx) => {
        await deliveries.markDeliveredTx(
          trx,
          delivered.map((d) => ({
            subscriptionId: d.c.subscription_id,
            position: d.c.position,
            attempts: d.c.attempts,
            status: d.status,
          })),
        );
        await appendAuditBatch(
          trx,
          delivered.map((d) => d.entry),
        );
      });
    return claimed.length;
  };

  const round = async () => {
    let work = await fanOut(db, deliveryGate(database));
    work += await deliverDue();
    if (opts.nats) {
      nats ??= await openNatsPublisher(db, opts.nats);
      work += await nats.publishNew();
    }
    return work;
  };

  const loop = (async () => {
    while (running) {
      const woke = nudged;
      nudged = false;
      let work = 0;
      try {
        work = await round();
      } catch (e) {
        if (running) onError(e);
      }
      // A wake-up that found nothing: the new rows may still sit behind an older
      // transaction that has not ended (see the outbox walk). Look again soon, for a while.
      if (work > 0) burstUntil = 0;
      else if (woke) burstUntil = Date.now() + BURST_MS;
      if (work === 0 && running && !nudged) {
        const wait = Date.now() < burstUntil ? Math.min(BURST_POLL_MS, pollMs) : pollMs;
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, wait);
          wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
      }
    }
  })();

  return {
    async stop() {
      running = false;
      wake();
      await loop;
      await (await listening)?.();
      await nats?.close();
    },
  };
}
