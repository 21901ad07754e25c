import { type Static, Type } from 'typebox';
import type { OutboxType } from './outbox.js';

/** Boundary schemas of the events API. */
export const EventType = Type.Union([
  Type.Literal('person.born'),
  Type.Literal('person.died'),
  Type.Literal('person.moved'),
  Type.Literal('person.corrected'),
  Type.Literal('card.changed'),
]);
// The schema lists exactly the outbox types.
const _same: Static<typeof EventType> extends OutboxType ? true : false = true;
void _same;
export const SubscriptionId = Type.String({ format: 'uuid' });
export const Position = Type.Integer({ minimum: 0 });

const ReplayTime = Type.String({
  minLength: 16,
  maxLength: 40,
  description: "ISO 8601 date-time with a time zone, compared with the events' occurredAt",
  examples: ['2026-11-27T22:00:00+07:00'],
});

/** A replay range: `fromPosition` or `fromTime`, and optionally the same form of end (inclusive). */
export const ReplayRange = Type.Object(
  {
    fromPosition: Type.Optional(Position),
    toPosition: Type.Optional(Position),
    fromTime: Type.Optional(ReplayTime),
    toTime: Type.Optional(ReplayTime),
  },
  { additionalProperties: false },
);

export const NewSubscription = Type.Object(
  {
    owner: Type.String({ minLength: 1, maxLength: 200, description: 'Opaque owner (agency client id)' }),
    eventTypes: Type.Optional(Type.Array(EventType, { description: 'Empty or absent = all types' })),
    unitCodes: Type.Optional(
      Type.Array(Type.String({ pattern: '^[0-9]{2,5}$' }), { description: 'Empty or absent = all units' }),
    ),
    callbackUrl: Type.String({ minLength: 8, maxLength: 2000 }),
    secret: Type.Optional(Type.String({ minLength: 16, maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type NewSubscription = Static<typeof NewSubscription>;

export const Subscription = Type.Object({
  id: SubscriptionId,
  owner: Type.String(),
  eventTypes: Type.Array(EventType),
  unitCodes: Type.Array(Type.String()),
  callbackUrl: Type.String(),
  active: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  lastDeliveredPosition: Type.Union([Type.Integer(), Type.Null()]),
  purpose: Type.Union([Type.String(), Type.Null()], {
    description: 'The agency purpose it serves (made through the exchange API); null for operators',
  }),
  fields: Type.Union([Type.Array(Type.String()), Type.Null()], {
    description: 'Fields the delivered payload may carry (purpose-bound only)',
  }),
});

export const CreatedSubscription = Type.Object({
  subscription: Subscription,
  secret: Type.String({ description: 'HMAC secret for Dancu-Signature; shown only once' }),
});

export const DeadLetter = Type.Object({
  subscriptionId: SubscriptionId,
  position: Type.Integer(),
  eventId: Type.String(),
  type: Type.String(),
  attempts: Type.Integer(),
  lastStatus: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  lastAttemptAt: Type.Union([Type.String(), Type.Null()]),
});

export const OutboxItem = Type.Object({
  position: Type.Integer(),
  type: Type.String(),
  recordedAt: Type.String({ format: 'date-time' }),
});
