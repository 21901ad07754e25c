import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/db.js';
import { sql } from '../db/index.js';
import { buildApp } from '../http/app.js';
import { authenticate, createOperator, login } from '../operators/index.js';
import { registryRoutes } from '../registry/index.js';
import type { Role } from '../shared/context.js';
import { auditRoutes } from './audit.routes.js';
import { createCheckpoint } from './checkpoint.service.js';
import { testSigner } from './test-kit.js';
import { verifyAuditLog } from './verify.service.js';

/** The registry HTTP API writes every read and write of a person into the audit log. */

/** The registry and audit APIs mounted as server.ts mounts them. */
async function registryAndAudit() {
  const database = await freshDatabase();
  const app = await buildApp({
    config: { logLevel: 'silent', bodyLimit: 1 << 20 },
    deps: { database },
    authenticate: (token) => authenticate(database.db, token),
    routes: [
      { prefix: '/api/v1/audit', plugin: auditRoutes },
      { prefix: '/api/v1', plugin: registryRoutes },
    ],
    webDir: '/nonexistent',
  });
  const tokenFor = async (username: string, roles: Role[], units: string[] = []) => {
    await createOperator(database.db, {
      username,
      displayName: username,
      password: 'test-password',
      roles,
      units,
    });
    return (await login(database.db, username, 'test-password')).token;
  };
  return {
    app,
    database,
    tokenFor,
    adminToken: await tokenFor('admin', ['admin']),
    async close() {
      await app.close();
      await database.close();
    },
  };
}

let t: Awaited<ReturnType<typeof registryAndAudit>>;
let clerk: string;
let viewer: string;
let n = 0;
beforeAll(async () => {
  t = await registryAndAudit();
  clerk = await t.tokenFor('clerk-hn', ['clerk'], ['01']);
  viewer = await t.tokenFor('viewer', ['viewer']);
});
afterAll(() => t.close());

