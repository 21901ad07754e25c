import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCleaningRunner } from '../../src/cleaning/index.js';
import { getPerson, type Person } from '../../src/registry/index.js';
import { systemActor } from '../../src/shared/context.js';
import { generatePopulation, seedPopulation, staticGeo } from '../../src/synth/index.js';
import { type Harness, startHarness } from './harness.js';

/**
 * The data officer's cleaning flow in a real browser against the real server and job
 * runner: upload a small vaccination file drawn from a seeded synthetic registry, watch the
 * job finish, check the mapping, rejected rows and report, review two doubtful rows (one
 * accepted by keyboard, one rejected), download the cleaned file and open the HTML report.
 */
let h: Harness;
let page: Page;
let runner: { stop(): Promise<void> };
let file: string;
/** Data rows written, rejected rows among them, and the line numbers of the rejected ones. */
const written = { rows: 0, rejected: [] as number[] };

const SEED = { persons: 400, seed: 11 };
const HEADERS = ['STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Số CMND/CCCD', 'Địa chỉ', 'Vắc xin'];

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
const dmy = (iso: string) => iso.split('-').reverse().join('/');
const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * A vaccination file of the kind an agency holds: most rows copied faithfully from the
 * register, some with the ID number missing and the name typed without diacritics, some
 * with the given name left out (doubtful: these go to review), two people the register
 * does not know, and two rows that cannot be used (no name; an impossible date).
 */
async function writeDataset(persons: Person[]): Promise<string> {
  const lines: string[][] = [];
  const addr = (p: Person) =>
    [p.permanentResidence?.addressLine, p.permanentResidence?.unitName].filter(Boolean).join(', ');
  const sex = (p: Person) => (p.sex === 'male' ? 'Nam' : 'Nữ');
  persons.forEach((p, i) => {
    const dob = dmy(p.dateOfBirth);
    if (i < 20) lines.push([p.fullName, dob, sex(p), p.pid, addr(p), 'Comirnaty']);
    else if (i < 24) lines.push([fold(p.fullName), dob, sex(p), '', addr(p), 'Vero Cell']);
    else lines.push([`${p.familyName} ${p.middleName}`, dob, '', '', '', 'AstraZeneca']);
  });
  lines.push(['Lò Thị Xuyến', '03/07/1961', 'Nữ', '', 'Xã Mường Phăng, Điện Biên', 'Vero Cell']);
  lines.push(['Vàng A Chớ', '1979', 'Nam', '', '', 'Comirnaty']);
  const rejectedAt = [lines.length, lines.length + 1];
  lines.push(['', '', 'Nam', '', '', 'Comirnaty']);
  lines.push(['', '31/02/1990', '', '', '', 'Moderna']);
  const body = lines.map((cells, i) => [String(i + 1), ...cells].map(csvCell).join(','));
  // The header is line 1, so data row i (0-based) is line i + 2.
  written.rows = lines.length;
  written.rejected = rejectedAt.map((i) => i + 2);
  const out = path.join(tmpdir(), `dancu-e2e-tiem-chung-${process.pid}.csv`);
  writeFileSync(out, `${[HEADERS.join(','), ...body].join('\n')}\n`);
  return out;
}

beforeAll(async () => {
  h = await startHarness();
  await h.operator('hoa.tran', 'Trần Thu Hoa', 'mat-khau-du-lieu', ['data_officer']);
  await seedPopulation(h.database, SEED);
  const actor = systemActor('e2e');
  const all = [...generatePopulation(staticGeo(), SEED)].flatMap((b) => b.persons);
  const picked: Person[] = [];
  for (const p of all.filter((_, i) => i % 9 === 0)) {
    const person = await getPerson(h.database, actor, p.pid);
    if (person.status === 'alive' && person.dateOfBirth.length === 10) picked.push(person);
    if (picked.length === 30) break;
  }
  file = await writeDataset(picked);
  // The server's runner, as `dancu start` runs it; matching in this thread keeps the test light.
  runner = startCleaningRunner(h.database, { workers: 0, pollMs: 200 });
  const context = await h.browser.newContext({
    viewport: { width: 1366, height: 900 },
    locale: 'vi-VN',
    acceptDownloads: true,
  });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
});
afterAll(async () => {
  await runner?.stop();
  await h?.close();
});

let jobUrl: string;
let jobId: string;
let accepted: { line: number; pid: string };
let rejected: number;

