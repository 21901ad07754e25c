import type { ModuleRoutes } from '../shared/route-kit.js';
import { exchangeRuntime } from './runtime.js';

/**
 * Mounts the authorization server (a Koa app) inside Fastify at the prefix of this
 * plugin (`/oidc`, which must be the issuer's path). Fastify leaves the body unread (a
 * pass-through content-type parser), the reply is hijacked, and Koa gets the raw Node
 * request with the prefix stripped from `url` (the full path stays in `originalUrl`,
 * as with Express mounting).
 */
export const oidcRoutes: ModuleRoutes = async (app, { database }) => {
  const { auth } = await exchangeRuntime(database);
  const handle = auth.provider.callback();
  const prefix = new URL(auth.issuer).pathname.replace(/\/$/, '');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
  const route = async (request: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply) => {
    reply.hijack();
    const raw = request.raw as typeof request.raw & { originalUrl?: string };
    raw.originalUrl = raw.url;
    raw.url = (raw.url ?? '/').slice(prefix.length) || '/';
    await handle(raw, reply.raw);
  };
  app.all('/*', { schema: { hide: true } }, route);
  app.all('/', { schema: { hide: true } }, route);
};
