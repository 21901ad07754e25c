import type { AuditEntryInput } from '../audit/index.js';
import { type DomainError, forbidden, notFound } from '../shared/errors.js';
import type { ExchangeCaller } from './auth-server.js';
import { CLAIM_NAMES, type Claims, projectFields, type VerifyAnswer, verifyClaims } from './matching.js';
import type { Field, Operation, Purpose } from './purposes.js';
import type { ExchangeRuntime } from './runtime.js';

/** Agency reads: verify, lookup, bulk verify. Every read and every refusal is audited. */

export interface VerifyRequest {
  pid?: string | undefined;
  oldId?: string | undefined;
  claims: Claims;
}

const ACTION: Record<Operation, string> = {
  verify: 'person.verify',
  lookup: 'person.lookup',
  bulk_verify: 'person.verify',
  subscribe: 'person.subscribe',
};

/** The audit entry of one agency read. */
export function readEntry(
  caller: ExchangeCaller,
  op: Operation,
  purpose: string | undefined,
  subjectPid: string | undefined,
  fields: readonly string[],
  outcome: 'ok' | 'denied' | 'error',
  detail: Record<string, unknown> = {},
): AuditEntryInput {
  return {
    actor: { id: `client:${caller.clientId}`, kind: 'agency' },
    action: ACTION[op],
    subjectPid: subjectPid ?? null,
    purpose: purpose ?? null,
    fields,
    outcome,
    detail: { agency: caller.agencyCode, operation: op, ...detail },
  };
}

/**
 * The purpose named by the request, when it is among the token's scopes, still granted
 * to the client, and allows `op` and every field in `fields`. Otherwise a 403
 * `exchange.purpose_not_allowed`, audited as denied.
 */
export async function authorize(
  rt: ExchangeRuntime,
  caller: ExchangeCaller,
  purposeCode: string | undefined,
  op: Operation,
  fields: readonly string[],
  subjectPid?: string,
): Promise<Purpose> {
  const purpose = purposeCode ? await rt.policy.purpose(purposeCode) : undefined;
  let why: string | undefined;
  if (!purposeCode) why = 'no Dancu-Purpose header';
  else if (!caller.scopes.has(purposeCode)) why = `the access token does not carry purpose ${purposeCode}`;
  else if (!purpose || !(await rt.policy.granted(caller.clientId, purposeCode)))
    why = `purpose ${purposeCode} is not granted to this client`;
  else if (!purpose.operations.includes(op)) why = `purpose ${purposeCode} does not allow ${op}`;
  else {
    const outside = fields.filter((f) => !purpose.fields.includes(f as Field));
    if (outside.length) why = `purpose ${purposeCode} does not cover ${outside.join(', ')}`;
  }
  if (why === undefined && purpose) return purpose;
  await rt.audit.append(readEntry(caller, op, purposeCode, subjectPid, fields, 'denied', { reason: why }));
  throw forbidden('exchange.purpose_not_allowed', why ?? 'purpose not allowed');
}

const claimFields = (claims: Claims) => CLAIM_NAMES.filter((n) => claims[n] !== undefined);

/** Answers whether the claims match the person; never reveals registry values. */
export async function verifyPerson(
  rt: ExchangeRuntime,
  caller: ExchangeCaller,
  purposeCode: string | undefined,
  req: VerifyRequest,
): Promise<VerifyAnswer> {
  const fields = claimFields(req.claims);
  const purpose = await authorize(rt, caller, purposeCode, 'verify', fields, req.pid);
  if (req.pid) {
    // The entry records the access (who asked about whom, for which purpose, comparing
    // which fields), not the answer, so it is written while the registry is read: the
    // reply waits for the longer of the two instead of their sum, and is still sent only
    // once the entry is durable.
    const [read, logged] = await Promise.allSettled([
      rt.reads.read({ pids: [req.pid] }),
      rt.audit.append(readEntry(caller, 'verify', purpose.code, req.pid, fields, 'ok')),
    ]);
    if (logged.status === 'rejected') throw logged.reason;
    if (read.status === 'rejected') {
      // The access was logged as it began; the log must also say that it came to nothing.
      await rt.audit.append(
        readEntry(caller, 'verify', purpose.code, req.pid, fields, 'error', { reason: 'read failed' }),
      );
      throw read.reason;
    }
    return verifyClaims(read.value.byPid.get(req.pid), req.claims, purpose.fields.includes('cardStatus'));
  }
  // By old ID number: the person is known only after the read.
  const [answer] = await verifyMany(rt, caller, purpose, [req], 'verify');
  return answer as VerifyAnswer;
}

