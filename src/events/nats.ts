import { connect, headers, type NatsConnection } from 'nats';
import type { Db } from '../db/index.js';
import type { NatsPayload } from './config.js';
import * as repo from './events.repo.js';
import { webhookBody } from './webhook.js';

/** Where events go on NATS JetStream. */
export interface NatsOptions {
  url: string;
  /** Stream name (default DANCU_EVENTS). */
  stream?: string;
  /** Subject prefix (default dancu.events): subjects are `<prefix>.<type>`. */
  subjectPrefix?: string;
  /**
   * `thin` (default): "something happened" — no personal data; details are read through
   * the purpose-checked, audited API. `full`: the webhook body with the outbox payload
   * (the person's ID number…), only for a NATS server that trusted services alone can read.
   */
  payload?: NatsPayload;
}

/** A thin NATS message: what happened, where and when — never whom it concerns. */
export interface ThinEvent {
  id: string;
  position: number;
  type: string;
  occurredAt: string;
  /** Units the event concerns (commune and province codes); absent when it names none. */
  unitCodes?: string[];
}

/** The message body of an outbox event on NATS (thin unless `full` was asked for). */
export function natsBody(e: repo.OutboxRow, payload: NatsPayload = 'thin'): string {
  if (payload === 'full') return webhookBody(e);
  const thin: ThinEvent = {
    id: e.id,
    position: e.position,
    type: e.type,
    occurredAt: new Date(e.occurred_at).toISOString(),
  };
  if (e.unit_codes.length > 0) thin.unitCodes = [...e.unit_codes];
  return JSON.stringify(thin);
}

const WINDOW = 500;

/**
 * Publishes outbox events to JetStream in outbox order, at least once: a cursor row per
 * stream moves only after the server acknowledged; a retry after a crash publishes again
 * with the same `Nats-Msg-Id` (the event id), which JetStream de-duplicates. Messages are
 * thin unless `opts.payload` is `full`.
 */
export async function openNatsPublisher(db: Db, opts: NatsOptions) {
  const stream = opts.stream ?? 'DANCU_EVENTS';
  const prefix = opts.subjectPrefix ?? 'dancu.events';
  const payload = opts.payload ?? 'thin';
  const nc: NatsConnection = await connect({ servers: opts.url, name: 'dancu-events' });
  const jsm = await nc.jetstreamManager();
  try {
    await jsm.streams.info(stream);
  } catch {
    await jsm.streams.add({ name: stream, subjects: [`${prefix}.>`] });
  }
  const js = nc.jetstream();
  const name = `nats:${stream}`;
  const enc = new TextEncoder();
  return {
    /** Publishes what is new; returns how many events it published. */
    async publishNew(): Promise<number> {
      const from = await repo.publisherCursor(db, name);
      const window = await repo.outboxAfter(db, from, WINDOW);
      if (window.length === 0) return 0;
      const rows = await repo.outboxByPositions(
        db,
        window.map((w) => w.position),
      );
      const byPosition = new Map(rows.map((r) => [r.position, r]));
      await Promise.all(
        window.map((w) => {
          const e = byPosition.get(w.position)!;
          const h = headers();
          h.set('Dancu-Event-Type', e.type);
          h.set('Dancu-Payload', payload);
          return js.publish(`${prefix}.${e.type}`, enc.encode(natsBody(e, payload)), {
            msgID: e.id,
            headers: h,
          });
        }),
      );
      const last = window.at(-1)!;
      await repo.movePublisherCursor(db, name, from, { tx: last.tx, position: last.position });
      return window.length;
    },
    async close() {
      await nc.drain().catch(() => nc.close());
    },
  };
}
