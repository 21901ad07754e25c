import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

/**
 * The authorization server's own signing keys (private JWKs), from `DANCU_OIDC_KEYS`
 * (a JWKS as JSON) or the file `<dataDir>/oidc-keys.json` (mode 0600), created with one
 * ES256 key on first start. Without either (tests), a fresh key lives in memory only.
 *
 * Rotation: add a new key at the START of the file's `keys` (the first key signs),
 * restart every process; keep the old key in the list for at least the token lifetime
 * (5 minutes) so tokens it signed still verify; then remove it.
 */
export async function loadSigningKeys(
  opts: { dataDir?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<JWK[]> {
  const env = opts.env ?? process.env;
  if (env.DANCU_OIDC_KEYS) return parseKeys(env.DANCU_OIDC_KEYS, 'DANCU_OIDC_KEYS');
  if (!opts.dataDir) return [await newSigningKey()];
  const file = path.join(opts.dataDir, 'oidc-keys.json');
  if (existsSync(file)) return parseKeys(readFileSync(file, 'utf8'), file);
  const keys = [await newSigningKey()];
  mkdirSync(opts.dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify({ keys }, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return keys;
}

/** A new ES256 private JWK with kid (its RFC 7638 thumbprint), alg and use. */
export async function newSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'ES256', use: 'sig' };
}

function parseKeys(text: string, source: string): JWK[] {
  const parsed = JSON.parse(text) as { keys?: JWK[] };
  if (!Array.isArray(parsed.keys) || parsed.keys.length === 0 || parsed.keys.some((k) => !k.d))
    throw new Error(`${source} must be a JWKS with at least one private key`);
  return parsed.keys;
}

/** The public half of each key (what the jwks endpoint serves). */
export function publicJwks(keys: readonly JWK[]): { keys: JWK[] } {
  return {
    keys: keys.map(({ d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub }) => pub),
  };
}
