import { Redis } from 'ioredis';
import { type AuditBatcher, auditRecorder } from '../audit/index.js';
import type { Database } from '../db/index.js';
import { type AuthServer, type AuthServerOptions, createAuthServer } from './auth-server.js';
import { ConnectionHealth } from './health.js';
import * as oidcRepo from './oidc.repo.js';
import { PolicyCache } from './policy.js';
import { VerificationReads } from './read-batcher.js';
import { installExchangeGate } from './subscription-gate.js';

export interface ExchangeOptions extends AuthServerOptions {
  /** Requests per client per window (default 6000 per minute; DANCU_EXCHANGE_RATE_PER_MIN). */
  rateLimit?: { max: number; timeWindowMs: number } | undefined;
  /** Shared rate-limit store (default REDIS_URL when set; else in memory per process). */
  redisUrl?: string | undefined;
  /** How long purposes and grants are cached per process (default 5000 ms). */
  policyTtlMs?: number | undefined;
}

/** Per-database state of the exchange in this process: the auth server, batcher, health. */
export interface ExchangeRuntime {
  options: ExchangeOptions;
  auth: AuthServer;
  audit: AuditBatcher;
  health: ConnectionHealth;
  policy: PolicyCache;
  /** registry reads of concurrent verifications, one query per event-loop turn */
  reads: VerificationReads;
  redis: Redis | undefined;
  /** Removes expired rows of the provider's storage (replay records) every 10 minutes. */
  purge: NodeJS.Timeout;
}

const options = new WeakMap<Database, ExchangeOptions>();
const runtimes = new WeakMap<Database, Promise<ExchangeRuntime>>();

/**
 * Sets the exchange's options for `database` (issuer, data dir of the signing keys, rate
 * limit). Call before the routes are mounted; without it the environment decides.
 *
 * @example configureExchange(database, { dataDir: config.dataDir, issuer: 'https://dancu.example/oidc' });
 */
export function configureExchange(database: Database, opts: ExchangeOptions): void {
  options.set(database, opts);
  installExchangeGate(database, opts.policyTtlMs); // what agencies' subscriptions receive
}

/** The runtime of `database`, created on first use. */
export function exchangeRuntime(database: Database): Promise<ExchangeRuntime> {
  let r = runtimes.get(database);
  if (!r) {
    installExchangeGate(database, options.get(database)?.policyTtlMs);
    const opts: ExchangeOptions = { ...(options.get(database) ?? {}) };
    const perMin = Number(process.env.DANCU_EXCHANGE_RATE_PER_MIN);
    if (!opts.rateLimit && perMin > 0) opts.rateLimit = { max: perMin, timeWindowMs: 60_000 };
    const redisUrl = opts.redisUrl ?? process.env.REDIS_URL; // '' = in memory
    r = createAuthServer(database, opts).then((auth) => ({
      options: opts,
      auth,
      audit: auditRecorder(database), // shared with the registry API's audit
      health: new ConnectionHealth(),
      policy: new PolicyCache(database, opts.policyTtlMs),
      reads: new VerificationReads(database),
      redis: redisUrl
        ? new Redis(redisUrl, { connectTimeout: 500, maxRetriesPerRequest: 1, lazyConnect: false })
        : undefined,
      purge: setInterval(
        () => void oidcRepo.purgeExpired(database.db).catch(() => undefined),
        600_000,
      ).unref(),
    }));
    runtimes.set(database, r);
  }
  return r;
}

/** Closes what the runtime holds open (Redis); call on shutdown. */
export async function closeExchange(database: Database): Promise<void> {
  const r = runtimes.get(database);
  runtimes.delete(database);
  const rt = await r;
  if (rt) clearInterval(rt.purge);
  await rt?.audit.flush();
  rt?.redis?.disconnect();
}
