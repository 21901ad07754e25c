import { createServer } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getToken, newKeyPair, verifyCustomer } from '../../examples/bank-verify/verify.js';
import { createCheckpoint } from '../../src/audit/index.js';
import { testSigner } from '../../src/audit/test-kit.js';
import { appendOutbox, createSubscription, deadLetters, startDelivery } from '../../src/events/index.js';
import { getPerson } from '../../src/registry/index.js';
import { systemActor } from '../../src/shared/context.js';
import { generatePopulation, loadGeo, seedPopulation } from '../../src/synth/index.js';
import { type Harness, startHarness } from './harness.js';

/**
 * The exchange console in a real browser against the real server: an operator registers
 * a bank and its client with the bank's public key and grants it a purpose; the bank
 * (this test, as examples/bank-verify does) gets a token with its private key and
 * verifies a seeded citizen; the traffic screen shows the call, the audit screen the
 * entry, whose proof the browser checks; a dead-lettered webhook event is replayed.
 */
let h: Harness;
let page: Page;
let citizen: { pid: string; fullName: string; dateOfBirth: string };
let bank: Awaited<ReturnType<typeof newKeyPair>>;
let clientId = '';
let auditSeq = '';
let deadPosition = 0;

const nav = (name: string) =>
  page.getByRole('navigation', { name: 'Chức năng chính' }).getByRole('link', { name, exact: true });
const fieldError = (name: string) => page.locator(`.field:has([name="${name}"]) [data-field-error]`);

/** A local port nobody listens on: the bank's webhook receiver is down. */
async function downPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((res) => s.listen(0, '127.0.0.1', () => res()));
  const { port } = s.address() as { port: number };
  await new Promise((res) => s.close(res));
  return port;
}

beforeAll(async () => {
  h = await startHarness();
  await h.operator('quan.tri', 'Trần Quang Trị', 'mat-khau-quan-tri', ['admin']);
  const seed = { persons: 40, seed: 4 };
  await seedPopulation(h.database, seed);
  const [first] = [...generatePopulation(await loadGeo(h.database), { ...seed, batchSize: 5000 })];
  const p = await getPerson(h.database, systemActor('e2e'), first!.persons[0]!.pid);
  citizen = { pid: p.pid, fullName: p.fullName, dateOfBirth: p.dateOfBirth };
  bank = await newKeyPair();
  const context = await h.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
});
afterAll(() => h?.close());

