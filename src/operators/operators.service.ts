import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Db } from '../db/index.js';
import type { Actor, Role } from '../shared/context.js';
import { badRequest, conflict, forbidden, unauthorized } from '../shared/errors.js';
import * as repo from './operators.repo.js';

const scryptAsync = promisify(scrypt) as (pw: string, salt: Buffer, len: number) => Promise<Buffer>;
const SESSION_HOURS = 12;
const ROLES: readonly Role[] = ['admin', 'clerk', 'viewer', 'data_officer'];

export interface OperatorInput {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  /** Unit codes the operator may write in (clerks). */
  units?: string[];
}

export interface OperatorView {
  username: string;
  displayName: string;
  roles: Role[];
  units: string[];
}

async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, 32);
  return `scrypt$${salt.toString('base64')}$${key.toString('base64')}`;
}

async function checkPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const got = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length);
  return timingSafeEqual(expected, got);
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Creates an operator account; a second account with the same username is a conflict. */
export async function createOperator(db: Db, input: OperatorInput): Promise<OperatorView> {
  if (!/^[a-z0-9._-]{2,64}$/.test(input.username)) {
    throw badRequest('operators.invalid_username', 'Usernames are 2–64 of a-z, 0-9, dot, dash, underscore', [
      { field: 'username', message: 'invalid' },
    ]);
  }
  if (input.password.length < 8) {
    throw badRequest('operators.weak_password', 'Passwords have at least 8 characters', [
      { field: 'password', message: 'too short' },
    ]);
  }
  for (const r of input.roles)
    if (!ROLES.includes(r)) throw badRequest('operators.invalid_role', `Unknown role ${r}`);
  const row = await repo.insertOperator(db, {
    username: input.username,
    display_name: input.displayName,
    password_hash: await hashPassword(input.password),
    roles: input.roles,
    units: input.units ?? [],
  });
  if (!row) throw conflict('operators.exists', `Operator ${input.username} exists already`);
  return view(row);
}

const view = (r: Pick<repo.OperatorRow, 'username' | 'display_name' | 'roles' | 'units'>): OperatorView => ({
  username: r.username,
  displayName: r.display_name,
  roles: r.roles as Role[],
  units: r.units,
});

export const hasOperators = async (db: Db) => (await repo.countOperators(db)) > 0;

/** Checks a password and opens a session; the same answer for unknown user and wrong password. */
export async function login(db: Db, username: string, password: string) {
  const op = await repo.findOperator(db, username);
  const ok = op && !op.disabled && (await checkPassword(password, op.password_hash));
  if (!op || !ok) throw unauthorized('auth.invalid_credentials', 'Wrong username or password');
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600_000);
  await repo.insertSession(db, { token_hash: tokenHash(token), username, expires_at: expiresAt });
  return { token, expiresAt, operator: view(op) };
}

export const logout = (db: Db, token: string) => {
  sessionCache.delete(tokenHash(token));
  return repo.deleteSession(db, tokenHash(token));
};

export const actorOf = (op: OperatorView): Actor => ({
  id: `operator:${op.username}`,
  kind: 'operator',
  roles: op.roles,
  units: op.units,
});

/**
 * Sessions seen recently, so that a busy client does not cost a database round trip per
 * request. An entry lives at most SESSION_CACHE_MS; logging out here drops it at once, a
 * logout or disabled account seen by another process takes effect within that time.
 */
const SESSION_CACHE_MS = 5_000;
const SESSION_CACHE_MAX = 10_000;
const sessionCache = new Map<string, { actor: Actor; until: number }>();

/** Resolves a session token to its actor, or undefined when unknown or expired. */
export async function authenticate(db: Db, token: string): Promise<Actor | undefined> {
  const key = tokenHash(token);
  const now = Date.now();
  const hit = sessionCache.get(key);
  if (hit && hit.until > now) return hit.actor;
  const s = await repo.findSessionOperator(db, key);
  if (!s || s.disabled || s.expires_at.getTime() < now) {
    sessionCache.delete(key);
    return undefined;
  }
  const actor = actorOf(view(s));
  if (sessionCache.size >= SESSION_CACHE_MAX) sessionCache.clear();
  sessionCache.set(key, { actor, until: Math.min(now + SESSION_CACHE_MS, s.expires_at.getTime()) });
  return actor;
}

export async function describe(db: Db, username: string): Promise<OperatorView | undefined> {
  const op = await repo.findOperator(db, username);
  return op ? view(op) : undefined;
}

/** Only admins manage operator accounts. */
export function assertAdmin(actor: Actor) {
  if (!actor.roles.includes('admin')) throw forbidden('auth.forbidden', 'Only an admin may do this');
}

/** All operator accounts (admin only). */
export async function listOperators(db: Db, actor: Actor): Promise<OperatorView[]> {
  assertAdmin(actor);
  return (await repo.listOperators(db)).map(view);
}

/** Creates an operator on behalf of an admin. */
export async function addOperator(db: Db, actor: Actor, input: OperatorInput): Promise<OperatorView> {
  assertAdmin(actor);
  return createOperator(db, input);
}
