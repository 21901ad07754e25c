import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { auditRoutes } from './audit/index.js';
import { cleaningRoutes, configureCleaning } from './cleaning/index.js';
import type { Config } from './config.js';
import { type Database, openDatabase } from './db/index.js';
import { migrate } from './db/migrate.js';
import { eventsRoutes } from './events/index.js';
import { configureExchange, exchangeRoutes, metricsRoutes, oidcRoutes } from './exchange/index.js';
import { buildApp } from './http/app.js';
import { migrationSources } from './migrations.js';
import { authenticate, operatorAdminRoutes, operatorRoutes } from './operators/index.js';
import { registryRoutes } from './registry/index.js';
import { unitsRoutes } from './units/index.js';

/**
 * The composition root: the one place that knows every module. Opens the database,
 * applies migrations and mounts each module's routes.
 */
export async function openAndMigrate(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<Database> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  await migrate(database, migrationSources);
  configureExchange(database, { dataDir: config.dataDir, issuer: process.env.DANCU_OIDC_ISSUER });
  configureCleaning(database, { uploadDir: path.join(config.dataDir, 'uploads') });
  return database;
}

export function createServer(
  database: Database,
  config: Pick<Config, 'logLevel' | 'bodyLimit'>,
  opts: { webDir?: string } = {},
): Promise<FastifyInstance> {
  return buildApp({
    config,
    deps: { database },
    authenticate: (token) => authenticate(database.db, token),
    routes: [
      { prefix: '/api/v1/auth', plugin: operatorRoutes },
      { prefix: '/api/v1/operators', plugin: operatorAdminRoutes },
      { prefix: '/api/v1/units', plugin: unitsRoutes },
      { prefix: '/api/v1/audit', plugin: auditRoutes },
      { prefix: '/api/v1/events', plugin: eventsRoutes },
      { prefix: '/oidc', plugin: oidcRoutes },
      { prefix: '/api/v1/exchange', plugin: exchangeRoutes },
      { prefix: '/api/v1/cleaning', plugin: cleaningRoutes },
      { prefix: '', plugin: metricsRoutes },
      { prefix: '/api/v1', plugin: registryRoutes },
    ],
    ...opts,
  });
}
