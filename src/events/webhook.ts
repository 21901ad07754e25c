import type { OutboxRow } from './events.repo.js';
import { signBody } from './signature.js';

/** The JSON body a webhook receives. */
export interface WebhookBody {
  id: string;
  position: number;
  type: string;
  occurredAt: string;
  data: unknown;
}

export type PostResult = { ok: true; status: number } | { ok: false; status: number | null; error: string };

/**
 * The body of an outbox event, as sent (the same for every attempt and replay). `data` is
 * the outbox payload, or what the gate prepared for a purpose-bound subscription.
 */
export const webhookBody = (e: OutboxRow, data: unknown = e.payload): string =>
  JSON.stringify({
    id: e.id,
    position: e.position,
    type: e.type,
    occurredAt: new Date(e.occurred_at).toISOString(),
    data,
  } satisfies WebhookBody);

/**
 * POSTs one event to a callback URL, signed; any 2xx is success. Never throws: network
 * errors and timeouts come back as failures.
 */
export async function postEvent(
  url: string,
  secret: string,
  e: OutboxRow,
  timeoutMs: number,
  data?: unknown,
): Promise<PostResult> {
  const body = webhookBody(e, data);
  const timestamp = String(Math.floor(Date.now() / 1000));
  try {
    const res = await fetch(url, {
      method: 'POST',
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Dancu-Webhooks/1',
        'dancu-event-id': e.id,
        'dancu-event-type': e.type,
        'dancu-timestamp': timestamp,
        'dancu-signature': `v1=${signBody(secret, timestamp, body)}`,
      },
    });
    await res.arrayBuffer().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
    return { ok: false, status: res.status, error: `HTTP ${res.status}` };
  } catch (err) {
    const e2 = err as Error & { cause?: { code?: string; message?: string } };
    const why =
      e2.name === 'TimeoutError'
        ? `timeout after ${timeoutMs} ms`
        : (e2.cause?.code ?? e2.cause?.message ?? e2.message);
    return { ok: false, status: null, error: why };
  }
}
