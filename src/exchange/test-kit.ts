import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { freshDatabase } from '../../test/db.js';
import type { Database } from '../db/index.js';
import { buildApp } from '../http/app.js';
import { authenticate, createOperator, login, operatorRoutes } from '../operators/index.js';
import { registerBulk } from '../registry/index.js';
import { systemActor } from '../shared/context.js';
import { exchangeRoutes, metricsRoutes } from './exchange.routes.js';
import { oidcRoutes } from './oidc.routes.js';
import { closeExchange, configureExchange, type ExchangeOptions } from './runtime.js';

/**
 * Test harness of the exchange: the app with the exchange mounted as server.ts mounts it,
 * an admin session, and helpers that play an agency (keys, assertions, tokens). Test-only.
 */
export const ISSUER = 'http://localhost:3000/oidc';

export async function exchangeTestApp(opts: ExchangeOptions = {}) {
  const database = await freshDatabase();
  configureExchange(database, { issuer: ISSUER, ...opts });
  const app = await buildApp({
    config: { logLevel: 'silent', bodyLimit: 1024 * 1024 },
    deps: { database },
    authenticate: (token) => authenticate(database.db, token),
    routes: [
      { prefix: '/api/v1/auth', plugin: operatorRoutes },
      { prefix: '/oidc', plugin: oidcRoutes },
      { prefix: '/api/v1/exchange', plugin: exchangeRoutes },
      { prefix: '', plugin: metricsRoutes },
    ],
    webDir: '/nonexistent',
  });
  await createOperator(database.db, {
    username: 'admin',
    displayName: 'admin',
    password: 'test-password',
    roles: ['admin'],
    units: [],
  });
  const adminToken = (await login(database.db, 'admin', 'test-password')).token;
  const admin = { authorization: `Bearer ${adminToken}` };
  return {
    app,
    database,
    admin,
    async close() {
      await closeExchange(database);
      await app.close();
      await database.close();
    },
  };
}

export interface AgencyKey {
  privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  publicJwk: JWK;
  alg: string;
}

export async function agencyKey(alg: 'ES256' | 'RS256' | 'EdDSA' = 'ES256'): Promise<AgencyKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return {
    privateKey,
    publicJwk: { ...(await exportJWK(publicKey)), kid: randomUUID(), alg, use: 'sig' },
    alg,
  };
}

/** A private_key_jwt client assertion (RFC 7523). */
export function assertion(
  clientId: string,
  key: AgencyKey,
  over: { jti?: string; exp?: number; iat?: number; aud?: string } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: key.alg, kid: key.publicJwk.kid as string })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(over.aud ?? ISSUER)
    .setJti(over.jti ?? randomUUID())
    .setIssuedAt(over.iat ?? now)
    .setExpirationTime(over.exp ?? now + 60)
    .sign(key.privateKey);
}

/** POST /oidc/token with client credentials; returns the status and JSON body. */
export async function requestToken(app: FastifyInstance, clientAssertion: string, scope: string) {
  const res = await app.inject({
    method: 'POST',
    url: '/oidc/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: clientAssertion,
      scope,
    }).toString(),
  });
  return { status: res.statusCode, body: res.json() as Record<string, string> };
}

/** Registers an agency + client with `key`, grants `purposes`; returns the client id. */
export async function onboard(
  t: { app: FastifyInstance; admin: Record<string, string> },
  code: string,
  key: AgencyKey,
  purposes: string[],
  kind = 'bank',
): Promise<string> {
  const a = await t.app.inject({
    method: 'POST',
    url: '/api/v1/exchange/agencies',
    headers: t.admin,
    payload: { code, name: `Ngân hàng ${code}`, kind },
  });
  if (a.statusCode !== 201) throw new Error(a.body);
  const c = await t.app.inject({
    method: 'POST',
    url: `/api/v1/exchange/agencies/${code}/clients`,
    headers: t.admin,
    payload: { name: `${code} core banking`, jwks: { keys: [key.publicJwk] } },
  });
  if (c.statusCode !== 201) throw new Error(c.body);
  const clientId = c.json().clientId as string;
  for (const purpose of purposes) {
    const g = await t.app.inject({
      method: 'POST',
      url: `/api/v1/exchange/clients/${clientId}/grants`,
      headers: t.admin,
      payload: { purpose },
    });
    if (g.statusCode !== 200) throw new Error(g.body);
  }
  return clientId;
}

/** A token for `scope`, or throws. */
export async function tokenFor(app: FastifyInstance, clientId: string, key: AgencyKey, scope: string) {
  const r = await requestToken(app, await assertion(clientId, key), scope);
  if (r.status !== 200) throw new Error(JSON.stringify(r.body));
  return r.body.access_token as string;
}

export type { Database };
export { registerBulk, systemActor };
