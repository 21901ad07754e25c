import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { type TestApp, testApp } from '../../test/app.js';
import { buildApp } from '../http/app.js';
import { authenticate } from '../operators/index.js';
import { eventsRoutes } from './events.routes.js';

/** Test helpers of the events module: a real HTTP receiver and the app with /api/v1/events. */
export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  json: { id: string; position: number; type: string; data: { pid: string } & Record<string, unknown> };
}

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  /** Status to answer with for the n-th request (0-based); default 200. */
  status: (n: number) => number;
  /** How long to hold the answer to the n-th request, ms (it counts as received at once); default 0. */
  delay: (n: number) => number;
  /** Resolves when `pred` holds for the received list (polls; fails after `ms`). */
  waitFor(pred: (r: Received[]) => boolean, ms?: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts a webhook receiver on 127.0.0.1 (port 0 = any free port). */
export async function startReceiver(port = 0): Promise<Receiver> {
  const r: Receiver = {
    url: '',
    port: 0,
    received: [],
    status: () => 200,
    delay: () => 0,
    async waitFor(pred, ms = 20_000) {
      const until = Date.now() + ms;
      while (!pred(r.received)) {
        if (Date.now() > until)
          throw new Error(`receiver: condition not met in ${ms} ms (${r.received.length} received)`);
        await new Promise((res) => setTimeout(res, 25));
      }
    },
    close: () => new Promise((res) => server.close(() => res())),
  };
  let n = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const status = r.status(n);
      const hold = r.delay(n++);
      if (status >= 200 && status < 300)
        r.received.push({ headers: req.headers, body, json: JSON.parse(body) });
      setTimeout(() => res.writeHead(status).end(), hold);
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((res) => server.listen(port, '127.0.0.1', () => res()));
  r.port = (server.address() as AddressInfo).port;
  r.url = `http://127.0.0.1:${r.port}/hook`;
  const close = r.close;
  r.close = () => {
    server.closeAllConnections();
    return close();
  };
  return r;
}

/** A free port nobody listens on (for a receiver that is down). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((res) => s.listen(0, '127.0.0.1', () => res()));
  const port = (s.address() as AddressInfo).port;
  await new Promise((res) => s.close(res));
  return port;
}

/** The whole app (registry…) plus a second app serving /api/v1/events, as the lead mounts it. */
export async function eventsTestApp(): Promise<TestApp & { events: FastifyInstance }> {
  const t = await testApp();
  const events = await buildApp({
    config: { logLevel: 'silent', bodyLimit: 1 << 20 },
    deps: { database: t.database },
    authenticate: (token) => authenticate(t.database.db, token),
    routes: [{ prefix: '/api/v1/events', plugin: eventsRoutes }],
    webDir: '/nonexistent',
  });
  const close = t.close;
  return {
    ...t,
    events,
    async close() {
      await events.close();
      await close();
    },
  };
}

let key = 0;
/** Registers a birth through the registry API; returns the new pid. */
export async function registerBirthViaApi(t: TestApp, over: Record<string, unknown> = {}): Promise<string> {
  const k = ++key;
  const pad = (n: number) => String(n).padStart(2, '0');
  // A different date of birth each call, so that no birth looks like a duplicate of another.
  const dateOfBirth = `${1950 + (k % 70)}-${pad(1 + (k % 12))}-${pad(1 + ((k * 7) % 28))}`;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/births',
    headers: { authorization: `Bearer ${t.adminToken}`, 'idempotency-key': `ev-${process.pid}-${k}` },
    payload: {
      familyName: 'Phạm',
      middleName: 'Minh',
      givenName: 'Khôi',
      sex: 'male',
      dateOfBirth,
      placeOfBirth: { unitCode: '01', text: 'Bệnh viện Phụ sản' },
      sourceDocument: { kind: 'birth_certificate', number: `GKS-EV-${k}` },
      ...over,
    },
  });
  if (res.statusCode !== 201) throw new Error(`birth failed: ${res.statusCode} ${res.body}`);
  return res.json().pid;
}
