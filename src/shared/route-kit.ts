import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Database } from '../db/index.js';
import type { Actor } from './context.js';
import { badRequest, unauthorized } from './errors.js';

/**
 * What a module's routes need from the app, and the helpers they share. Modules build
 * their `*.routes.ts` on these; they never import `src/http` (DESIGN.md).
 */
export interface RouteDeps {
  database: Database;
}

export type ModuleRoutes = FastifyPluginAsyncTypebox<RouteDeps>;

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated operator or system, set by the auth hook; undefined if anonymous. */
    actor: Actor | undefined;
  }
}

/** The caller, or a 401 problem when the request carries no valid session. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor)
    throw unauthorized('auth.required', 'Log in first: send "Authorization: Bearer <token>"');
  return request.actor;
}

/**
 * The `Idempotency-Key` header (1–200 visible ASCII characters). Writes that create
 * something require it, so that a retried request returns the first result instead of
 * creating twice.
 */
export function idempotencyKey(request: FastifyRequest, required = true): string | undefined {
  const raw = request.headers['idempotency-key'];
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (key === undefined || key === '') {
    if (required)
      throw badRequest('request.idempotency_key_required', 'Send an Idempotency-Key header with this write');
    return undefined;
  }
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw badRequest(
      'request.idempotency_key_invalid',
      'Idempotency-Key must be 1–200 visible ASCII characters',
    );
  }
  return key;
}

/** Parses `If-Match: "<version>"` (or W/"…") into a version number; undefined if absent. */
export function ifMatchVersion(request: FastifyRequest): number | undefined {
  const raw = request.headers['if-match'];
  if (raw === undefined) return undefined;
  const m = /^(?:W\/)?"(\d+)"$/.exec(String(raw).trim());
  if (!m) throw badRequest('request.if_match_invalid', 'If-Match must be an ETag such as "3"');
  return Number(m[1]);
}

/** The ETag for a record at `version`. */
export const etag = (version: number) => `"${version}"`;
