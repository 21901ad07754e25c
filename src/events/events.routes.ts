import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { forbidden } from '../shared/errors.js';
import { type ModuleRoutes, requireActor } from '../shared/route-kit.js';
import * as schemas from './events.schemas.js';
import { listOutbox } from './outbox.js';
import {
  createSubscription,
  deactivateSubscription,
  deadLetters,
  listSubscriptions,
  replay,
} from './subscriptions.service.js';

const tags = ['events'];

function requireAdmin(request: FastifyRequest) {
  const actor = requireActor(request);
  if (!actor.roles.includes('admin'))
    throw forbidden('events.admin_only', 'Subscriptions and the outbox are for admins');
  return actor;
}

/** The events API, mounted at /api/v1/events: subscriptions, dead letters, replay, outbox. Admins only. */
export const eventsRoutes: ModuleRoutes = async (app, { database }) => {
  const db = database.db;
  app.addHook('onRequest', async (request) => {
    requireAdmin(request);
  });
  app.get(
    '/subscriptions',
    {
      schema: {
        tags,
        summary: 'Webhook subscriptions (admin)',
        querystring: Type.Object({ owner: Type.Optional(Type.String()) }),
        response: { 200: Type.Object({ items: Type.Array(schemas.Subscription) }) },
      },
    },
    async (request) => ({ items: await listSubscriptions(db, request.query.owner) }),
  );
  app.post(
    '/subscriptions',
    {
      schema: {
        tags,
        summary: 'Subscribe a callback URL to change events (admin); the secret is shown once',
        body: schemas.NewSubscription,
        response: { 201: schemas.CreatedSubscription },
      },
    },
    async (request, reply) => {
      const created = await createSubscription(db, request.body);
      return reply.code(201).send(created);
    },
  );
  app.delete(
    '/subscriptions/:id',
    {
      schema: {
        tags,
        summary: 'Deactivate a subscription (admin)',
        params: Type.Object({ id: schemas.SubscriptionId }),
        response: { 200: schemas.Subscription },
      },
    },
    async (request) => deactivateSubscription(db, request.params.id),
  );
  app.get(
    '/dead-letters',
    {
      schema: {
        tags,
        summary: 'Deliveries given up after the last attempt (admin)',
        querystring: Type.Object({
          subscriptionId: Type.Optional(schemas.SubscriptionId),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(schemas.DeadLetter) }) },
      },
    },
    async (request) => ({ items: await deadLetters(db, request.query) }),
  );
  app.post(
    '/subscriptions/:id/replay',
    {
      schema: {
        tags,
        summary:
          'Deliver again every matching event of a range (positions or times, both inclusive; no end = up to now), with the same event ids (admin)',
        params: Type.Object({ id: schemas.SubscriptionId }),
        body: schemas.ReplayRange,
        response: { 200: Type.Object({ requeued: Type.Integer() }) },
      },
    },
    async (request) => replay(db, { subscriptionId: request.params.id, ...request.body }),
  );
  app.get(
    '/outbox',
    {
      schema: {
        tags,
        summary: 'Outbox positions and types after a position (admin; no personal data)',
        querystring: Type.Object({
          after: Type.Optional(schemas.Position),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(schemas.OutboxItem) }) },
      },
    },
    async (request) => ({ items: await listOutbox(db, request.query) }),
  );
};
