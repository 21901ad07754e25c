/** Retry policy of webhook deliveries. */
export interface Backoff {
  /** First wait (default 1 s); then doubled each attempt. */
  baseMs: number;
  /** Longest wait (default 10 min). */
  capMs: number;
  /** Attempts before a delivery is dead (default 15: about an hour of failures). */
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 1000, capMs: 600_000, maxAttempts: 15 };

/**
 * The wait after failed attempt number `attempt` (1-based): base·2^(attempt−1), capped,
 * with ±20 % jitter so that many failing subscriptions do not retry in lockstep.
 */
export function retryDelay(attempt: number, b: Backoff, random: () => number = Math.random): number {
  const plain = Math.min(b.capMs, b.baseMs * 2 ** Math.min(attempt - 1, 40));
  return Math.round(plain * (0.8 + 0.4 * random()));
}
