import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/index.js';
import type { Actor } from '../shared/context.js';
import type { AuditEntryInput, AuditOutcome } from './leaf.js';
import { auditRecorder } from './recorder.js';

/**
 * The audit port of a module's HTTP routes: a route declares what it does with personal
 * data (`config.audit`), its handler may add what only it knows (`noteAccess`), and one
 * onSend hook appends the entry — for every outcome — and holds the reply until the entry
 * is committed. The module never touches the audit tables.
 */

/** What a route does with personal data; set as `config: { audit: … }` on the route. */
export interface AccessSpec {
  /** e.g. 'person.read', 'person.death'. */
  action: string;
  /** Reads may be switched off for the benchmark (DANCU_AUDIT_READS=off); writes never. */
  kind: 'read' | 'write';
  /** The fields the route reveals or writes (the handler may say more precisely). */
  fields?: readonly string[];
}

/** What the handler knows of the access beyond the route: whose data, which fields. */
export interface AccessNote {
  /** The person concerned (default: the route's `:pid` parameter). */
  subjectPid?: string | undefined;
  /** Further persons concerned (search results, household members). */
  subjects?: readonly string[] | undefined;
  fields?: readonly string[] | undefined;
  /** Extra detail (no personal data). */
  detail?: Record<string, unknown> | undefined;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Audit this route's requests (see src/audit/access-hook.ts). */
    audit?: AccessSpec;
  }
}

const notes = new WeakMap<FastifyRequest, AccessNote>();
const done = new WeakSet<FastifyRequest>();

/**
 * Adds to the audit entry of this request (merged with earlier notes).
 *
 * @example noteAccess(request, { subjects: result.items.map((p) => p.pid) });
 */
export function noteAccess(request: FastifyRequest, note: AccessNote): void {
  const before = notes.get(request);
  notes.set(request, before ? { ...before, ...note, detail: { ...before.detail, ...note.detail } } : note);
}

const ID = /^[0-9]{9}([0-9]{3})?$/;

const outcomeOf = (status: number): AuditOutcome =>
  status < 400 ? 'ok' : status === 401 || status === 403 ? 'denied' : 'error';

/** The stable problem code of an error reply, when its body is problem+json. */
function problemCode(payload: unknown): string | undefined {
  if (typeof payload !== 'string' || !payload.startsWith('{')) return undefined;
  try {
    const code = (JSON.parse(payload) as { code?: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The audit entry of one request. Operators are recorded by id with their roles and units
 * at the time (the citizen's access log shows the role and unit, not the id). A failed
 * request revealed and wrote nothing: its fields are empty and its problem code is kept.
 */
export function accessEntry(
  spec: AccessSpec,
  actor: Actor,
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): AuditEntryInput {
  const note = notes.get(request) ?? {};
  const status = reply.statusCode;
  const param = (request.params as { pid?: unknown } | undefined)?.pid;
  const subjectPid = note.subjectPid ?? (typeof param === 'string' && ID.test(param) ? param : null);
  const outcome = outcomeOf(status);
  const code = outcome === 'ok' ? undefined : problemCode(payload);
  return {
    actor: { id: actor.id, kind: actor.kind },
    action: spec.action,
    subjectPid,
    subjects: outcome === 'ok' ? note.subjects : undefined,
    fields: outcome === 'ok' ? (note.fields ?? spec.fields ?? []) : [],
    outcome,
    requestId: String(request.id),
    detail: {
      roles: [...actor.roles],
      units: [...actor.units],
      status,
      ...(code ? { code } : {}),
      ...note.detail,
    },
  };
}

/**
 * Audits the routes of `app` (call it at the top of a routes plugin) that declare
 * `config.audit`: after the handler (or the error handler) produced the reply and before
 * it is sent, the entry is queued on the group-commit recorder and the reply waits for
 * its commit. If the audit cannot be written the client gets a 500 instead of the data;
 * a write that was committed meanwhile is audited when the client retries it with the
 * same Idempotency-Key. Requests without an authenticated caller are not audited (they
 * are refused before anything is read).
 */
export function auditAccess(app: FastifyInstance, database: Database): void {
  const recorder = auditRecorder(database);
  app.addHook('onSend', async (request, reply, payload) => {
    const spec = request.routeOptions.config.audit;
    if (!spec || !request.actor || done.has(request)) return payload;
    done.add(request); // once per request, also when the error reply passes this hook again
    await recorder.append(accessEntry(spec, request.actor, request, reply, payload), {
      required: spec.kind === 'write',
    });
    return payload;
  });
}
