import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AgencyKey,
  agencyKey,
  assertion,
  exchangeTestApp,
  ISSUER,
  onboard,
  requestToken,
} from './test-kit.js';

const SCOPE = 'bank.customer_verification';
let t: Awaited<ReturnType<typeof exchangeTestApp>>;
let key: AgencyKey;
let clientId: string;

beforeAll(async () => {
  t = await exchangeTestApp();
  key = await agencyKey('ES256');
  clientId = await onboard(t, 'vcb', key, [SCOPE]);
});
afterAll(() => t.close());

describe('token endpoint (client credentials, private_key_jwt)', () => {
  it('publishes discovery and the signing keys', async () => {
    const d = await t.app.inject({ url: '/oidc/.well-known/openid-configuration' });
    expect(d.statusCode).toBe(200);
    expect(d.json().issuer).toBe(ISSUER);
    expect(d.json().token_endpoint).toMatch(/\/oidc\/token$/);
    const jwks = await t.app.inject({ url: '/oidc/jwks' });
    expect(jwks.json().keys[0]).toMatchObject({ kty: 'EC', alg: 'ES256' });
    expect(jwks.json().keys[0].d).toBeUndefined();
  });

  it('issues a 5-minute JWT access token for a granted purpose', async () => {
    const r = await requestToken(t.app, await assertion(clientId, key), SCOPE);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ token_type: 'Bearer', expires_in: 300, scope: SCOPE });
    const claims = decodeJwt(r.body.access_token as string);
    expect(claims).toMatchObject({
      iss: ISSUER,
      aud: 'urn:dancu:exchange',
      client_id: clientId,
      scope: SCOPE,
      agency: 'vcb',
    });
  });

  it('accepts RS256 and EdDSA keys too', async () => {
    for (const alg of ['RS256', 'EdDSA'] as const) {
      const k = await agencyKey(alg);
      const id = await onboard(t, `bank-${alg.toLowerCase()}`, k, [SCOPE]);
      expect((await requestToken(t.app, await assertion(id, k), SCOPE)).status).toBe(200);
    }
  });

  it('refuses a purpose that is not granted', async () => {
    const r = await requestToken(t.app, await assertion(clientId, key), `${SCOPE} justice.civil_status`);
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('invalid_scope');
  });

  it('refuses an expired assertion', async () => {
    const now = Math.floor(Date.now() / 1000);
    const r = await requestToken(
      t.app,
      await assertion(clientId, key, { iat: now - 600, exp: now - 300 }),
      SCOPE,
    );
    expect(r.status).toBe(401);
    expect(r.body.error).toBe('invalid_client');
  });

  it('refuses a replayed assertion (same jti twice)', async () => {
    const a = await assertion(clientId, key, { jti: 'once-only' });
    expect((await requestToken(t.app, a, SCOPE)).status).toBe(200);
    const again = await requestToken(t.app, a, SCOPE);
    expect(again.status).toBe(401);
    expect(again.body.error).toBe('invalid_client');
  });

  it('accepts an assertion once even when two requests race with it', async () => {
    const a = await assertion(clientId, key);
    const both = await Promise.all([requestToken(t.app, a, SCOPE), requestToken(t.app, a, SCOPE)]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('refuses an assertion signed with a key that is not registered', async () => {
    const other = await agencyKey('ES256');
    const forged = { ...other, publicJwk: { ...other.publicJwk, kid: key.publicJwk.kid } };
    const r = await requestToken(t.app, await assertion(clientId, forged), SCOPE);
    expect(r.status).toBe(401);
    expect(r.body.error).toBe('invalid_client');
  });

  it('refuses an unknown client', async () => {
    const r = await requestToken(t.app, await assertion('nobody.123', key), SCOPE);
    expect(r.status).toBe(401);
    expect(r.body.error).toBe('invalid_client');
  });

  it('rotates keys: the new key works, the old one is refused once removed', async () => {
    const next = await agencyKey('ES256');
    const put = (keys: unknown[]) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/v1/exchange/clients/${clientId}/keys`,
        headers: t.admin,
        payload: { keys },
      });
    expect((await put([key.publicJwk, next.publicJwk])).statusCode).toBe(200);
    expect((await requestToken(t.app, await assertion(clientId, key), SCOPE)).status).toBe(200);
    expect((await requestToken(t.app, await assertion(clientId, next), SCOPE)).status).toBe(200);
    expect((await put([next.publicJwk])).statusCode).toBe(200);
    expect((await requestToken(t.app, await assertion(clientId, next), SCOPE)).status).toBe(200);
    const old = await requestToken(t.app, await assertion(clientId, key), SCOPE);
    expect(old.status).toBe(401);
    expect(old.body.error).toBe('invalid_client');
    key = next;
  });

  it('refuses private keys in a JWKS', async () => {
    const r = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/exchange/clients/${clientId}/keys`,
      headers: t.admin,
      payload: { keys: [{ ...key.publicJwk, d: 'secret' }] },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('exchange.invalid_jwks');
  });
});
