import { sql } from 'kysely';
import type { Db } from '../db/index.js';

/** SQL behind {@link failingWebhooks}: only deliveries that failed and are not delivered since. */
export interface FailingRow {
  subscription_id: string;
  owner: string;
  callback_url: string;
  active: boolean;
  retrying: number;
  dead: number;
  oldest_position: number;
  last_attempt_at: Date | string | null;
  last_status: number | null;
  last_error: string | null;
}

/**
 * Per subscription with a failed delivery that is still pending (retrying) or dead: the
 * counts, the oldest such position and the newest failure. Reads only undelivered rows
 * (a delivered one has no last_error), so the cost follows the failures, not the traffic.
 */
export async function failingSubscriptions(db: Db): Promise<FailingRow[]> {
  const r = await sql<FailingRow>`
    SELECT s.id AS subscription_id, s.owner, s.callback_url, s.active,
           count(*) FILTER (WHERE d.state = 'pending')::int AS retrying,
           count(*) FILTER (WHERE d.state = 'dead')::int AS dead,
           min(d.position) AS oldest_position,
           max(d.last_attempt_at) AS last_attempt_at,
           (array_agg(d.last_status ORDER BY d.last_attempt_at DESC NULLS LAST, d.position DESC))[1] AS last_status,
           (array_agg(d.last_error ORDER BY d.last_attempt_at DESC NULLS LAST, d.position DESC))[1] AS last_error
      FROM deliveries d
      JOIN subscriptions s ON s.id = d.subscription_id
     WHERE d.state IN ('pending', 'dead') AND d.last_error IS NOT NULL
     GROUP BY s.id, s.owner, s.callback_url, s.active
     ORDER BY s.owner, s.id`.execute(db);
  return r.rows;
}
