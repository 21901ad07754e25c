import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../test/app.js';

let t: TestApp;
let n = 0;
const doc = { kind: 'birth_certificate', number: 'GKS-1' };
const birth = (over: Record<string, unknown> = {}) => ({
  familyName: 'Nguyễn',
  middleName: 'Thị',
  givenName: 'Hoa',
  sex: 'female',
  dateOfBirth: '1990-03-04',
  placeOfBirth: { unitCode: '01', text: 'Bệnh viện Phụ sản' },
  sourceDocument: doc,
  ...over,
});

const auth = () => ({ authorization: `Bearer ${t.adminToken}` });
const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url,
    payload: payload as object,
    headers: { ...auth(), 'idempotency-key': `k${++n}`, ...headers },
  });
const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ url, headers: { ...auth(), ...headers } });
const version = async (pid: string) => (await get(`/api/v1/persons/${pid}`)).json().version as number;
const update = async (pid: string, what: string, payload: unknown, headers: Record<string, string> = {}) =>
  post(`/api/v1/persons/${pid}/${what}`, payload, { 'if-match': `"${await version(pid)}"`, ...headers });
const eventCount = async (pid: string) => (await get(`/api/v1/persons/${pid}/history`)).json().events.length;

let mother: string;
let father: string;
let household: string;

beforeAll(async () => {
  t = await testApp();
  const m = await post('/api/v1/births', birth());
  mother = m.json().pid;
  father = (
    await post(
      '/api/v1/births',
      birth({ familyName: 'Trần', middleName: 'Văn', givenName: 'Đức', sex: 'male', dateOfBirth: '1988' }),
    )
  ).json().pid;
});
afterAll(() => t.close());

