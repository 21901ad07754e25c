/**
 * Events: change events leave through an outbox written in the same transaction as the
 * change, then are delivered at least once to webhook subscriptions (signed, retried with
 * back-off, dead letters an operator can replay) and, when configured, to NATS JetStream.
 * See docs/events.md.
 */
export { type Backoff, DEFAULT_BACKOFF, retryDelay } from './backoff.js';
export { type EventsConfig, eventsConfig, eventsWarnings, type NatsPayload } from './config.js';
export { type DeliveryOptions, OUTBOX_CHANNEL, startDelivery } from './delivery.js';
export { eventsRoutes } from './events.routes.js';
export {
  type DeliveryGate,
  deliveryGate,
  type GateAllow,
  type GateDecision,
  type GatedDelivery,
  type GatedSubscription,
  type GateSkip,
  setDeliveryGate,
} from './gate.js';
export type { NatsOptions, ThinEvent } from './nats.js';
export {
  appendOutbox,
  appendOutboxBatch,
  listOutbox,
  OUTBOX_TYPES,
  type OutboxEventInput,
  type OutboxPayload,
  type OutboxType,
} from './outbox.js';
export { signBody, verifySignature } from './signature.js';
export {
  checkReplayRange,
  createSubscription,
  deactivateSubscription,
  deadLetters,
  listSubscriptions,
  type NewSubscription,
  type ReplayRange,
  replay,
  type Subscription,
} from './subscriptions.service.js';
export type { WebhookBody } from './webhook.js';
export { type FailingWebhook, failingWebhooks } from './webhook-health.js';
