import type { FastifyInstance } from 'fastify';
import type { Database } from '../src/db/index.js';
import { createOperator, login } from '../src/operators/index.js';
import { createServer } from '../src/server.js';
import type { Role } from '../src/shared/context.js';
import { freshDatabase } from './db.js';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  /** Bearer token of an admin operator. */
  adminToken: string;
  /** Creates an operator and returns its bearer token. */
  tokenFor(username: string, roles: Role[], units?: string[]): Promise<string>;
  close(): Promise<void>;
}

/** The whole app in-process on a fresh database, with an admin logged in. */
export async function testApp(): Promise<TestApp> {
  const database = await freshDatabase();
  const app = await createServer(database, { logLevel: 'silent', bodyLimit: 1024 * 1024 });
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
  const adminToken = await tokenFor('admin', ['admin']);
  return {
    app,
    database,
    adminToken,
    tokenFor,
    async close() {
      await app.close();
      await database.close();
    },
  };
}
