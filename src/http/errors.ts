import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError } from '../shared/errors.js';

/**
 * RFC 9457 problem details. `code` is Dancu's stable error code; `errors` lists field
 * problems for forms. A 5xx body says nothing about the cause; the log has it, under the
 * request id the body names.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  requestId: string;
  errors?: { field: string; message: string }[];
  [extra: string]: unknown;
}

const TYPE_BASE = 'https://dancu.dev/problems/';

export function toProblem(err: unknown, request: FastifyRequest): Problem {
  const base = { instance: request.url, requestId: String(request.id) };
  if (isDomainError(err)) {
    return {
      type: TYPE_BASE + err.code,
      title: err.message,
      status: err.status,
      code: err.code,
      ...base,
      ...(err.details ? { errors: err.details } : {}),
      ...(err.extra ?? {}),
    };
  }
  const fe = err as FastifyError;
  if (fe.validation) {
    const errors = fe.validation.map((v) => ({
      field: fieldOf(v.instancePath, v.params, fe.validationContext),
      message: v.message ?? 'is invalid',
    }));
    return {
      type: `${TYPE_BASE}validation`,
      title: 'The request is not valid',
      status: 400,
      code: 'request.invalid',
      detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '),
      errors,
      ...base,
    };
  }
  const known: Record<string, [number, string, string]> = {
    FST_ERR_CTP_INVALID_JSON_BODY: [400, 'request.malformed_json', 'The body is not valid JSON'],
    FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'request.malformed_json', 'The body is empty but JSON was declared'],
    FST_ERR_CTP_BODY_TOO_LARGE: [413, 'request.too_large', 'The body is larger than allowed'],
    FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'request.unsupported_media_type', 'Unsupported content type'],
    FST_ERR_NOT_FOUND: [404, 'request.not_found', 'No such route'],
  };
  const k = fe.code ? known[fe.code] : undefined;
  if (k) return { type: TYPE_BASE + k[1], title: k[2], status: k[0], code: k[1], ...base };
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return {
      type: `${TYPE_BASE}request.bad`,
      title: 'The request could not be handled',
      status: fe.statusCode,
      code: 'request.bad',
      detail: fe.message,
      ...base,
    };
  }
  return {
    type: `${TYPE_BASE}server_error`,
    title: 'Internal server error',
    status: 500,
    code: 'server_error',
    ...base,
  };
}

function fieldOf(instancePath: string, params: Record<string, unknown>, where: string | undefined): string {
  const missing = typeof params?.missingProperty === 'string' ? `/${params.missingProperty}` : '';
  const p = `${instancePath}${missing}`.replace(/^\//, '').replace(/\//g, '.');
  return p || where || 'body';
}

export function sendProblem(reply: FastifyReply, problem: Problem) {
  return reply.status(problem.status).type('application/problem+json').send(problem);
}
