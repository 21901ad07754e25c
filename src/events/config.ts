import { ConfigError } from '../config.js';

/** The events module's configuration, from the environment. */
export interface EventsConfig {
  /** NATS_URL: publish every event to NATS JetStream too (unset = webhooks only). */
  natsUrl: string | undefined;
  /** DANCU_DELIVERY=on|off (default on): run the delivery worker in `dancu start`. */
  delivery: boolean;
}

/** Reads NATS_URL and DANCU_DELIVERY; a bad value is a ConfigError naming the variable. */
export function eventsConfig(env: NodeJS.ProcessEnv = process.env): EventsConfig {
  const natsUrl = env.NATS_URL?.trim() || undefined;
  if (natsUrl && !/^(nats|tls|ws|wss):\/\/|^[\w.-]+:\d+$/.test(natsUrl))
    throw new ConfigError(`NATS_URL must look like nats://host:4222, got "${natsUrl}"`);
  const raw = (env.DANCU_DELIVERY ?? 'on').trim().toLowerCase();
  if (raw !== 'on' && raw !== 'off') throw new ConfigError(`DANCU_DELIVERY must be on or off, got "${raw}"`);
  return { natsUrl, delivery: raw === 'on' };
}
