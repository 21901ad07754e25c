import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { Database } from '../../src/db/index.js';
import { createOperator, login } from '../../src/operators/index.js';
import { createServer } from '../../src/server.js';
import type { Role } from '../../src/shared/context.js';
import { freshDatabase } from '../db.js';

/** Where screenshots of each screen go (E2E_SHOTS, default /tmp/shots). */
export const SHOTS = process.env.E2E_SHOTS ?? '/tmp/shots';

export interface Harness {
  baseUrl: string;
  app: FastifyInstance;
  database: Database;
  browser: Browser;
  /** Creates an operator; returns its bearer token for API calls beside the browser. */
  operator(
    username: string,
    displayName: string,
    password: string,
    roles: Role[],
    units?: string[],
  ): Promise<string>;
  /** Saves a full-page screenshot as SHOTS/<name>.png. */
  shot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real server on a random local port (fresh migrated database: PGlite, or
 * PostgreSQL when DATABASE_URL is set) serving the built console, and Chromium.
 */
export async function startHarness(): Promise<Harness> {
  const database = await freshDatabase();
  const webDir = fileURLToPath(new URL('../../dist/web/', import.meta.url));
  const app = await createServer(database, { logLevel: 'silent', bodyLimit: 1024 * 1024 }, { webDir });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  mkdirSync(SHOTS, { recursive: true });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    app,
    database,
    browser,
    async operator(username, displayName, password, roles, units = []) {
      await createOperator(database.db, { username, displayName, password, roles, units });
      return (await login(database.db, username, password)).token;
    },
    async shot(page, name) {
      await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
    },
    async close() {
      await browser.close();
      await app.close();
      await database.close();
    },
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A date `days` from today: ISO and as a clerk types it (dd/mm/yyyy). */
export function dayFromToday(days: number): { iso: string; typed: string } {
  const t = new Date();
  t.setDate(t.getDate() + days);
  const [y, m, d] = [t.getFullYear(), pad(t.getMonth() + 1), pad(t.getDate())];
  return { iso: `${y}-${m}-${d}`, typed: `${d}/${m}/${y}` };
}
