import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { Pid } from '../registry/index.js';
import { badRequest, DomainError, unauthorized } from '../shared/errors.js';
import type { ModuleRoutes } from '../shared/route-kit.js';
import type { ExchangeCaller } from './auth-server.js';
import { bulkVerify, MAX_BULK_BYTES } from './bulk.js';
import * as schemas from './exchange.schemas.js';
import { lookupPerson, verifyPerson } from './exchange.service.js';
import { exchangeRuntime } from './runtime.js';
import { agencySubscriptionRoutes } from './subscriptions.routes.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The agency client of an exchange request (from its access token). */
    exchangeCaller: ExchangeCaller | undefined;
  }
  interface FastifyContextConfig {
    exchangeOperation?: string;
  }
}

const tags = ['exchange'];
const security = [{ agencyToken: [] }];
const purposeHeader = (r: FastifyRequest) => {
  const v = r.headers['dancu-purpose'];
  return (Array.isArray(v) ? v[0] : v) || undefined;
};
const callerOf = (r: FastifyRequest) => r.exchangeCaller as ExchangeCaller;

/**
 * The agency API (bearer access token from /oidc/token, not operator sessions). Every
 * request names its purpose in `Dancu-Purpose`. Rate limited per client.
 */
export const agencyRoutes: ModuleRoutes = async (app, { database }) => {
  const rt = await exchangeRuntime(database);
  app.decorateRequest('exchangeCaller', undefined);

  app.addHook('onRequest', async (request) => {
    const auth = request.headers.authorization;
    if (!auth?.startsWith('Bearer '))
      throw unauthorized(
        'exchange.token_required',
        'Send "Authorization: Bearer <access token from /oidc/token>"',
      );
    try {
      request.exchangeCaller = await rt.auth.verifyAccessToken(auth.slice(7).trim());
    } catch {
      throw unauthorized('exchange.invalid_token', 'The access token is invalid or expired');
    }
  });
  app.addHook('onResponse', async (request, reply) => {
    const c = request.exchangeCaller;
    if (!c) return;
    const outcome = reply.statusCode < 400 ? 'ok' : reply.statusCode === 403 ? 'denied' : 'error';
    const op = request.routeOptions.config.exchangeOperation ?? 'other';
    rt.health.record(c.agencyCode, c.clientId, op, outcome, reply.elapsedTime);
  });

  await app.register(rateLimit, {
    hook: 'preHandler',
    max: rt.options.rateLimit?.max ?? 6000,
    timeWindow: rt.options.rateLimit?.timeWindowMs ?? 60_000,
    keyGenerator: (request) => `exchange:${request.exchangeCaller?.clientId ?? request.ip}`,
    ...(rt.redis ? { redis: rt.redis } : {}),
    errorResponseBuilder: (_request, ctx) =>
      new DomainError(
        429,
        'exchange.rate_limited',
        `Rate limit of ${ctx.max} requests per ${ctx.after} reached; retry later`,
      ),
  });

  app.addContentTypeParser('application/x-ndjson', (_request, payload, done) => done(null, payload));
  agencySubscriptionRoutes(app, database, rt, { purposeOf: purposeHeader, callerOf });

  app.post(
    '/verify',
    {
      config: { exchangeOperation: 'verify' },
      schema: {
        tags,
        security,
        summary: 'Do these claims match the person? (yes/no per claim; never the values)',
        body: schemas.VerifyRequest,
        response: { 200: schemas.VerifyAnswer },
      },
    },
    async (request) => {
      const body = request.body;
      if (!body.pid && !body.oldId)
        throw badRequest('exchange.subject_required', 'Give pid or oldId', [
          { field: 'pid', message: 'required' },
        ]);
      return verifyPerson(rt, callerOf(request), purposeHeader(request), body);
    },
  );

  app.get(
    '/persons/:pid',
    {
      config: { exchangeOperation: 'lookup' },
      schema: {
        tags,
        security,
        summary: 'The person, with only the fields the purpose allows',
        params: Type.Object({ pid: Pid }),
        querystring: Type.Object({ fields: Type.Optional(Type.String({ maxLength: 500 })) }),
        response: { 200: Type.Record(Type.String(), Type.Unknown()) },
      },
    },
    async (request) => {
      const wanted = request.query.fields
        ?.split(',')
        .map((f) => f.trim())
        .filter(Boolean);
      return lookupPerson(rt, callerOf(request), purposeHeader(request), request.params.pid, wanted);
    },
  );

  app.post(
    '/verify/bulk',
    {
      config: { exchangeOperation: 'bulk_verify' },
      schema: {
        tags,
        security,
        summary: 'Verify up to 1,000,000 requests: NDJSON in, NDJSON out in the same order',
        description: 'Request body: application/x-ndjson, one verify request per line.',
      },
    },
    async (request, reply) => {
      const length = Number(request.headers['content-length'] ?? 0);
      if (length > MAX_BULK_BYTES)
        throw new DomainError(
          413,
          'exchange.bulk_too_large',
          `A bulk body may hold at most ${MAX_BULK_BYTES} bytes`,
        );
      if (!String(request.headers['content-type'] ?? '').startsWith('application/x-ndjson'))
        throw new DomainError(415, 'exchange.ndjson_required', 'Send Content-Type: application/x-ndjson');
      const out = await bulkVerify(
        rt,
        callerOf(request),
        purposeHeader(request),
        request.body as NodeJS.ReadableStream,
      );
      return reply.type('application/x-ndjson').send(out);
    },
  );
};
