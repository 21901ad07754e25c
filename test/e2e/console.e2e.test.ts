import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayFromToday, type Harness, startHarness } from './harness.js';

/**
 * The console's main flow in a real browser against the real server: login, a birth
 * with a field error then fixed, a change of residence (once refused because the record
 * changed meanwhile), the timeline, and search without diacritics.
 */
let h: Harness;
let page: Page;
let clerkToken: string;
let pid: string;

beforeAll(async () => {
  h = await startHarness();
  clerkToken = await h.operator('lan.nguyen', 'Nguyễn Thị Lan', 'mat-khau-an-toan', ['clerk'], ['01']);
  const context = await h.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
});
afterAll(() => h?.close());

const born = dayFromToday(-40);
/** Fills the birth form as a clerk would. */
async function fillBirth(dateOfBirth: string) {
  await page.getByRole('textbox', { name: 'Họ', exact: true }).fill('Nguyễn');
  await page.getByLabel('Chữ đệm').fill('Văn');
  await page.getByRole('textbox', { name: 'Tên', exact: true }).fill('Thịnh');
  await page.getByLabel('Giới tính').selectOption('male');
  await page.getByLabel('Ngày sinh').fill(dateOfBirth);
  await page.locator('[name="placeOfBirth.province"]').selectOption('01');
  await page.locator('[name="placeOfBirth.text"]').fill('Bệnh viện Phụ sản Hà Nội');
  await page.locator('[name="sourceDocument.number"]').fill('KS-2026-0042');
  await page.locator('[name="sourceDocument.issuedBy"]').fill('UBND phường Ba Đình');
}

const fieldError = (name: string) => page.locator(`.field:has([name="${name}"]) [data-field-error]`);

