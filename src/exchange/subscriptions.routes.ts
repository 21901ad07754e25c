import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Database } from '../db/index.js';
import { SubscriptionId } from '../events/events.schemas.js';
import type { ModuleRoutes } from '../shared/route-kit.js';
import type { ExchangeCaller } from './auth-server.js';
import * as schemas from './exchange.schemas.js';
import type { ExchangeRuntime } from './runtime.js';
import {
  createAgencySubscription,
  deleteAgencySubscription,
  listAgencySubscriptions,
} from './subscriptions.service.js';

const tags = ['exchange'];
const security = [{ agencyToken: [] }];
type App = Parameters<ModuleRoutes>[0];

/**
 * An agency client's webhook subscriptions, inside the agency API's scope (access token,
 * rate limit): create under the request's purpose, list, delete. Clients see only their own.
 */
export function agencySubscriptionRoutes(
  app: App,
  database: Database,
  rt: ExchangeRuntime,
  ctx: {
    purposeOf: (r: FastifyRequest) => string | undefined;
    callerOf: (r: FastifyRequest) => ExchangeCaller;
  },
) {
  app.post(
    '/subscriptions',
    {
      config: { exchangeOperation: 'subscribe' },
      schema: {
        tags,
        security,
        summary:
          "Subscribe to change events under the request's purpose (Dancu-Purpose); the secret is shown once",
        description:
          "The purpose must allow subscribe; event types, units and fields must lie within the purpose and the client's grant.",
        body: schemas.AgencySubscriptionInput,
        response: { 201: schemas.CreatedAgencySubscription },
      },
    },
    async (request, reply) => {
      const created = await createAgencySubscription(
        database,
        rt,
        ctx.callerOf(request),
        ctx.purposeOf(request),
        request.body,
      );
      return reply.code(201).send(created);
    },
  );
  app.get(
    '/subscriptions',
    {
      config: { exchangeOperation: 'subscribe' },
      schema: {
        tags,
        security,
        summary: "This client's subscriptions",
        response: { 200: Type.Object({ items: Type.Array(schemas.AgencySubscription) }) },
      },
    },
    async (request) => ({ items: await listAgencySubscriptions(database, ctx.callerOf(request)) }),
  );
  app.delete(
    '/subscriptions/:id',
    {
      config: { exchangeOperation: 'subscribe' },
      schema: {
        tags,
        security,
        summary: "End one of this client's subscriptions (kept for its history)",
        params: Type.Object({ id: SubscriptionId }),
        response: { 200: schemas.AgencySubscription },
      },
    },
    async (request) => deleteAgencySubscription(database, ctx.callerOf(request), request.params.id),
  );
}
