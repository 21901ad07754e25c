import { loadConfig } from '../src/config.js';
import { configureExchange, exchangeRoutes, oidcRoutes } from '../src/exchange/index.js';
import { buildApp } from '../src/http/app.js';
import { authenticate } from '../src/operators/index.js';
import { openAndMigrate } from '../src/server.js';

/**
 * The exchange API as its benchmark runs it: one process with /oidc and
 * /api/v1/exchange mounted as server.ts mounts them (DANCU_AUDIT_READS=off turns the
 * read audit off for the comparison).
 */
const config = loadConfig();
const database = await openAndMigrate(config);
configureExchange(database, {
  issuer: 'http://localhost:3000/oidc',
  rateLimit: { max: 1e9, timeWindowMs: 60_000 },
});
const app = await buildApp({
  config: { logLevel: 'warn', bodyLimit: config.bodyLimit },
  deps: { database },
  authenticate: (token) => authenticate(database.db, token),
  routes: [
    { prefix: '/oidc', plugin: oidcRoutes },
    { prefix: '/api/v1/exchange', plugin: exchangeRoutes },
  ],
  webDir: '/nonexistent',
});
const address = await app.listen({ port: 0, host: '127.0.0.1' });
console.log(`listening on ${address}`);
process.once('SIGTERM', async () => {
  await app.close();
  await database.close();
  process.exit(0);
});
