import { createLocalJWKSet, type JWK, jwtVerify } from 'jose';
import Provider, { errors } from 'oidc-provider';
import type { Database } from '../db/index.js';
import { adapterFactory } from './oidc-adapter.js';
import { EXCHANGE_RESOURCE } from './purposes.js';
import { loadSigningKeys, publicJwks } from './signing-keys.js';

/** Lifetime of an access token, seconds. */
export const ACCESS_TOKEN_TTL = 300;

/** Verified access tokens remembered per process (a few hundred bytes each). */
const VERIFIED_TOKENS_MAX = 10_000;

export interface AuthServerOptions {
  /** Issuer URL, ending in the mount path /oidc (DANCU_OIDC_ISSUER; default http://localhost:3000/oidc). */
  issuer?: string | undefined;
  /** Folder of oidc-keys.json (usually DANCU_DATA_DIR); without it keys live in memory. */
  dataDir?: string | undefined;
  /** Private signing JWKs (overrides dataDir and DANCU_OIDC_KEYS). */
  signingKeys?: JWK[] | undefined;
}

/** What a verified access token says. */
export interface ExchangeCaller {
  clientId: string;
  agencyCode: string;
  agencyName: string;
  scopes: ReadonlySet<string>;
}

export interface AuthServer {
  provider: Provider;
  issuer: string;
  /** Verifies an access token locally (signature, iss, aud, exp); throws when invalid. */
  verifyAccessToken(token: string): Promise<ExchangeCaller>;
}

/**
 * The OAuth 2.0 authorization server for agencies: oidc-provider with only the client
 * credentials grant, private_key_jwt client authentication (ES256, RS256, EdDSA) and
 * JWT access tokens for the resource `urn:dancu:exchange`, valid 5 minutes, whose scopes
 * are the purposes the client asked for — each one must be granted to it.
 */
export async function createAuthServer(
  database: Database,
  opts: AuthServerOptions = {},
): Promise<AuthServer> {
  const issuer = opts.issuer ?? process.env.DANCU_OIDC_ISSUER ?? 'http://localhost:3000/oidc';
  const keys = opts.signingKeys ?? (await loadSigningKeys({ dataDir: opts.dataDir }));
  const provider = new Provider(issuer, {
    adapter: adapterFactory(database),
    jwks: { keys: keys as never },
    clients: [],
    clientAuthMethods: ['private_key_jwt'],
    enabledJWA: { clientAuthSigningAlgValues: ['ES256', 'RS256', 'EdDSA', 'Ed25519'] },
    extraClientMetadata: { properties: ['agency_code', 'agency_name', 'purposes'] },
    responseTypes: ['none'],
    scopes: [],
    claims: {},
    ttl: { ClientCredentials: ACCESS_TOKEN_TTL },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: false },
      revocation: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => EXCHANGE_RESOURCE,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (ctx, indicator, client) => {
          if (indicator !== EXCHANGE_RESOURCE) throw new errors.InvalidTarget();
          const granted = new Set(
            String((client as unknown as { purposes?: string }).purposes ?? '')
              .split(' ')
              .filter(Boolean),
          );
          const asked = String(ctx.oidc.params?.scope ?? '')
            .split(' ')
            .filter(Boolean);
          if (asked.length === 0) throw new errors.InvalidScope('name at least one purpose in scope', '');
          for (const s of asked)
            if (!granted.has(s)) throw new errors.InvalidScope('purpose not granted to this client', s);
          return {
            scope: [...granted].join(' '),
            audience: EXCHANGE_RESOURCE,
            accessTokenTTL: ACCESS_TOKEN_TTL,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'ES256' } },
          };
        },
      },
    },
    extraTokenClaims: async (ctx) => {
      const client = ctx.oidc.client as unknown as { agency_code?: string; agency_name?: string } | undefined;
      return { agency: client?.agency_code, agency_name: client?.agency_name };
    },
  });
  provider.proxy = true;
  const jwks = createLocalJWKSet(publicJwks(keys));
  // A token checked once is not checked again until it expires: an agency sends the same
  // token for up to ACCESS_TOKEN_TTL seconds, and an ES256 check costs more CPU than the
  // rest of a verify request. The key is the whole token, so only the very same signed
  // bytes hit. Bounded; expired entries go first when full.
  const verified = new Map<string, { caller: ExchangeCaller; expMs: number }>();
  const remember = (token: string, caller: ExchangeCaller, expMs: number, now: number) => {
    if (verified.size >= VERIFIED_TOKENS_MAX) {
      for (const [t, v] of verified) if (v.expMs <= now) verified.delete(t);
      // Still full: drop the oldest (Map keeps insertion order).
      for (const t of verified.keys()) {
        if (verified.size < VERIFIED_TOKENS_MAX) break;
        verified.delete(t);
      }
    }
    verified.set(token, { caller, expMs });
  };
  return {
    provider,
    issuer,
    async verifyAccessToken(token) {
      const now = Date.now();
      const hit = verified.get(token);
      if (hit && hit.expMs > now) return hit.caller;
      const { payload } = await jwtVerify(token, jwks, {
        issuer,
        audience: EXCHANGE_RESOURCE,
        typ: 'at+jwt',
      });
      const caller: ExchangeCaller = {
        clientId: String(payload.client_id ?? ''),
        agencyCode: String(payload.agency ?? ''),
        agencyName: String(payload.agency_name ?? ''),
        scopes: new Set(
          String(payload.scope ?? '')
            .split(' ')
            .filter(Boolean),
        ),
      };
      if (typeof payload.exp === 'number') remember(token, caller, payload.exp * 1000, now);
      return caller;
    },
  };
}
