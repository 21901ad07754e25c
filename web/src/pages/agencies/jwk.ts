import type { Jwk, JwksBody } from './exchange-api.js';

/**
 * What an operator pastes as an agency's public key: one JWK (`{"kty":…}`) or a JWKS
 * (`{"keys":[…]}`). Returns the JWKS to send, or a message for the field. The server
 * checks the keys themselves (public only, EC/RSA/OKP); this only catches what is not
 * a key set at all, and a JWKS URL, which the API does not take.
 */
export function parseKeys(text: string): { jwks: JwksBody } | { error: string } {
  const s = text.trim();
  if (!s) return { error: 'Bắt buộc nhập.' };
  if (/^https?:\/\//i.test(s))
    return { error: 'Hệ thống chưa nhận địa chỉ JWKS. Hãy dán nội dung khóa công khai (JSON).' };
  let value: unknown;
  try {
    value = JSON.parse(s);
  } catch {
    return { error: 'Không phải JSON hợp lệ. Dán một JWK {"kty": …} hoặc JWKS {"keys": […]}.' };
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    if (Array.isArray(o.keys) && o.keys.length > 0) return { jwks: { keys: o.keys as Jwk[] } };
    if (typeof o.kty === 'string') return { jwks: { keys: [o as Jwk] } };
  }
  return { error: 'Cần một JWK {"kty": …} hoặc JWKS {"keys": […]} có ít nhất một khóa.' };
}

/** A short description of a public key: type, curve or size, algorithm. */
export function describeKey(k: Jwk): string {
  const kty = String(k.kty ?? '?');
  const crv = typeof k.crv === 'string' ? ` ${k.crv}` : '';
  const rsa = kty === 'RSA' && typeof k.n === 'string' ? ` ${Math.floor((k.n.length * 6) / 8) * 8} bit` : '';
  const alg = typeof k.alg === 'string' ? ` · ${k.alg}` : '';
  return `${kty}${crv}${rsa}${alg}`;
}

/** The key's kid, or a stand-in when it has none. */
export const kidOf = (k: Jwk, i: number) =>
  typeof k.kid === 'string' && k.kid ? k.kid : `(khóa ${i + 1}, không có kid)`;
