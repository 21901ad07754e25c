import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { sql } from '../db/index.js';
import type { Actor } from '../shared/context.js';
import { runWithContext } from '../shared/context.js';
import type { ModuleRoutes, RouteDeps } from '../shared/route-kit.js';
import { sendProblem, toProblem } from './errors.js';

export const SESSION_COOKIE = 'dancu_session';

export interface AppOptions {
  config: Pick<Config, 'logLevel' | 'bodyLimit'>;
  deps: RouteDeps;
  /** Resolves a bearer token or session cookie to an actor. */
  authenticate: (token: string) => Promise<Actor | undefined>;
  /** Module routes, each mounted under its prefix. */
  routes: { prefix: string; plugin: ModuleRoutes }[];
  /** Folder of the built console (default dist/web); served at / when present. */
  webDir?: string;
}

const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
];

/**
 * Builds the Fastify app: request ids, redacted logs, problem+json errors, auth,
 * OpenAPI at /docs, /health and /ready, module routes and the console.
 * Tests call it in-process with `app.inject(...)`.
 */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      opts.config.logLevel === 'silent'
        ? false
        : { level: opts.config.logLevel, redact: { paths: REDACT, censor: '[redacted]' } },
    bodyLimit: opts.config.bodyLimit,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    },
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorateRequest('actor', undefined);
  await app.register(cookie);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    const auth = request.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : request.cookies[SESSION_COOKIE];
    // Agency access tokens are JWTs (three dot-separated parts), checked by the exchange
    // routes themselves; only operator session tokens are looked up here.
    if (token && token.split('.').length !== 3) request.actor = await opts.authenticate(token);
  });
  // The request context for services and logs lives for the rest of the request.
  app.addHook('preHandler', (request, _reply, done) => {
    runWithContext(
      { requestId: String(request.id), ...(request.actor ? { actor: request.actor } : {}) },
      done,
    );
  });

  app.setErrorHandler((err, request, reply) => {
    const problem = toProblem(err, request);
    if (problem.status >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ code: problem.code }, 'request refused');
    return sendProblem(reply, problem);
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Dancu API',
        version: '0.1.0',
        description:
          'National population-data platform. Errors are RFC 9457 problem+json with a stable `code`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          // Agency access tokens (JWT) from the /oidc token endpoint, client credentials.
          agencyToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        },
      },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/ready', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await sql`SELECT 1`.execute(opts.deps.database.db);
      return { status: 'ready', database: opts.deps.database.kind };
    } catch {
      return reply.status(503).send({ status: 'unavailable' });
    }
  });

  for (const r of opts.routes) await app.register(r.plugin, { prefix: r.prefix, ...opts.deps });

  const webDir = opts.webDir ?? fileURLToPath(new URL('../../dist/web/', import.meta.url));
  const hasWeb = existsSync(webDir);
  if (hasWeb) await app.register(fastifyStatic, { root: webDir, wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    const isApi = /^\/(api|docs|health|ready|oidc|metrics)(\/|$)/.test(request.url);
    if (hasWeb && request.method === 'GET' && !isApi) return reply.sendFile('index.html');
    return sendProblem(reply, {
      type: 'https://dancu.dev/problems/request.not_found',
      title: `No route ${request.method} ${request.url.split('?')[0]}`,
      status: 404,
      code: 'request.not_found',
      requestId: String(request.id),
    });
  });

  await app.ready();
  return app;
}
