import { generateKeyPairSync } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { freshDatabase } from '../../test/db.js';
import type { Database } from '../db/index.js';
import { buildApp } from '../http/app.js';
import { authenticate, createOperator, login } from '../operators/index.js';
import type { Role } from '../shared/context.js';
import { auditRoutes } from './audit.routes.js';
import type { AuditEntryInput } from './leaf.js';
import { loadSigner } from './signer.js';

/** Test helpers of the audit module: an app with only the audit routes, and synthetic entries. */
export interface AuditTestApp {
  app: FastifyInstance;
  database: Database;
  tokenFor(username: string, roles: Role[]): Promise<string>;
  close(): Promise<void>;
}

/** A fresh database and an app serving only /api/v1/audit (mounted as the lead will). */
export async function auditTestApp(): Promise<AuditTestApp> {
  const database = await freshDatabase();
  const app = await buildApp({
    config: { logLevel: 'silent', bodyLimit: 1 << 20 },
    deps: { database },
    authenticate: (token) => authenticate(database.db, token),
    routes: [{ prefix: '/api/v1/audit', plugin: auditRoutes }],
    webDir: '/nonexistent',
  });
  return {
    app,
    database,
    async tokenFor(username, roles) {
      await createOperator(database.db, {
        username,
        displayName: username,
        password: 'test-password',
        roles,
      });
      return (await login(database.db, username, 'test-password')).token;
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** A signer with a throwaway key (DANCU_AUDIT_KEY set to a fresh key). */
export function testSigner() {
  return loadSigner({
    dataDir: '/nonexistent',
    env: { DANCU_AUDIT_KEY: freshKey(), DANCU_AUDIT_INSTANCE: 'test' },
  });
}

/** A new Ed25519 private key, base64 PKCS#8 DER (the DANCU_AUDIT_KEY format). */
export const freshKey = () =>
  (generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }) as Buffer).toString(
    'base64',
  );

/** Synthetic entry number i: reads and writes of made-up persons. */
export const sampleEntry = (i: number): AuditEntryInput => ({
  actor: {
    id: i % 3 === 0 ? 'agency:bhxh' : `operator:clerk${i % 5}`,
    kind: i % 3 === 0 ? 'agency' : 'operator',
  },
  action: i % 4 === 0 ? 'person.write' : 'person.read',
  subjectPid: `0010900${String(i % 50).padStart(5, '0')}`,
  purpose: i % 3 === 0 ? 'Cấp thẻ bảo hiểm y tế' : null,
  fields: ['fullName', 'dateOfBirth'],
  outcome: i % 17 === 0 ? 'denied' : 'ok',
  requestId: `req-${i}`,
  detail: { n: i, note: 'Nguyễn Văn Test', nested: { b: 1, a: [1.5, true, null] } },
});