describe('cleaning console', () => {
  it('logs in as a data officer and uploads a vaccination file', async () => {
    await page.goto(h.baseUrl);
    await page.getByLabel('Tên đăng nhập').fill('hoa.tran');
    await page.getByLabel('Mật khẩu').fill('mat-khau-du-lieu');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page
      .getByRole('navigation', { name: 'Chức năng chính' })
      .getByRole('link', { name: 'Làm sạch dữ liệu' })
      .click();
    await page.getByRole('heading', { name: 'Làm sạch dữ liệu', level: 1 }).waitFor();
    await page.getByText('Chưa có tập dữ liệu nào được tải lên.').waitFor();

    await page.getByLabel('Tệp dữ liệu').setInputFiles(file);
    await page.getByText(`${HEADERS.length} cột`).waitFor();
    await page.getByLabel('Loại dữ liệu').selectOption('vaccination');
    // Hand mapping: the vaccine column is not about the person.
    await page.getByText('Ghép cột thủ công').click();
    await page.getByLabel('Vắc xin').selectOption('ignore');
    await h.shot(page, 'cleaning-01-upload');
    await page.getByRole('button', { name: 'Tải lên và làm sạch' }).click();

    await page.waitForURL(/\/cleaning\/jobs\/cj_[0-9a-f]{16}$/);
    jobUrl = page.url();
    jobId = jobUrl.split('/').pop()!;
    await page.getByRole('heading', { level: 1, name: path.basename(file) }).waitFor();
  });

  it('follows the job to the end and shows counts, mapping, report and rejected rows', async () => {
    const status = page.getByTestId('job-status');
    await status.getByText(/Hoàn thành|Lỗi|Đã dừng/).waitFor({ timeout: 45_000 });
    await h.shot(page, 'cleaning-02-job-done');
    expect(await status.textContent()).toBe('Hoàn thành');
    await page
      .getByTestId('review-link')
      .getByText(/Xem xét \(\d+\)/)
      .waitFor();

    // The counts come from the report once it is loaded.
    const provinces = page.getByTestId('report-provinces');
    await provinces.locator('tbody tr').first().waitFor();
    const tile = (k: string) => page.locator(`[data-outcome="${k}"] .tile-n`).textContent();
    const counts = Object.fromEntries(
      await Promise.all(
        ['linked', 'review', 'unmatched', 'rejected'].map(async (k) => [k, Number(await tile(k))]),
      ),
    ) as { linked: number; review: number; unmatched: number; rejected: number };
    expect(counts.rejected).toBe(2);
    expect(counts.linked).toBeGreaterThanOrEqual(20);
    expect(counts.linked + counts.review + counts.unmatched + counts.rejected).toBe(written.rows);
    expect(counts.review).toBeGreaterThanOrEqual(2);

    const mapping = page.getByTestId('mapping');
    expect(await mapping.locator('tr', { hasText: 'Họ và tên' }).textContent()).toContain('fullName');
    expect(await mapping.locator('tr', { hasText: 'Số CMND/CCCD' }).textContent()).toContain('idNumber');
    expect(await mapping.locator('tr', { hasText: 'Vắc xin' }).textContent()).toContain('Bỏ qua');
    expect(await page.getByTestId('timings').textContent()).toContain('Đối chiếu');

    const rejectedRows = page.getByTestId('rejected').locator('tbody tr');
    await rejectedRows.nth(written.rejected.length - 1).waitFor();
    const lines = await rejectedRows.locator('td:first-child').allTextContents();
    expect(lines.map(Number)).toEqual(written.rejected);

    expect(await provinces.locator('tfoot').textContent()).toContain(String(written.rows));
  });

  it('reviews doubtful rows: accepts one by keyboard, rejects one with the button', async () => {
    const pendingBefore = Number(
      /\((\d+)\)/.exec((await page.getByTestId('review-link').textContent()) ?? '')?.[1],
    );
    await page.getByTestId('review-link').click();
    await page.getByRole('heading', { name: 'Xem xét kết quả đối chiếu' }).waitFor();
    const panel = page.locator('.review-layout');
    await panel.getByTestId('candidate').first().waitFor();
    expect(await page.getByTestId('pending').textContent()).toContain(String(pendingBefore));
    const first = page.getByTestId('candidate').first();
    expect(await first.getByTestId('weights').locator('tbody tr').count()).toBeGreaterThan(1);
    await h.shot(page, 'cleaning-03-review');

    const line = Number(await panel.getAttribute('data-line'));
    const pid = (await first.getAttribute('data-pid'))!;
    expect(await page.getByTestId('uploaded-row').textContent()).toContain('AstraZeneca');

    // A personal ID number that is not well formed is caught before it is sent; one that
    // nobody holds is refused by the server, and its problem is shown. The row stays.
    const other = page.getByRole('textbox', { name: 'Số định danh khác' });
    await other.fill('12345');
    await page.getByRole('button', { name: 'Liên kết' }).click();
    await page.getByText('Nhập đúng 12 chữ số').waitFor();
    await other.fill(`${pid.slice(0, 6)}999999`);
    await page.getByRole('button', { name: 'Liên kết' }).click();
    await page.locator('[role="alert"][data-code="cleaning.person_not_found"]').waitFor();
    expect(Number(await panel.getAttribute('data-line'))).toBe(line);

    // Keys act once the cursor has left the field.
    await page.getByRole('heading', { name: 'Xem xét kết quả đối chiếu' }).click();
    await page.keyboard.press('a');
    await page.getByTestId('notice').getByText(`Dòng ${line}: đã liên kết với ${pid}`).waitFor();
    accepted = { line, pid };

    await page.locator(`.review-layout:not([data-line="${line}"])`).waitFor();
    rejected = Number(await panel.getAttribute('data-line'));
    await page.getByRole('button', { name: /Không khớp ai/ }).click();
    await page.getByTestId('notice').getByText(`Dòng ${rejected}: đã ghi nhận không khớp`).waitFor();
    expect(await page.getByTestId('pending').textContent()).toContain(String(pendingBefore - 2));
    await h.shot(page, 'cleaning-04-review-after');
  });

  it('lists the job as done and downloads the cleaned file: original columns, ID found, outcome', async () => {
    // Back through the list of jobs, where this one shows as done with its counts.
    await page
      .getByRole('navigation', { name: 'Chức năng chính' })
      .getByRole('link', { name: 'Làm sạch dữ liệu' })
      .click();
    const listed = page.locator(`tr[data-job="${jobId}"]`);
    await listed.getByText('Hoàn thành').waitFor();
    expect(await listed.textContent()).toContain(path.basename(file));
    await h.shot(page, 'cleaning-06-jobs');
    await listed.getByRole('link', { name: path.basename(file) }).click();
    await page.getByTestId('job-status').getByText('Hoàn thành').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Tải tệp đã làm sạch (CSV)' }).click(),
    ]);
    const text = readFileSync((await download.path())!, 'utf8');
    const rows = parse(text.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true }) as Record<
      string,
      string
    >[];
    expect(rows).toHaveLength(written.rows);
    expect(Object.keys(rows[0]!)).toEqual([
      ...HEADERS,
      'so_dinh_danh',
      'xac_suat',
      'trang_thai',
      'truong_khac',
      'cum',
      'dong',
    ]);
    const at = (line: number) => rows.find((r) => r.dong === String(line))!;
    // Every row comes back, in order, with its original cells (STT is the data row's number).
    expect(rows.map((r) => Number(r.STT))).toEqual(rows.map((_, i) => i + 1));
    expect(at(accepted.line)).toMatchObject({ trang_thai: 'linked', so_dinh_danh: accepted.pid });
    expect(at(rejected)).toMatchObject({ trang_thai: 'unmatched', so_dinh_danh: '' });
    for (const l of written.rejected) expect(at(l).trang_thai).toBe('rejected');
    expect(rows.filter((r) => r.trang_thai === 'linked').every((r) => /^\d{12}$/.test(r.so_dinh_danh!))).toBe(
      true,
    );
  });

  it('opens the quality report in a new tab', async () => {
    const [tab] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByRole('link', { name: 'Báo cáo chất lượng' }).first().click(),
    ]);
    await tab.waitForLoadState();
    const body = (await tab.textContent('body')) ?? '';
    expect(body).toContain('Báo cáo chất lượng dữ liệu');
    expect(body).toContain(path.basename(file));
    await h.shot(tab, 'cleaning-05-report');
    await tab.close();
  });

  it('tells a registry clerk that cleaning is for data officers', async () => {
    const clerkToken = await h.operator('lan.nguyen', 'Nguyễn Thị Lan', 'mat-khau-an-toan', ['clerk']);
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByLabel('Tên đăng nhập').fill('lan.nguyen');
    await page.getByLabel('Mật khẩu').fill('mat-khau-an-toan');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByTestId('operator-name').waitFor();
    const nav = page.getByRole('navigation', { name: 'Chức năng chính' });
    expect(await nav.getByRole('link', { name: 'Làm sạch dữ liệu' }).count()).toBe(0);
    await page.goto(jobUrl);
    await page.getByText('dành cho cán bộ dữ liệu').waitFor();
    // The API says the same, as problem+json.
    const r = await h.app.inject({
      method: 'GET',
      url: `/api/v1/cleaning/jobs/${jobId}`,
      headers: { authorization: `Bearer ${clerkToken}` },
    });
    expect(r.statusCode).toBe(403);
    expect(r.headers['content-type']).toContain('application/problem+json');
  });
});
