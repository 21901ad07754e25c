import path from 'node:path';

/**
 * Configuration, parsed and validated once at start. Every setting comes from the
 * environment; a bad value stops the process with a message that names the variable.
 */
export interface Config {
  /** HTTP port (PORT, default 3000). */
  port: number;
  /** Interface to listen on (HOST, default 127.0.0.1). */
  host: string;
  /** PostgreSQL server URL (DATABASE_URL). When unset, embedded PGlite is used. */
  databaseUrl: string | undefined;
  /** PGlite data folder (DANCU_DATA_DIR, default ./data). */
  dataDir: string;
  /** pino level (LOG_LEVEL, default info). */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Persons seeded on first start when the registry is empty (DANCU_DEMO_PERSONS, default 100000; 0 = none). */
  demoPersons: number;
  /** Seed of the demo population (DANCU_DEMO_SEED, default 6). */
  demoSeed: number;
  /** Largest accepted request body in bytes (DANCU_BODY_LIMIT, default 1 MiB). */
  bodyLimit: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

/**
 * Reads the configuration from `env`.
 *
 * @example
 *   const config = loadConfig({ PORT: '8080' }); // config.port === 8080
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(`DATABASE_URL must start with postgres:// or postgresql://, got "${databaseUrl}"`);
  }
  const logLevel = (env.LOG_LEVEL || 'info') as Config['logLevel'];
  if (!LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }
  return {
    port: int(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '127.0.0.1',
    databaseUrl,
    dataDir: path.resolve(env.DANCU_DATA_DIR || './data'),
    logLevel,
    demoPersons: int(env, 'DANCU_DEMO_PERSONS', 100_000, 0, 200_000_000),
    demoSeed: int(env, 'DANCU_DEMO_SEED', 6, 0, 2 ** 31 - 1),
    bodyLimit: int(env, 'DANCU_BODY_LIMIT', 1024 * 1024, 1024, 1024 ** 3),
  };
}
