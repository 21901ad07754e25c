import type { ModuleRoutes } from '../shared/route-kit.js';
import { adminRoutes } from './admin.routes.js';
import { agencyRoutes } from './agency.routes.js';
import { registry } from './health.js';

/**
 * The exchange API, mounted at /api/v1/exchange: the agency API (access tokens) and the
 * operator API (operator sessions) side by side, each in its own encapsulated scope.
 */
export const exchangeRoutes: ModuleRoutes = async (app, deps) => {
  await app.register(agencyRoutes, { database: deps.database });
  await app.register(adminRoutes, { database: deps.database });
};

/** GET /metrics in the Prometheus text format (mount at the root). */
export const metricsRoutes: ModuleRoutes = async (app) => {
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()),
  );
};