describe('exchange console', () => {
  it('registers a bank: a bad code is refused at its field, then the agency page opens', async () => {
    await page.goto(h.baseUrl);
    await page.getByLabel('Tên đăng nhập').fill('quan.tri');
    await page.getByLabel('Mật khẩu').fill('mat-khau-quan-tri');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await nav('Cơ quan kết nối').click();
    await page.getByRole('heading', { name: 'Cơ quan kết nối', level: 1 }).waitFor();
    await page.getByText('Chưa có cơ quan nào').waitFor();

    await page.getByLabel('Mã cơ quan').fill('VP Bank');
    await page.getByLabel('Tên cơ quan').fill('Ngân hàng TMCP Việt Nam Thịnh Vượng');
    await page.getByLabel('Loại cơ quan').selectOption('bank');
    await page.getByRole('button', { name: 'Đăng ký cơ quan' }).click();
    await fieldError('code').waitFor();
    expect(await fieldError('code').textContent()).toContain('Không đúng định dạng');
    expect(await page.locator('[name="code"]').getAttribute('aria-invalid')).toBe('true');
    await h.shot(page, 'x01-agency-field-error');

    await page.getByLabel('Mã cơ quan').fill('vpbank');
    await page.getByRole('button', { name: 'Đăng ký cơ quan' }).click();
    await page.getByRole('heading', { name: 'Ngân hàng TMCP Việt Nam Thịnh Vượng', level: 1 }).waitFor();
    expect(page.url()).toBe(`${h.baseUrl}/agencies/vpbank`);
  });

  it('adds a client: a private key is refused by the server at the key field, the public key is taken', async () => {
    await page.getByLabel('Tên hệ thống').fill('Hệ thống eKYC mở tài khoản');
    await page.locator('[name="jwks"]').fill(JSON.stringify(bank.privateJwk));
    await page.getByRole('button', { name: 'Thêm hệ thống' }).click();
    await fieldError('jwks').waitFor();
    expect(await fieldError('jwks').textContent()).toContain('khóa bí mật');

    await page.locator('[name="jwks"]').fill(JSON.stringify({ keys: [bank.publicJwk] }, null, 2));
    await page.getByRole('button', { name: 'Thêm hệ thống' }).click();
    await page.getByTestId('client-id').waitFor();
    clientId = (await page.getByTestId('client-id').textContent()) ?? '';
    expect(clientId).toMatch(/^vpbank\.[0-9a-f]{12}$/);
    await page.getByRole('status').getByText(clientId).waitFor();
    await page.getByText(String(bank.publicJwk.kid)).waitFor();
  });

  it('grants the bank customer verification purpose after showing its legal basis', async () => {
    const card = page.getByTestId(`client-${clientId}`);
    await card.locator('[name="purpose"]').selectOption('bank.customer_verification');
    const details = card.locator('.grant-form').getByTestId('purpose-bank.customer_verification');
    expect(await details.textContent()).toContain('Luật Phòng, chống rửa tiền');
    expect(await details.textContent()).toContain('14/2022/QH15');
    expect(await details.textContent()).toContain('Xác thực (khớp / không khớp)');
    await h.shot(page, 'x02-agency-grant');
    await card.getByRole('button', { name: 'Cấp mục đích' }).click();
    await card.getByTestId('granted').getByText('bank.customer_verification').waitFor();
    await h.shot(page, 'x03-agency-granted');
  });

  it('the bank gets a token with its private key and verifies the seeded citizen', async () => {
    const token = await getToken(h.baseUrl, clientId, bank.privateJwk);
    const answer = await verifyCustomer(h.baseUrl, token, citizen.pid, {
      fullName: citizen.fullName,
      dateOfBirth: citizen.dateOfBirth,
    });
    expect(answer).toMatchObject({ match: true, claims: { fullName: true, dateOfBirth: true } });

    // The bank's webhook receiver is down: its event goes to the dead letters.
    const db = h.database.db;
    await createSubscription(db, {
      owner: clientId,
      callbackUrl: `http://127.0.0.1:${await downPort()}/hook`,
    });
    await db.transaction().execute((trx) =>
      appendOutbox(trx, {
        type: 'card.changed',
        subject: citizen.pid,
        unitCodes: ['01'],
        fields: ['cardStatus'],
        effectiveDate: '2026-01-02',
      }),
    );
    const worker = startDelivery(h.database, {
      pollMs: 20,
      backoff: { baseMs: 10, capMs: 20, maxAttempts: 2 },
    });
    try {
      for (let i = 0; i < 400 && deadPosition === 0; i++) {
        deadPosition = (await deadLetters(db))[0]?.position ?? 0;
        if (!deadPosition) await new Promise((r) => setTimeout(r, 25));
      }
    } finally {
      await worker.stop();
    }
    expect(deadPosition).toBeGreaterThan(0);
  });

  it('shows the call and the failing webhook on the traffic screen', async () => {
    await nav('Lưu lượng').click();
    const row = page.locator(`[data-client="${clientId}"]`);
    await row.waitFor();
    expect(await row.getByTestId('requests').textContent()).toBe('1');
    expect(await row.textContent()).toContain('0.0 %');
    expect(await row.getByTestId('last-success').textContent()).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    const hook = page.getByTestId('webhook-table').locator('tbody tr', { hasText: clientId });
    expect(await hook.textContent()).toContain('Ngân hàng TMCP Việt Nam Thịnh Vượng');
    await h.shot(page, 'x04-traffic');
  });

  it('finds the verification in the audit log and proves it against a signed checkpoint in the browser', async () => {
    await nav('Nhật ký kiểm toán').click();
    await page.getByLabel('Số định danh công dân').fill(citizen.pid);
    await page.getByLabel('Cơ quan').selectOption('vpbank');
    await page.getByRole('button', { name: 'Lọc' }).click();
    const row = page.getByTestId('audit-table').locator('tbody tr', { hasText: `client:${clientId}` });
    await row.waitFor();
    expect(await page.getByTestId('audit-table').locator('tbody tr').count()).toBe(1);
    expect(await row.textContent()).toContain('Xác thực thông tin');
    expect(await row.textContent()).toContain('bank.customer_verification');
    await h.shot(page, 'x05-audit-list');

    auditSeq = (await row.getAttribute('data-seq')) ?? '';
    await row.getByRole('link', { name: `Mở mục nhật ký số ${auditSeq}` }).click();
    const result = page.getByTestId('proof-result');
    await result.waitFor();
    expect(await result.getAttribute('data-result')).toBe('pending');

    await createCheckpoint(h.database.db, testSigner()); // what the schedule of `dancu start` does each minute
    await page.getByRole('button', { name: 'Kiểm chứng lại' }).click();
    await page.locator('[data-testid="proof-result"][data-result="pass"]').waitFor();
    expect(await page.getByTestId('proof').locator('.proof-step.is-ok').count()).toBe(3);
    await h.shot(page, 'x06-audit-proof-pass');
  });

  it('fails the proof when the entry shown differs from what the log holds', async () => {
    const url = `**/api/v1/audit/entries/${auditSeq}`;
    await page.route(url, async (route) => {
      const res = await route.fetch();
      const entry = await res.json();
      await route.fulfill({ response: res, json: { ...entry, purpose: 'social_insurance.card_issuance' } });
    });
    await page.reload();
    await page.locator('[data-testid="proof-result"][data-result="fail"]').waitFor();
    expect(await page.getByTestId('proof').locator('.proof-step.is-bad').count()).toBe(2);
    await h.shot(page, 'x07-audit-proof-fail');
    await page.unroute(url);
  });

  it('replays the dead-lettered event', async () => {
    await nav('Sự kiện lỗi').click();
    const replay = page.getByRole('button', { name: `Gửi lại sự kiện ở vị trí ${deadPosition}` });
    await replay.waitFor();
    await h.shot(page, 'x08-dead-letters');
    await replay.click();
    await page.getByRole('status').getByText('Đã đưa 1 sự kiện vào hàng đợi gửi lại').waitFor();
    await page.getByTestId('no-dead-letters').waitFor();
  });
});
