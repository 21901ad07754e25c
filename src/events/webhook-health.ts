import type { Db } from '../db/index.js';
import { failingSubscriptions } from './webhook-health.repo.js';

/** A webhook subscription whose receiver is failing: what an operator needs to act on it. */
export interface FailingWebhook {
  subscriptionId: string;
  /** The subscription's owner (the exchange passes its client id). */
  owner: string;
  callbackUrl: string;
  active: boolean;
  /** Deliveries that failed at least once and will be tried again. */
  retrying: number;
  /** Deliveries given up (dead letters), waiting for a replay. */
  dead: number;
  /** The lowest outbox position among them: replay from here to resend them all. */
  oldestPosition: number;
  lastAttemptAt: string | null;
  /** HTTP status of the newest failed attempt (null: no answer, e.g. refused or timed out). */
  lastStatus: number | null;
  lastError: string | null;
}

/**
 * Subscriptions with failing deliveries (retrying or dead), by owner. Healthy ones are
 * left out. Reads the events tables; any number of processes see the same answer.
 *
 * @example
 *   for (const w of await failingWebhooks(db)) console.log(w.owner, w.retrying, w.dead, w.lastError);
 */
export async function failingWebhooks(db: Db): Promise<FailingWebhook[]> {
  return (await failingSubscriptions(db)).map((r) => ({
    subscriptionId: r.subscription_id,
    owner: r.owner,
    callbackUrl: r.callback_url,
    active: r.active,
    retrying: Number(r.retrying),
    dead: Number(r.dead),
    oldestPosition: Number(r.oldest_position),
    lastAttemptAt: r.last_attempt_at ? new Date(r.last_attempt_at).toISOString() : null,
    lastStatus: r.last_status === null ? null : Number(r.last_status),
    lastError: r.last_error,
  }));
}
