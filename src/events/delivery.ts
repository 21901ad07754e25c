import type { Database } from '../db/index.js';
import { type Backoff, DEFAULT_BACKOFF, retryDelay } from './backoff.js';
import * as deliveries from './deliveries.repo.js';
import * as repo from './events.repo.js';
import { fanOut } from './fanout.js';
import { type NatsOptions, openNatsPublisher } from './nats.js';
import { postEvent } from './webhook.js';

/** Options of the delivery worker; all have defaults. */
export interface DeliveryOptions {
  /** Idle poll interval (default 200 ms); a busy worker loops without waiting. */
  pollMs?: number;
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

/**
 * Starts a delivery worker: takes new outbox events into subscriptions' queues, POSTs due
 * deliveries (signed, strict order per subscription, retried with back-off, dead after
 * the last attempt) and, with `nats`, publishes events to JetStream. Several workers, in
 * one process or many, may run on the same database. `stop()` finishes the current round.
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
  let nats: Awaited<ReturnType<typeof openNatsPublisher>> | undefined;

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
    await Promise.all(
      claimed.map(async (c) => {
        const e = events.get(c.position)!;
        const s = subs.get(c.subscription_id)!;
        const r = await postEvent(s.callback_url, s.secret, e, timeoutMs);
        if (r.ok) return deliveries.markDelivered(db, c.subscription_id, c.position, r.status);
        return deliveries.markFailed(db, c.subscription_id, c.position, {
          status: r.status,
          error: r.error,
          dead: c.attempts >= backoff.maxAttempts,
          retryInMs: retryDelay(c.attempts, backoff),
        });
      }),
    );
    return claimed.length;
  };

  const round = async () => {
    let work = await fanOut(db);
    work += await deliverDue();
    if (opts.nats) {
      nats ??= await openNatsPublisher(db, opts.nats);
      work += await nats.publishNew();
    }
    return work;
  };

  const loop = (async () => {
    while (running) {
      let work = 0;
      try {
        work = await round();
      } catch (e) {
        if (running) onError(e);
      }
      if (work === 0 && running)
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, pollMs);
          wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
    }
  })();

  return {
    async stop() {
      running = false;
      wake();
      await loop;
      await nats?.close();
    },
  };
}
