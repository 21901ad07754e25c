import type { Database } from '../db/index.js';

/**
 * The port through which the module that made a purpose-bound subscription (the exchange)
 * decides, before every attempt, what such a subscription may receive. The events module
 * knows nothing of purposes: it asks the gate, sends what the gate prepared, and without
 * a gate sends nothing to purpose-bound subscriptions (fail closed).
 */

/** A purpose-bound subscription, as the gate sees it. */
export interface GatedSubscription {
  id: string;
  owner: string;
  purpose: string;
  /** The fields the subscription asked for (within its purpose when it was made). */
  fields: readonly string[];
  eventTypes: readonly string[];
  /** Its units (empty = all); the gate decides containment (communes in provinces, eras). */
  unitCodes: readonly string[];
}

/** One claimed delivery of a purpose-bound subscription, as the gate sees it. */
export interface GatedDelivery {
  subscription: GatedSubscription;
  event: {
    id: string;
    position: number;
    type: string;
    subject: string;
    unitCodes: readonly string[];
    /** Person fields that changed (registry names). */
    fields: readonly string[];
    /** The minimal outbox payload. */
    payload: unknown;
    occurredAt: string;
  };
  /** What the gate prepared on an earlier attempt (send the same again), or null. */
  prepared: unknown;
}

/** Send `data` (as the body's `data`), audited as a read by `actor` of `fields`. */
export interface GateAllow {
  data: unknown;
  fields: readonly string[];
  actor: { id: string; kind: string };
}
/** Do not send: the purpose does not (or no longer) allow it; `reason` is kept on the row. */
export interface GateSkip {
  skip: string;
}
export type GateDecision = GateAllow | GateSkip;

export interface DeliveryGate {
  /**
   * Fan-out: which of these new events (in order) the subscription takes into its queue.
   * Replaces the plain type and unit filters for purpose-bound subscriptions.
   */
  select(
    subscription: GatedSubscription,
    events: readonly { position: number; type: string; unitCodes: readonly string[] }[],
  ): Promise<boolean[]>;
  /** Before every attempt: what each delivery (in order) may carry, or skip it. */
  prepare(deliveries: readonly GatedDelivery[]): Promise<GateDecision[]>;
}

const gates = new WeakMap<Database, DeliveryGate>();

/**
 * Installs the gate for purpose-bound subscriptions of `database` in this process (every
 * process that runs a delivery worker needs it; the exchange installs it when configured).
 */
export function setDeliveryGate(database: Database, gate: DeliveryGate): void {
  gates.set(database, gate);
}

/** The gate of `database`, if one was installed. */
export const deliveryGate = (database: Database): DeliveryGate | undefined => gates.get(database);
