import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getToken, newKeyPair, verifyCustomer } from '../../examples/bank-verify/verify.js';
import { HOA, seedPersons } from './fixtures.js';
import { exchangeTestApp, onboard } from './test-kit.js';

let t: Awaited<ReturnType<typeof exchangeTestApp>>;
let baseUrl: string;

beforeAll(async () => {
  t = await exchangeTestApp();
  await seedPersons(t.database);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(() => t.close());

describe('examples/bank-verify', () => {
  it('gets a token with its own key and verifies a customer over HTTP', async () => {
    const { privateJwk, publicJwk } = await newKeyPair();
    const clientId = await onboard(t, 'vcb', { privateKey: undefined as never, publicJwk, alg: 'ES256' }, [
      'bank.customer_verification',
    ]);
    const token = await getToken(baseUrl, clientId, privateJwk);
    const yes = await verifyCustomer(baseUrl, token, HOA, {
      fullName: 'Nguyễn Thị Hoa',
      dateOfBirth: '1990-03-04',
    });
    expect(yes).toEqual({ match: true, claims: { fullName: true, dateOfBirth: true }, cardStatus: 'valid' });
    const no = await verifyCustomer(baseUrl, token, HOA, { fullName: 'Nguyễn Thị Hòa' });
    expect(no.match).toBe(false);
  });
});
