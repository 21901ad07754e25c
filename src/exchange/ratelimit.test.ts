import { afterAll, describe, expect, it } from 'vitest';
import { HOA, seedPersons } from './fixtures.js';
import { agencyKey, exchangeTestApp, onboard, tokenFor } from './test-kit.js';

const BANK = 'bank.customer_verification';
const apps: Awaited<ReturnType<typeof exchangeTestApp>>[] = [];
afterAll(async () => {
  for (const t of apps) await t.close();
});

// In memory (default), and in Redis when REDIS_URL is set (shared by every process).
const stores: [string, string][] = [['in memory', '']];
if (process.env.REDIS_URL) stores.push(['in Redis', process.env.REDIS_URL]);

describe.each(stores)('rate limit per client, %s', (_name, redisUrl) => {
  it('answers 429 exchange.rate_limited past the limit, counting each client apart', async () => {
    const t = await exchangeTestApp({ rateLimit: { max: 3, timeWindowMs: 60_000 }, redisUrl });
    apps.push(t);
    await seedPersons(t.database);
    const tokens: string[] = [];
    for (const code of ['acb', 'tcb']) {
      const key = await agencyKey();
      tokens.push(await tokenFor(t.app, await onboard(t, code, key, [BANK]), key, BANK));
    }
    const verify = (token: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/exchange/verify',
        headers: { authorization: `Bearer ${token}`, 'dancu-purpose': BANK },
        payload: { pid: HOA, claims: { sex: 'female' } },
      });
    const first = tokens[0] as string;
    for (let i = 0; i < 3; i++) expect((await verify(first)).statusCode).toBe(200);
    const over = await verify(first);
    expect(over.statusCode).toBe(429);
    expect(over.json().code).toBe('exchange.rate_limited');
    expect((await verify(tokens[1] as string)).statusCode).toBe(200);
  });
});