const call = (token: string, method: 'GET' | 'POST', url: string, payload?: object, headers = {}) =>
  t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}`, 'idempotency-key': `ah-${++n}`, ...headers },
    ...(payload ? { payload } : {}),
  });

const birth = (givenName: string, dateOfBirth: string) => ({
  familyName: 'Lê',
  middleName: 'Thu',
  givenName,
  sex: 'female',
  dateOfBirth,
  placeOfBirth: { unitCode: '01' },
  sourceDocument: { kind: 'birth_certificate', number: `GKS-AH-${givenName}` },
});

type Item = {
  seq: number;
  action: string;
  actorId: string;
  actorKind: string;
  actorRoles: string[];
  actorUnits: string[];
  fields: string[];
  outcome: string;
  purpose: string | null;
};
const accessLog = async (pid: string): Promise<Item[]> => {
  const res = await call(t.adminToken, 'GET', `/api/v1/audit/subjects/${pid}/access-log`);
  expect(res.statusCode).toBe(200);
  return res.json().items;
};

describe('audit of the registry API', () => {
  let pid: string;
  let sister: string;

  it('logs a birth registered by a clerk as a write, by role and unit rather than by name', async () => {
    const res = await call(clerk, 'POST', '/api/v1/births', birth('Hằng', '2001-02-03'));
    expect(res.statusCode).toBe(201);
    pid = res.json().pid;
    const [entry] = await accessLog(pid);
    expect(entry).toMatchObject({
      action: 'person.birth',
      actorKind: 'operator',
      actorId: 'operator',
      actorRoles: ['clerk'],
      actorUnits: ['01'],
      outcome: 'ok',
      purpose: null,
    });
    expect(entry?.fields).toEqual(expect.arrayContaining(['familyName', 'givenName', 'dateOfBirth']));
    // The officer's id stays in the entry itself, for an admin's investigation.
    const full = await call(t.adminToken, 'GET', `/api/v1/audit/entries/${entry?.seq}`);
    expect(full.json()).toMatchObject({
      actorId: 'operator:clerk-hn',
      requestId: res.headers['x-request-id'],
    });
  });

  it('logs reads by a clerk: person, history, residence confirmation', async () => {
    const read = await call(clerk, 'GET', `/api/v1/persons/${pid}`, undefined, { 'x-request-id': 'read-1' });
    expect(read.statusCode).toBe(200);
    await call(clerk, 'GET', `/api/v1/persons/${pid}/history`);
    await call(clerk, 'GET', `/api/v1/persons/${pid}/residence-confirmation?format=html`);
    const log = await accessLog(pid);
    expect(log.slice(0, 3).map((i) => i.action)).toEqual([
      'person.residence_confirmation',
      'person.history',
      'person.read',
    ]);
    expect(log[2]).toMatchObject({ actorRoles: ['clerk'], outcome: 'ok' });
    expect(log[2]?.fields).toEqual(expect.arrayContaining(['fullName', 'dateOfBirth', 'permanentResidence']));
    const entry = await call(t.adminToken, 'GET', `/api/v1/audit/entries/${log[2]?.seq}`);
    expect(entry.json().requestId).toBe('read-1');
  });

  it('logs a correction with the fields it wrote', async () => {
    const version = (await call(clerk, 'GET', `/api/v1/persons/${pid}`)).json().version;
    const res = await call(
      clerk,
      'POST',
      `/api/v1/persons/${pid}/corrections`,
      {
        changes: { givenName: 'Hằng Nga' },
        reason: 'sai chính tả trong giấy khai sinh',
        sourceDocument: { kind: 'correction_decision', number: 'QĐ-AH-1' },
      },
      { 'if-match': `"${version}"` },
    );
    expect(res.statusCode).toBe(200);
    const [entry] = await accessLog(pid);
    expect(entry).toMatchObject({ action: 'person.correction', fields: ['givenName'], outcome: 'ok' });
  });

  it('logs a refused write as denied, with nothing written', async () => {
    const version = (await call(viewer, 'GET', `/api/v1/persons/${pid}`)).json().version;
    const res = await call(
      viewer,
      'POST',
      `/api/v1/persons/${pid}/death`,
      { dateOfDeath: '2024', sourceDocument: { kind: 'death_certificate', number: 'GCT-AH' } },
      { 'if-match': `"${version}"` },
    );
    expect(res.statusCode).toBe(403);
    const [entry] = await accessLog(pid);
    expect(entry).toMatchObject({
      action: 'person.death',
      actorRoles: ['viewer'],
      outcome: 'denied',
      fields: [],
    });
  });

  it('logs one entry per search, in the access log of every person it returned', async () => {
    sister = (await call(clerk, 'POST', '/api/v1/births', birth('Hà', '2003-04-05'))).json().pid;
    const before = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_entries`.execute(
      t.database.db,
    );
    const res = await call(clerk, 'GET', '/api/v1/persons?name=le thu&limit=50');
    const found = res.json().items.map((p: { pid: string }) => p.pid);
    expect(found).toEqual(expect.arrayContaining([pid, sister]));
    const after = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_entries`.execute(
      t.database.db,
    );
    expect(after.rows[0]!.n - before.rows[0]!.n).toBe(1);
    for (const p of [pid, sister]) {
      const [entry] = await accessLog(p);
      expect(entry).toMatchObject({ action: 'person.search', actorRoles: ['clerk'] });
      expect(entry?.fields).toEqual(expect.arrayContaining(['fullName', 'dateOfBirth']));
    }
    const seq = (await accessLog(pid))[0]?.seq;
    const detail = (await call(t.adminToken, 'GET', `/api/v1/audit/entries/${seq}`)).json().detail;
    expect(detail).toMatchObject({ by: ['name'], results: found.length });
    expect(detail.subjects).toEqual(found);
  });

  it('keeps the log verifiable, and notices a removed access-log index row', async () => {
    const db = t.database.db;
    await createCheckpoint(db, testSigner());
    expect((await verifyAuditLog(db)).problems).toEqual([]);
    await sql`ALTER TABLE audit_subjects DISABLE TRIGGER USER`.execute(db);
    await sql`DELETE FROM audit_subjects WHERE pid = ${sister}`.execute(db);
    expect((await accessLog(sister)).map((i) => i.action)).not.toContain('person.search');
    const problems = (await verifyAuditLog(db)).problems;
    expect(problems).toEqual([
      expect.objectContaining({ kind: 'index_mismatch', message: expect.stringContaining(sister) }),
    ]);
  });

  it('fails closed: when the entry cannot be written, the data is not sent', async () => {
    const db = t.database.db;
    await sql`CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit storage unavailable'; END $$`.execute(db);
    await sql`CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_entries
      FOR EACH ROW EXECUTE FUNCTION refuse_audit()`.execute(db);
    try {
      const res = await call(clerk, 'GET', `/api/v1/persons/${pid}`);
      expect(res.statusCode).toBe(500);
      expect(res.json().code).toBe('server_error');
      expect(res.body).not.toContain('Hằng');
    } finally {
      await sql`DROP TRIGGER refuse_audit ON audit_entries`.execute(db);
    }
  });
});
