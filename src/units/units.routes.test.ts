import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../test/app.js';
import { importUnitList } from './index.js';
import { preMergerList } from './units.fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await importUnitList(t.database.db, { text: JSON.stringify(preMergerList), source: 'fixture.json' });
});
afterAll(() => t.close());

const get = (url: string) => t.app.inject({ url });

describe('GET /api/v1/units (public)', () => {
  it('lists provinces of each era without a login', async () => {
    const old = await get('/api/v1/units?era=pre2025&level=province');
    expect(old.statusCode).toBe(200);
    expect(old.json().units).toHaveLength(63);
    const neu = await get('/api/v1/units?level=province');
    expect(neu.json().units).toHaveLength(34);
    expect(neu.json().units[0]).toEqual({
      code: '01',
      era: '2025',
      name: 'Hà Nội',
      fullName: 'Thành phố Hà Nội',
      level: 'province',
      provinceCode: '01',
    });
  });

  it('lists children and searches names without diacritics', async () => {
    const kids = await get('/api/v1/units?era=pre2025&parent=273');
    expect(kids.json().units.map((u: { name: string }) => u.name)).toEqual(['Phùng', 'Tân Lập', 'Tân Hội']);
    const found = await get(`/api/v1/units?era=pre2025&q=${encodeURIComponent('tan lap')}`);
    expect(found.json().units).toMatchObject([{ code: '09820', fullName: 'Xã Tân Lập', parentCode: '273' }]);
  });

  it('refuses a bad era with a problem', async () => {
    const res = await get('/api/v1/units?era=1990');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});

describe('GET /api/v1/units/{code}', () => {
  it('prefers the 2025 unit and honours ?era', async () => {
    expect((await get('/api/v1/units/79')).json()).toMatchObject({ era: '2025', name: 'Hồ Chí Minh' });
    expect((await get('/api/v1/units/09820?era=pre2025')).json()).toMatchObject({ name: 'Tân Lập' });
  });

  it('answers 404 for an unknown code', async () => {
    const res = await get('/api/v1/units/99999');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('units.not_found');
  });

  it('gives the successors of an old province', async () => {
    const res = await get('/api/v1/units/35/successors');
    expect(res.json().successors).toMatchObject([{ code: '37', name: 'Ninh Bình', era: '2025' }]);
    expect((await get('/api/v1/units/99/successors')).statusCode).toBe(404);
  });
});

describe('POST /api/v1/units/parse', () => {
  it('parses an address, best reading first', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/units/parse',
      payload: { text: 'Xóm 2, xã Tân Lập, h. Đan Phượng, TP Hà Nội' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().matches[0]).toMatchObject({
      era: 'pre2025',
      provinceCode: '01',
      districtCode: '273',
      communeCode: '09820',
      rest: 'Xóm 2',
      unit: { fullName: 'Xã Tân Lập' },
    });
  });

  it('documents its routes under the units tag', async () => {
    const doc = (await get('/docs/json')).json();
    expect(doc.paths['/api/v1/units/parse'].post.tags).toEqual(['units']);
  });
});
