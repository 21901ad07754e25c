import { describe, expect, it } from 'vitest';
import { describeKey, parseKeys } from '../../web/src/pages/agencies/jwk.js';

/** What an operator may paste as a client's public key on the agency page. */
const jwk = {
  kty: 'EC',
  crv: 'P-256',
  x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
  y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
  kid: 'k1',
};

describe('parseKeys', () => {
  it('takes a JWKS as it is and wraps a single JWK', () => {
    expect(parseKeys(JSON.stringify({ keys: [jwk] }))).toEqual({ jwks: { keys: [jwk] } });
    expect(parseKeys(` ${JSON.stringify(jwk)}\n`)).toEqual({ jwks: { keys: [jwk] } });
  });

  it('says what is wrong with anything that is not a key set', () => {
    expect(parseKeys('')).toEqual({ error: 'Bắt buộc nhập.' });
    expect(parseKeys('https://bank.example/.well-known/jwks.json')).toMatchObject({
      error: expect.stringContaining('JWKS'),
    });
    expect(parseKeys('{"keys": [')).toMatchObject({ error: expect.stringContaining('JSON') });
    expect(parseKeys('{"keys": []}')).toMatchObject({ error: expect.stringContaining('ít nhất một khóa') });
    expect(parseKeys('[1, 2]')).toMatchObject({ error: expect.any(String) });
  });

  it('describes a key by type, curve and algorithm', () => {
    expect(describeKey({ ...jwk, alg: 'ES256' })).toBe('EC P-256 · ES256');
    expect(describeKey({ kty: 'RSA', n: 'A'.repeat(342), e: 'AQAB' })).toBe('RSA 2048 bit');
  });
});