/**
 * Verifies many requests with one registry query; answers in order. A single verify is
 * audited as one entry. A bulk chunk is audited as one entry for the lines verified and
 * one for the lines refused, each naming every person concerned (`subjects`, indexed for
 * their access logs) with the fields claimed in the chunk and the counts — the way a
 * search names every person it returned — instead of a leaf per line.
 */
export async function verifyMany(
  rt: ExchangeRuntime,
  caller: ExchangeCaller,
  purpose: Purpose,
  reqs: readonly VerifyRequest[],
  op: 'verify' | 'bulk_verify',
): Promise<(VerifyAnswer | DomainError)[]> {
  const withCard = purpose.fields.includes('cardStatus');
  const { byPid, pidByOldId } = await rt.reads.read({
    pids: reqs.flatMap((r) => (r.pid ? [r.pid] : [])),
    oldIds: reqs.flatMap((r) => (r.oldId && !r.pid ? [r.oldId] : [])),
  });
  const entries: AuditEntryInput[] = [];
  const ok = { subjects: new Set<string>(), fields: new Set<string>(), lines: 0, matched: 0, unknown: 0 };
  const denied = { subjects: new Set<string>(), fields: new Set<string>(), lines: 0 };
  const answers = reqs.map((r) => {
    const fields = claimFields(r.claims);
    const outside = fields.filter((f) => !purpose.fields.includes(f));
    const subject = r.pid ?? (r.oldId ? pidByOldId.get(r.oldId) : undefined);
    if (outside.length) {
      if (op === 'verify')
        entries.push(readEntry(caller, op, purpose.code, subject, fields, 'denied', { reason: 'fields' }));
      else {
        if (subject) denied.subjects.add(subject);
        for (const f of fields) denied.fields.add(f);
        denied.lines++;
      }
      return forbidden(
        'exchange.purpose_not_allowed',
        `purpose ${purpose.code} does not cover ${outside.join(', ')}`,
      );
    }
    const person = subject ? byPid.get(subject) : undefined;
    const answer = verifyClaims(person, r.claims, withCard);
    if (op === 'verify')
      entries.push(
        readEntry(
          caller,
          op,
          purpose.code,
          person?.pid ?? subject,
          fields,
          'ok',
          person ? {} : { known: false },
        ),
      );
    else {
      if (person) ok.subjects.add(person.pid);
      else ok.unknown++;
      for (const f of fields) ok.fields.add(f);
      ok.lines++;
      if (answer.match) ok.matched++;
    }
    return answer;
  });
  if (ok.lines > 0)
    entries.push({
      ...readEntry(caller, op, purpose.code, undefined, [...ok.fields], 'ok', {
        lines: ok.lines,
        matched: ok.matched,
        unknown: ok.unknown,
      }),
      subjects: [...ok.subjects],
    });
  if (denied.lines > 0)
    entries.push({
      ...readEntry(caller, op, purpose.code, undefined, [...denied.fields], 'denied', {
        reason: 'fields',
        lines: denied.lines,
      }),
      subjects: [...denied.subjects],
    });
  await rt.audit.appendMany(entries);
  return answers;
}

/** The person with only the fields the purpose allows. */
export async function lookupPerson(
  rt: ExchangeRuntime,
  caller: ExchangeCaller,
  purposeCode: string | undefined,
  pid: string,
  wanted?: readonly string[],
): Promise<Record<string, unknown>> {
  const allowed = purposeCode ? ((await rt.policy.purpose(purposeCode))?.fields ?? []) : [];
  const purpose = await authorize(rt, caller, purposeCode, 'lookup', wanted ?? allowed, pid);
  const fields = (wanted ?? purpose.fields) as Field[];
  const { byPid } = await rt.reads.whole({ pids: [pid] });
  const person = byPid.get(pid);
  await rt.audit.append(
    readEntry(
      caller,
      'lookup',
      purpose.code,
      pid,
      person ? fields : [],
      person ? 'ok' : 'error',
      person ? {} : { reason: 'not_found' },
    ),
  );
  if (!person) throw notFound('exchange.not_found', `No person ${pid}`);
  return projectFields(person, fields);
}
