import { ConfigError } from '../config.js';

/** What a NATS message carries: `thin` (default) or `full` (the webhook body). */
export type NatsPayload = 'thin' | 'full';

/** The events module's configuration, from the environment. */
export interface EventsConfig {
  /** NATS_URL: publish every event to NATS JetStream too (unset = webhooks only). */
  natsUrl: string | undefined;
  /**
   * NATS_PAYLOAD=thin|full (default thin). Thin messages say only that something happened
   * (event id, type, time, position, unit codes); `full` adds the person's payload for a
   * trusted internal deployment (see docs/events.md, "NATS JetStream").
   */
  natsPayload: NatsPayload;
  /** DANCU_DELIVERY=on|off (default on): run the delivery worker in `dancu start`. */
  delivery: boolean;
}

/** Reads NATS_URL, NATS_PAYLOAD and DANCU_DELIVERY; a bad value is a ConfigError naming the variable. */
export function eventsConfig(env: NodeJS.ProcessEnv = process.env): EventsConfig {
  const natsUrl = env.NATS_URL?.trim() || undefined;
  if (natsUrl && !/^(nats|tls|ws|wss):\/\/|^[\w.-]+:\d+$/.test(natsUrl))
    throw new ConfigError(`NATS_URL must look like nats://host:4222, got "${natsUrl}"`);
  const payload = (env.NATS_PAYLOAD?.trim() || 'thin').toLowerCase();
  if (payload !== 'thin' && payload !== 'full')
    throw new ConfigError(`NATS_PAYLOAD must be thin or full, got "${payload}"`);
  const raw = (env.DANCU_DELIVERY ?? 'on').trim().toLowerCase();
  if (raw !== 'on' && raw !== 'off') throw new ConfigError(`DANCU_DELIVERY must be on or off, got "${raw}"`);
  return { natsUrl, natsPayload: payload, delivery: raw === 'on' };
}

/**
 * Warnings to print when the process starts: full NATS payloads put personal data where
 * no purpose check or audit entry applies.
 */
export function eventsWarnings(config: EventsConfig): string[] {
  if (config.natsPayload !== 'full') return [];
  if (!config.natsUrl) return ['NATS_PAYLOAD=full has no effect without NATS_URL'];
  return [
    `NATS_PAYLOAD=full: every event is published to ${config.natsUrl} WITH the person's ID number and ` +
      'changed fields; anyone who can read the stream sees them, with no purpose check and no audit entry. ' +
      'Use it only on a NATS server reachable by trusted internal services.',
  ];
}