describe('births', () => {
  it('issues an ID number that encodes province, sex and birth year', async () => {
    const res = await post(
      '/api/v1/births',
      birth({ givenName: 'Lan', dateOfBirth: '2001-07-15', placeOfBirth: { unitCode: '79' } }),
    );
    expect(res.statusCode).toBe(201);
    const p = res.json();
    expect(p.pid).toMatch(/^079301\d{6}$/);
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/v1/persons/${p.pid}`);
    expect(p).toMatchObject({
      fullName: 'Nguyễn Thị Lan',
      status: 'alive',
      version: 1,
      cards: [],
      oldIds: [],
    });
    expect(mother).toMatch(/^001190\d{6}$/);
    const reg = await post('/api/v1/births', birth({ givenName: 'Mai', registrationProvince: '48' }));
    expect(reg.json().pid).toMatch(/^048190/);
  });

  it('returns the same person for the same key and body, 422 for the same key and another body, 409 for a second registration', async () => {
    const body = birth({
      givenName: 'Bình',
      sex: 'male',
      dateOfBirth: '2020-01-02',
      motherPid: mother,
      fatherPid: father,
    });
    const h = { 'idempotency-key': 'birth-binh' };
    const first = await post('/api/v1/births', body, h);
    const again = await post('/api/v1/births', body, h);
    expect(again.statusCode).toBe(201);
    expect(again.json().pid).toBe(first.json().pid);
    const reused = await post('/api/v1/births', { ...body, givenName: 'Bính' }, h);
    expect(reused.statusCode).toBe(422);
    expect(reused.json().code).toBe('request.idempotency_key_reused');
    const dup = await post('/api/v1/births', body);
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'registry.duplicate_birth', existingPid: first.json().pid });
    const found = (await get(`/api/v1/persons?name=Binh&dob=2020`)).json().items;
    expect(found).toHaveLength(1);
  });

  it('refuses impossible and future dates, unknown units, unknown or younger parents', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ dateOfBirth: '2023-02-30' }, 'registry.invalid_date', 'dateOfBirth'],
      [{ dateOfBirth: '2999-01-01' }, 'registry.invalid_date', 'dateOfBirth'],
      [{ placeOfBirth: { unitCode: '99' } }, 'registry.unknown_unit', 'placeOfBirth.unitCode'],
      [{ registrationProvince: '03' }, 'registry.unknown_unit', 'registrationProvince'],
      [{ motherPid: '001190999999' }, 'registry.unknown_parent', 'motherPid'],
      [{ motherPid: mother, dateOfBirth: '1980' }, 'registry.parent_too_young', 'motherPid'],
      [{ motherPid: '0011' }, 'request.invalid', 'motherPid'],
    ];
    for (const [over, code, field] of cases) {
      const res = await post('/api/v1/births', birth({ givenName: 'Sai', ...over }));
      expect(res.statusCode, code).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe(code);
      expect(res.json().errors[0].field).toBe(field);
    }
    expect((await get('/api/v1/persons?name=Sai')).json().items).toEqual([]);
  });

  it('refuses malformed JSON and a missing Idempotency-Key, writing nothing', async () => {
    const before = (await get('/api/v1/persons?limit=100')).json().items.length;
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/births',
      headers: { ...auth(), 'content-type': 'application/json', 'idempotency-key': 'x1' },
      payload: '{"familyName":',
    });
    expect(bad.json().code).toBe('request.malformed_json');
    const noKey = await t.app.inject({
      method: 'POST',
      url: '/api/v1/births',
      headers: auth(),
      payload: birth({ givenName: 'Khoa' }),
    });
    expect(noKey.json().code).toBe('request.idempotency_key_required');
    expect((await get('/api/v1/persons?limit=100')).json().items.length).toBe(before);
  });
});

describe('residence and households', () => {
  it('founds a household, lets a newborn join it, and shows it', async () => {
    const res = await update(mother, 'residence', {
      kind: 'permanent',
      place: { unitCode: '01', text: 'Số 5 phố Huế' },
      newHousehold: true,
      from: '2015-05-01',
      sourceDocument: { kind: 'residence_application', number: 'CT-1' },
    });
    expect(res.statusCode).toBe(200);
    household = res.json().permanentResidence.householdId;
    expect(household).toMatch(/^HK\d{10}$/);
    expect(res.json().permanentResidence).toMatchObject({
      unitCode: '01',
      unitName: 'Hà Nội',
      relationToHead: 'head',
    });
    const baby = await post(
      '/api/v1/births',
      birth({
        givenName: 'Nhi',
        dateOfBirth: '2022-06-01',
        motherPid: mother,
        household: { householdId: household, relationToHead: 'child' },
      }),
    );
    expect(baby.statusCode).toBe(201);
    const hh = (await get(`/api/v1/households/${household}`)).json();
    expect(hh).toMatchObject({ id: household, headPid: mother, unitCode: '01', addressLine: 'Số 5 phố Huế' });
    expect(hh.members.map((m: { relationToHead: string }) => m.relationToHead)).toEqual(['head', 'child']);
    expect((await get(`/api/v1/persons/${baby.json().pid}/household`)).json().id).toBe(household);
    expect((await get(`/api/v1/persons/${father}/household`)).json().code).toBe('registry.no_household');
    expect((await get('/api/v1/households/HK0000000000')).statusCode).toBe(404);
  });

  it('joins, checks temporary periods and household rules', async () => {
    const join = await update(father, 'residence', {
      kind: 'permanent',
      place: { unitCode: '01' },
      householdId: household,
      relationToHead: 'spouse',
      from: '2016-01-01',
      sourceDocument: doc,
    });
    expect(join.statusCode).toBe(200);
    const tooLong = await update(father, 'residence', {
      kind: 'temporary',
      place: { unitCode: '48' },
      from: '2024-01-01',
      until: '2026-06-01',
      sourceDocument: doc,
    });
    expect(tooLong.json()).toMatchObject({
      code: 'registry.invalid_residence_period',
      errors: [{ field: 'until' }],
    });
    const noUntil = await update(father, 'residence', {
      kind: 'temporary',
      place: { unitCode: '48' },
      from: '2024-01-01',
      sourceDocument: doc,
    });
    expect(noUntil.json().code).toBe('registry.invalid_residence_period');
    const elsewhere = await update(father, 'residence', {
      kind: 'permanent',
      place: { unitCode: '79' },
      householdId: household,
      relationToHead: 'spouse',
      from: '2024-01-01',
      sourceDocument: doc,
    });
    expect(elsewhere.json().code).toBe('registry.household_elsewhere');
    const future = await update(father, 'residence', {
      kind: 'permanent',
      place: { unitCode: '79' },
      from: '2999-01-01',
      sourceDocument: doc,
    });
    expect(future.json()).toMatchObject({ code: 'registry.invalid_date', errors: [{ field: 'from' }] });
    const impossible = await update(father, 'residence', {
      kind: 'permanent',
      place: { unitCode: '79' },
      from: '2023-02-30',
      sourceDocument: doc,
    });
    expect(impossible.json().code).toBe('registry.invalid_date');
    const unknown = await update(father, 'residence', {
      kind: 'permanent',
      place: { unitCode: '99' },
      from: '2023-02-03',
      sourceDocument: doc,
    });
    expect(unknown.json().code).toBe('registry.unknown_unit');
    const ok = await update(father, 'residence', {
      kind: 'temporary',
      place: { unitCode: '48', text: 'Hải Châu' },
      from: '2025-01-01',
      until: '2026-12-31',
      sourceDocument: doc,
    });
    expect(ok.json().temporaryResidence).toMatchObject({ unitCode: '48', until: '2026-12-31' });
    expect(ok.json().permanentResidence).toMatchObject({ householdId: household, relationToHead: 'spouse' });
  });

  it('requires If-Match (428) and refuses a stale one (412) without changing anything', async () => {
    const body = { kind: 'permanent', place: { unitCode: '79' }, from: '2024-01-01', sourceDocument: doc };
    const before = await eventCount(father);
    const missing = await post(`/api/v1/persons/${father}/residence`, body);
    expect(missing.statusCode).toBe(428);
    expect(missing.json().code).toBe('registry.version_required');
    const stale = await post(`/api/v1/persons/${father}/residence`, body, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().code).toBe('registry.version_mismatch');
    expect(await eventCount(father)).toBe(before);
  });

  it('finds persons by pid, name without diacritics, date of birth and unit, page by page', async () => {
    expect((await get(`/api/v1/persons?q=${mother}`)).json().items[0].pid).toBe(mother);
    const byName = (await get(`/api/v1/persons?q=${encodeURIComponent('tran van duc')}`)).json().items;
    expect(byName.map((p: { pid: string }) => p.pid)).toEqual([father]);
    expect(
      (await get(`/api/v1/persons?name=${encodeURIComponent('Đức')}&dob=1988`)).json().items,
    ).toHaveLength(1);
    expect((await get('/api/v1/persons?name=Duc&dob=1989')).json().items).toHaveLength(0);
    const inHanoi = (await get('/api/v1/persons?unit=01')).json().items;
    expect(inHanoi.map((p: { pid: string }) => p.pid)).toContain(mother);
    expect(inHanoi[0].permanentUnitName).toBe('Hà Nội');
    const page1 = (await get('/api/v1/persons?limit=2')).json();
    const page2 = (await get(`/api/v1/persons?limit=2&cursor=${page1.next}`)).json();
    expect(page1.items).toHaveLength(2);
    expect(page2.items[0].pid > page1.items[1].pid).toBe(true);
    expect((await get('/api/v1/persons?unit=99')).json().code).toBe('registry.unknown_unit');
    expect((await get('/api/v1/persons?dob=2023-02-30')).json().code).toBe('registry.invalid_date');
    expect((await get('/api/v1/persons/12345')).json().code).toBe('request.invalid');
    expect((await get('/api/v1/persons/001190000000')).statusCode).toBe(404);
  });
});

describe('corrections, cards, death', () => {
  it('corrects details as a new event and links old IDs', async () => {
    const res = await update(father, 'corrections', {
      changes: { middleName: 'Minh', oldIds: ['012345678'] },
      reason: 'Sai chính tả',
      sourceDocument: doc,
    });
    expect(res.json()).toMatchObject({ fullName: 'Trần Minh Đức', oldIds: ['012345678'] });
    expect((await get('/api/v1/persons?q=012345678')).json().items[0].pid).toBe(father);
    const events = (await get(`/api/v1/persons/${father}/history`)).json().events;
    expect(events.at(-1)).toMatchObject({
      type: 'details_corrected',
      data: { previous: { middleName: 'Văn' } },
    });
    const year = await update(father, 'corrections', {
      changes: { dateOfBirth: '1991-01-01' },
      reason: 'Sai năm sinh',
      sourceDocument: doc,
    });
    expect(year.json()).toMatchObject({
      code: 'registry.invalid_pid',
      errors: [{ field: 'changes.dateOfBirth' }],
    });
    const empty = await update(father, 'corrections', {
      changes: {},
      reason: 'nothing',
      sourceDocument: doc,
    });
    expect(empty.json().code).toBe('request.invalid');
  });

  it('issues cards by the 25/40/60 rule, replaces and reports them lost', async () => {
    const kid = (await post('/api/v1/births', birth({ givenName: 'Tí', dateOfBirth: '2015-01-01' }))).json()
      .pid;
    const young = await update(kid, 'cards', {
      issuedOn: '2025-06-01',
      reason: 'first',
      sourceDocument: doc,
    });
    expect(young.json()).toMatchObject({
      code: 'registry.too_young_for_card',
      errors: [{ field: 'issuedOn' }],
    });
    const first = await update(mother, 'cards', {
      issuedOn: '2021-04-01',
      reason: 'first',
      sourceDocument: doc,
    });
    expect(first.json().cards).toEqual([
      { number: mother, issuedOn: '2021-04-01', expiresOn: '2030-03-04', status: 'valid' },
    ]);
    const second = await update(mother, 'cards', {
      issuedOn: '2024-04-01',
      reason: 'lost',
      sourceDocument: doc,
    });
    expect(second.json().cards.map((c: { status: string }) => c.status)).toEqual(['replaced', 'valid']);
    const lost = await update(mother, `cards/${mother}/status`, { status: 'lost', sourceDocument: doc });
    expect(lost.json().cards.map((c: { status: string }) => c.status)).toEqual(['replaced', 'lost']);
    const again = await update(mother, `cards/${mother}/status`, { status: 'revoked', sourceDocument: doc });
    expect(again.json().code).toBe('registry.card_not_valid');
    const other = await update(mother, 'cards/000000000000/status', { status: 'lost', sourceDocument: doc });
    expect(other.json().code).toBe('registry.unknown_card');
  });

  it('registers a death: residences end, the oldest adult becomes head, later writes are refused', async () => {
    await update(father, 'cards', { issuedOn: '2022-01-01', reason: 'first', sourceDocument: doc });
    const future = await update(mother, 'death', { dateOfDeath: '2999-01-01', sourceDocument: doc });
    expect(future.json().code).toBe('registry.invalid_date');
    const dead = await update(mother, 'death', {
      dateOfDeath: '2025-02-03',
      sourceDocument: { kind: 'death_certificate', number: 'KT-1' },
    });
    expect(dead.statusCode).toBe(200);
    expect(dead.json()).toMatchObject({
      status: 'deceased',
      dateOfDeath: '2025-02-03',
      permanentResidence: { until: '2025-02-03' },
    });
    const hh = (await get(`/api/v1/households/${household}`)).json();
    expect(hh.headPid).toBe(father);
    const fatherNow = (await get(`/api/v1/persons/${father}`)).json();
    expect(fatherNow.permanentResidence.relationToHead).toBe('head');
    const before = await eventCount(mother);
    const move = await update(mother, 'residence', {
      kind: 'permanent',
      place: { unitCode: '79' },
      from: '2025-03-01',
      sourceDocument: doc,
    });
    expect(move.statusCode).toBe(409);
    expect(move.json().code).toBe('registry.person_deceased');
    const fix = await update(mother, 'corrections', {
      changes: { givenName: 'Huệ' },
      reason: 'Sai tên',
      sourceDocument: doc,
    });
    expect(fix.json().code).toBe('registry.person_deceased');
    expect(await eventCount(mother)).toBe(before);
    const deathFix = await update(mother, 'corrections', {
      changes: { dateOfDeath: '2025-02-04' },
      reason: 'Sai ngày mất',
      sourceDocument: doc,
    });
    expect(deathFix.json().dateOfDeath).toBe('2025-02-04');
  });
});

describe('residence confirmation', () => {
  it('gives JSON and a printable, escaped HTML page', async () => {
    const pid = (await post('/api/v1/births', birth({ givenName: '<b>An</b>', dateOfBirth: '1995' }))).json()
      .pid;
    await update(pid, 'residence', {
      kind: 'permanent',
      place: { unitCode: '92', text: 'Ninh Kiều & "Cái Răng"' },
      newHousehold: true,
      from: '2020-01-01',
      sourceDocument: doc,
    });
    const json = (await get(`/api/v1/persons/${pid}/residence-confirmation`)).json();
    expect(json).toMatchObject({
      person: { pid },
      permanentResidence: { unitCode: '92' },
      household: { headPid: pid },
      issuedBy: 'operator:admin',
    });
    expect(json.documentNumber).toMatch(/^XN-\d{8}-\d{6}$/);
    const html = await get(`/api/v1/persons/${pid}/residence-confirmation`, { accept: 'text/html' });
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ');
    expect(html.body).toContain('&lt;b&gt;An&lt;/b&gt;');
    expect(html.body).toContain('Ninh Kiều &amp; &quot;Cái Răng&quot;');
    expect(html.body).not.toContain('<b>An');
    expect((await get(`/api/v1/persons/${pid}/residence-confirmation?format=html`)).body).toContain(
      '@media print',
    );
  });

  it('needs a login to read', async () => {
    const res = await t.app.inject({ url: `/api/v1/persons/${mother}` });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('auth.required');
  });
});
