/**
 * A small fetch wrapper for the Dancu API. The session lives in an httpOnly cookie set by
 * POST /auth/login, so requests only need `credentials: 'same-origin'`. Errors come back
 * as RFC 9457 problem+json and are thrown as {@link ApiError}.
 */
import type {
  Household,
  Person,
  PersonEvent,
  PersonSummary,
  RegisterBirth,
  RegisterResidence,
} from '../../src/registry/registry.schemas.js';

export type { Household, Person, PersonEvent, PersonSummary, RegisterBirth, RegisterResidence };

/** One field problem: `field` is the dotted path of the body field, e.g. "placeOfBirth.unitCode". */
export interface FieldProblem {
  field: string;
  message: string;
}

/** An RFC 9457 problem as the API sends it. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  requestId?: string;
  errors?: FieldProblem[];
  [extra: string]: unknown;
}

/** A refused or failed request. `status` 0 means the server could not be reached. */
export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.problem = problem;
  }
  get status() {
    return this.problem.status;
  }
  get code() {
    return this.problem.code;
  }
}

export interface Operator {
  username: string;
  displayName: string;
  roles: string[];
  units: string[];
}

/** Whether the operator may register (admins and clerks; viewers only read). */
export const canWrite = (op: Operator) => op.roles.some((r) => r === 'admin' || r === 'clerk');

export interface Unit {
  code: string;
  era: number | string;
  name: string;
  fullName: string;
  level: string;
  provinceCode?: string | null;
}

export interface ApiReply<T> {
  data: T;
  headers: Headers;
}

/** Called when any request answers 401, so the app can show the login screen. */
let onUnauthorized: () => void = () => {};
export const setUnauthorizedHandler = (fn: () => void) => {
  onUnauthorized = fn;
};

/**
 * Sends one request to /api/v1 and parses the JSON reply. A `Blob` body (a file or a slice
 * of one) is sent as it is, with the content type given in `headers`; others as JSON.
 *
 * @example
 *   const { data } = await request<Person>('GET', `/persons/${pid}`);
 */
export async function request<T>(
  method: string,
  path: string,
  opts: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiReply<T>> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  const raw = opts.body instanceof Blob;
  if (opts.body !== undefined && !raw) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      ...(opts.body !== undefined ? { body: raw ? (opts.body as Blob) : JSON.stringify(opts.body) } : {}),
    });
  } catch {
    throw new ApiError({
      title: 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.',
      status: 0,
      code: 'network',
    });
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const p = (json && typeof json === 'object' ? json : {}) as Partial<Problem>;
    const problem: Problem = {
      ...p,
      title: p.title ?? res.statusText ?? 'Lỗi',
      status: res.status,
      code: p.code ?? `http.${res.status}`,
    };
    if (res.status === 401 && !path.startsWith('/auth/login')) onUnauthorized();
    throw new ApiError(problem);
  }
  return { data: json as T, headers: res.headers };
}

/** Query string from an object, skipping empty values. */
export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Parses an ETag such as `"3"` or `W/"3"` into a version number. */
export function versionOf(etag: string | null): number | undefined {
  const m = etag ? /^(?:W\/)?"(\d+)"$/.exec(etag.trim()) : null;
  return m ? Number(m[1]) : undefined;
}

export const api = {
  login: (username: string, password: string) =>
    request<{ token: string; expiresAt: string; operator: Operator }>('POST', '/auth/login', {
      body: { username, password },
    }),
  me: () => request<Operator>('GET', '/auth/me'),
  logout: () => request<void>('POST', '/auth/logout'),
  search: (p: { q?: string; name?: string; dob?: string; unit?: string; limit?: number; cursor?: string }) =>
    request<{ items: PersonSummary[]; next?: string }>('GET', `/persons${query(p)}`),
  person: (pid: string) => request<Person>('GET', `/persons/${pid}`),
  history: (pid: string) => request<{ events: PersonEvent[] }>('GET', `/persons/${pid}/history`),
  household: (pid: string) => request<Household>('GET', `/persons/${pid}/household`),
  registerBirth: (body: RegisterBirth, idempotencyKey: string) =>
    request<Person>('POST', '/births', { body, headers: { 'idempotency-key': idempotencyKey } }),
  registerResidence: (pid: string, body: RegisterResidence, version: number, idempotencyKey: string) =>
    request<Person>('POST', `/persons/${pid}/residence`, {
      body,
      headers: { 'if-match': `"${version}"`, 'idempotency-key': idempotencyKey },
    }),
  parseAddress: (text: string) => request<{ matches: unknown[] }>('POST', '/units/parse', { body: { text } }),
  unit: (code: string) => request<Unit>('GET', `/units/${code}`),
  units: (p: { era?: number; level?: string; parent?: string }) =>
    request<Unit[] | { units?: Unit[]; items?: Unit[] }>('GET', `/units${query(p)}`),
};

/** URL of the printable residence confirmation (opened in a new tab). */
export const confirmationUrl = (pid: string) => `/api/v1/persons/${pid}/residence-confirmation?format=html`;
