import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The webhook signature: hex HMAC-SHA256 of `timestamp + "." + body` under the
 * subscription's secret, sent as `Dancu-Signature: v1=<hex>` with `Dancu-Timestamp`
 * (Unix seconds).
 *
 * @example
 *   const header = `v1=${signBody(secret, '1700000000', body)}`;
 */
export const signBody = (secret: string, timestamp: string, body: string) =>
  createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

/**
 * What a receiver does: checks the signature header (any `v1=` entry, comma-separated)
 * and that the timestamp is within `toleranceSec` of now.
 */
export function verifySignature(
  secret: string,
  headers: { timestamp: string; signature: string },
  body: string,
  opts: { toleranceSec?: number; now?: number } = {},
): boolean {
  const ts = Number(headers.timestamp);
  const now = opts.now ?? Date.now() / 1000;
  if (!Number.isFinite(ts) || Math.abs(now - ts) > (opts.toleranceSec ?? 300)) return false;
  const expected = Buffer.from(signBody(secret, headers.timestamp, body), 'hex');
  return headers.signature.split(',').some((part) => {
    const [scheme, hex] = part.trim().split('=');
    if (scheme !== 'v1' || !hex) return false;
    const got = Buffer.from(hex, 'hex');
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}