describe('operator console', () => {
  it('refuses a wrong password, then logs in and remembers the operator', async () => {
    await page.goto(h.baseUrl);
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    await page.getByLabel('Tên đăng nhập').fill('lan.nguyen');
    await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('không đúng');
    await h.shot(page, '01-login-error');

    await page.getByLabel('Mật khẩu').fill('mat-khau-an-toan');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { name: 'Tra cứu công dân' }).waitFor();
    expect(await page.getByTestId('operator-name').textContent()).toBe('Nguyễn Thị Lan');
    await h.shot(page, '02-search-empty');

    await page.reload();
    await page.getByTestId('operator-name').waitFor();
  });

  it('shows the server’s field error at the date of birth, then registers the birth', async () => {
    await page.getByRole('link', { name: 'Đăng ký khai sinh' }).first().click();
    await page.getByRole('heading', { name: 'Đăng ký khai sinh' }).waitFor();
    expect(await page.getByLabel('Dân tộc').inputValue()).toBe('Kinh');
    expect(await page.getByLabel(/Quốc tịch/).inputValue()).toBe('VN');

    await h.shot(page, '03-birth-form');
    await fillBirth(dayFromToday(400).typed);
    await page.getByRole('button', { name: 'Đăng ký khai sinh' }).click();

    await fieldError('dateOfBirth').waitFor();
    expect(await fieldError('dateOfBirth').textContent()).toContain('tương lai');
    expect(await page.locator('[name="dateOfBirth"]').getAttribute('aria-invalid')).toBe('true');
    await h.shot(page, '03-birth-field-error');

    await page.getByLabel('Ngày sinh').fill(born.typed);
    await page.getByRole('button', { name: 'Đăng ký khai sinh' }).click();
    await page.getByTestId('pid').waitFor();
    pid = (await page.getByTestId('pid').textContent()) ?? '';
    expect(pid).toMatch(/^\d{12}$/);
    expect(page.url()).toBe(`${h.baseUrl}/persons/${pid}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Nguyễn Văn Thịnh');
    await h.shot(page, '04-person-new');
  });

  it('changes residence; a record changed meanwhile is reloaded and the change sent again', async () => {
    await page.getByRole('button', { name: 'Thay đổi cư trú' }).click();
    const form = page.locator('#residence-form');
    await form.getByLabel('Nhập nhanh địa chỉ đầy đủ').fill('Số 12 phố Đội Cấn, Hà Nội');
    await form.getByRole('button', { name: 'Gợi ý đơn vị' }).click();
    await form.getByRole('button', { name: /Thành phố Hà Nội — Số 12 phố Đội Cấn/ }).click();
    // The province list loads while the suggestion is picked: the select shows the value
    // once its options are there.
    await expect.poll(() => form.locator('[name="place.province"]').inputValue()).toBe('01');
    expect(await form.locator('[name="place.text"]').inputValue()).toBe('Số 12 phố Đội Cấn');
    await form.locator('[name="sourceDocument.number"]').fill('CT01-2026-117');
    await h.shot(page, '05-residence-form');

    // Someone else registers a temporary residence while the form is open.
    const other = await h.app.inject({
      method: 'POST',
      url: `/api/v1/persons/${pid}/residence`,
      headers: { authorization: `Bearer ${clerkToken}`, 'if-match': '"1"', 'idempotency-key': `e2e-${pid}` },
      payload: {
        kind: 'temporary',
        place: { unitCode: '01', text: 'Nhà bà ngoại' },
        from: dayFromToday(-20).iso,
        until: dayFromToday(200).iso,
        sourceDocument: { kind: 'residence_application', number: 'CT01-TT-9' },
      },
    });
    expect(other.statusCode).toBe(200);

    await form.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await form.getByText('vừa được người khác cập nhật').waitFor();
    await page.getByTestId('residence-temporary').getByText('Nhà bà ngoại').waitFor();
    await h.shot(page, '06-residence-stale');

    await form.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await page.getByRole('status').getByText('Đã đăng ký thường trú').waitFor();
    await page.getByTestId('residence-permanent').getByText('Số 12 phố Đội Cấn').waitFor();
    const timeline = page.getByTestId('timeline');
    const types = await timeline.locator('.tl-type').allTextContents();
    expect(types).toEqual(['Đăng ký thường trú', 'Đăng ký tạm trú', 'Đăng ký khai sinh']);
    expect(await timeline.textContent()).toContain('CT01-2026-117');
    expect(await page.locator('#hh-title + p, #hh-title ~ *').first().textContent()).not.toBe('');
    await h.shot(page, '07-person-after-move');

    const [tab] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByRole('link', { name: 'In xác nhận cư trú' }).click(),
    ]);
    await tab.waitForLoadState();
    expect(await tab.textContent('body')).toContain(pid);
    await h.shot(tab, '08-residence-confirmation');
    await tab.close();
  });

  it('finds the person by name typed without diacritics', async () => {
    await page
      .getByRole('navigation', { name: 'Chức năng chính' })
      .getByRole('link', { name: 'Tra cứu' })
      .click();
    await page.getByLabel(/Số định danh, số CMND hoặc họ tên/).fill('nguyen van thinh');
    await page.getByRole('button', { name: 'Tìm kiếm' }).click();
    const row = page.locator('tbody tr', { hasText: pid });
    await row.waitFor();
    expect(await row.textContent()).toContain('Nguyễn Văn Thịnh');
    expect(await row.textContent()).toContain(born.typed);
    await h.shot(page, '09-search-results');

    await page.setViewportSize({ width: 390, height: 844 });
    await h.shot(page, '10-search-phone');
    await row.getByRole('link', { name: 'Nguyễn Văn Thịnh' }).click();
    await page.getByTestId('pid').waitFor();
    await h.shot(page, '11-person-phone');
  });

  it('links a second registration of the same birth to the record that exists (phone width)', async () => {
    await page.getByRole('link', { name: 'Đăng ký khai sinh' }).first().click();
    await fillBirth(born.typed);
    await page.getByRole('button', { name: 'Đăng ký khai sinh' }).click();
    const banner = page.getByRole('alert');
    await banner.getByRole('link', { name: pid }).waitFor();
    await h.shot(page, '12-birth-duplicate');
    await banner.getByRole('link', { name: pid }).click();
    await page.getByTestId('pid').waitFor();
    expect(await page.getByTestId('pid').textContent()).toBe(pid);
  });
});
