/**
 * Dancu bank verification — a standalone example for a bank's developers.
 * Needs Node 20+ and one package: `npm i jose`. Run with `npx tsx verify.ts`.
 *
 *   1. `npx tsx verify.ts keygen`   → writes bank-key.json (PRIVATE, keep it) and prints
 *      the public JWK to send to the Dancu operator, who registers it and gives you a
 *      client_id and the purpose bank.customer_verification.
 *   2. `DANCU_URL=https://dancu.example CLIENT_ID=vcb.1a2b3c npx tsx verify.ts 001190000011 "Nguyễn Thị Hoa" 1990-03-04`
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';

export const PURPOSE = 'bank.customer_verification';

/** A new ES256 key pair as JWKs (private one with a kid). */
export async function newKeyPair(): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = randomUUID();
  return {
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'ES256' },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' },
  };
}

/** The client assertion (private_key_jwt, RFC 7523): short-lived, single-use (jti). */
export async function clientAssertion(clientId: string, privateJwk: JWK, audience: string): Promise<string> {
  const key = await importJWK(privateJwk, 'ES256');
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid as string })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(audience)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime('60s')
    .sign(key);
}

/** An access token (valid 5 minutes) for the bank's purpose. */
export async function getToken(baseUrl: string, clientId: string, privateJwk: JWK): Promise<string> {
  const meta = (await (await fetch(`${baseUrl}/oidc/.well-known/openid-configuration`)).json()) as {
    issuer: string;
    token_endpoint: string;
  };
  const res = await fetch(`${baseUrl}/oidc/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await clientAssertion(clientId, privateJwk, meta.issuer),
      scope: PURPOSE,
    }),
  });
  const body = (await res.json()) as { access_token?: string; error?: string; error_description?: string };
  if (!res.ok || !body.access_token)
    throw new Error(`token refused: ${body.error} ${body.error_description ?? ''}`);
  return body.access_token;
}

export interface VerifyAnswer {
  match: boolean;
  claims: Record<string, boolean>;
  cardStatus?: string;
}

/** Asks whether the customer's details match the registry (yes/no per detail). */
export async function verifyCustomer(
  baseUrl: string,
  token: string,
  pid: string,
  claims: { fullName?: string; dateOfBirth?: string; sex?: 'male' | 'female' },
): Promise<VerifyAnswer> {
  const res = await fetch(`${baseUrl}/api/v1/exchange/verify`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'dancu-purpose': PURPOSE,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ pid, claims }),
  });
  if (!res.ok) throw new Error(`verify failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as VerifyAnswer;
}

async function main(args: string[]) {
  if (args[0] === 'keygen') {
    const { privateJwk, publicJwk } = await newKeyPair();
    writeFileSync('bank-key.json', JSON.stringify(privateJwk), { mode: 0o600 });
    console.log('Private key written to bank-key.json. Register this PUBLIC key with Dancu:');
    console.log(JSON.stringify({ keys: [publicJwk] }, null, 2));
    return;
  }
  const [pid, fullName, dateOfBirth] = args;
  const baseUrl = process.env.DANCU_URL ?? 'http://127.0.0.1:3000';
  const clientId = process.env.CLIENT_ID;
  if (!pid || !clientId) throw new Error('usage: CLIENT_ID=… verify.ts PID [FULL_NAME] [DATE_OF_BIRTH]');
  const privateJwk = JSON.parse(readFileSync(process.env.KEY_FILE ?? 'bank-key.json', 'utf8')) as JWK;
  const token = await getToken(baseUrl, clientId, privateJwk);
  console.log(await verifyCustomer(baseUrl, token, pid, { fullName, dateOfBirth }));
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() as string)) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
