/** The events API (/api/v1/events, admin): subscriptions, dead letters and replay. */
import type { Static } from 'typebox';
import type { DeadLetter, Subscription } from '../../../../src/events/events.schemas.js';
import { query, request } from '../../api.js';

export type SubscriptionView = Static<typeof Subscription>;
export type DeadLetterView = Static<typeof DeadLetter>;

export const eventsApi = {
  subscriptions: () => request<{ items: SubscriptionView[] }>('GET', '/events/subscriptions'),
  deadLetters: (subscriptionId?: string) =>
    request<{ items: DeadLetterView[] }>(
      'GET',
      `/events/dead-letters${query({ subscriptionId, limit: 1000 })}`,
    ),
  /** Puts events from `fromPosition` (to `toPosition`, if given) back in the subscription's queue. */
  replay: (subscriptionId: string, body: { fromPosition: number | string; toPosition?: number }) =>
    request<{ requeued: number }>('POST', `/events/subscriptions/${subscriptionId}/replay`, { body }),
};
