/**
 * Exchange: how agencies connect — OAuth 2.0 client credentials with private_key_jwt,
 * purposes that fix operations and fields, verify / lookup / bulk verify, webhook
 * subscriptions bounded by purpose and grant, every read audited. See docs/exchange.md.
 */
export { AuditBatcher } from './audit-batcher.js';
export {
  ACCESS_TOKEN_TTL,
  type AuthServerOptions,
  createAuthServer,
  type ExchangeCaller,
} from './auth-server.js';
export { BULK_CHUNK, MAX_BULK_BYTES, MAX_BULK_LINES } from './bulk.js';
export * from './clients.service.js';
export { exchangeRoutes, metricsRoutes } from './exchange.routes.js';
export { type ClientHealth, ConnectionHealth } from './health.js';
export { oidcRoutes } from './oidc.routes.js';
export * from './purposes.js';
export { closeExchange, configureExchange, type ExchangeOptions, exchangeRuntime } from './runtime.js';
export { loadSigningKeys, newSigningKey, publicJwks } from './signing-keys.js';
export { type AgencyEventData, exchangeGate, installExchangeGate } from './subscription-gate.js';
export {
  type AgencySubscriptionInput,
  createAgencySubscription,
  deleteAgencySubscription,
  listAgencySubscriptions,
} from './subscriptions.service.js';
