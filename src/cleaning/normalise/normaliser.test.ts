import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/db.js';
import type { Database } from '../../db/index.js';
import type { LinkagePerson } from '../../registry/index.js';
import { importMapping, importUnitList } from '../../units/index.js';
import { list2025, mappingFile, preMergerList } from '../../units/units.fixtures.js';
import type { ColumnMapping } from '../types.js';
import { createNormaliser, type Normaliser, normaliserFrom, unitPart } from './normaliser.js';

let database: Database;
let builtIn: Normaliser;
let full: Normaliser;
const today = new Date('2026-01-15T00:00:00Z');

beforeAll(async () => {
  database = await freshDatabase();
  builtIn = await createNormaliser(database, { today });
  const db = database.db;
  await importUnitList(db, { text: JSON.stringify(preMergerList), source: 'old.json' });
  await importUnitList(db, { text: JSON.stringify(list2025), source: 'new.json' });
  await importMapping(db, { text: JSON.stringify(mappingFile), source: 'map.json' });
  full = await createNormaliser(database, { today });
});
afterAll(() => database.close());

const mapping: ColumnMapping = {
  STT: 'recordId',
  'Họ và tên': 'fullName',
  'Ngày sinh': 'dateOfBirth',
  'Giới tính': 'sex',
  'Số CMND/CCCD': 'idNumber',
  'Địa chỉ': 'address',
  SĐT: 'phone',
  'Ghi chú': 'ignore',
};
const row = (line: number, values: Record<string, string>) => ({ line, values });

describe('a dataset row', () => {
  it('becomes a record with folded names, a date, an ID number, a phone and a place', () => {
    const { record, problems } = builtIn.normaliseRow(
      row(2, {
        STT: 'A-17',
        'Họ và tên': 'HUỲNH THỊ THUỶ',
        'Ngày sinh': '05/04/1990',
        'Giới tính': 'Nữ',
        'Số CMND/CCCD': '2190012345',
        'Địa chỉ': 'Số 5, thôn 3, xã Nowhere, Tỉnh Hà Giang',
        SĐT: '+84 912 345 678',
        'Ghi chú': 'anything',
      }),
      mapping,
    );
    expect(problems).toEqual([]);
    expect(record).toEqual({
      id: 'A-17',
      family: 'huynh',
      familyExact: 'huỳnh',
      familyClass: 'hoang',
      middle: 'thi',
      middleExact: 'thị',
      given: 'thuy',
      givenExact: 'thủy',
      full: 'huynh thi thuy',
      dob: { y: 1990, m: 4, d: 5, ambiguous: true },
      sex: 'female',
      pid: '002190012345',
      phone: '0912345678',
      provincePre: '02',
      province2025: '08',
    });
  });

  it('keeps a row with an impossible date, without the date, and says why', () => {
    const { record, problems } = builtIn.normaliseRow(
      row(3, { 'Họ và tên': 'Lê Văn Tám', 'Ngày sinh': '31/02/1990', 'Số CMND/CCCD': '123456789' }),
      mapping,
    );
    expect(record).toMatchObject({ id: '3', given: 'tam', oldIds: ['123456789'] });
    expect(record?.dob).toBeUndefined();
    expect(problems).toEqual([
      { line: 3, code: 'date.invalid', reason: expect.stringContaining('no day 31'), field: 'Ngày sinh' },
    ]);
  });

  it('reports unusable fields and an ID number that contradicts the row', () => {
    const { record, problems } = builtIn.normaliseRow(
      row(4, {
        'Họ và tên': 'Trần Văn Ba',
        'Ngày sinh': '1985',
        'Giới tính': 'Nam',
        'Số CMND/CCCD': '001304000123',
        SĐT: '12',
        'Địa chỉ': 'không rõ',
      }),
      mapping,
    );
    expect(record?.pid).toBe('001304000123');
    expect(problems.map((p) => p.code).sort()).toEqual([
      'address.unrecognised',
      'phone.invalid',
      'pid.inconsistent',
    ]);
  });

  it('rejects a row with neither a usable name nor a usable ID number', () => {
    const r = builtIn.normaliseRow(
      row(5, { 'Ngày sinh': '01/01/1990', 'Số CMND/CCCD': '7.9201E+11' }),
      mapping,
    );
    expect(r.record).toBeUndefined();
    expect(r.problems.map((p) => p.code)).toEqual(['id.scientific', 'row.no_identity']);
  });

  it('takes separate name columns, a year of birth and another identifier', () => {
    const { record } = builtIn.normaliseRow(
      row(6, { Ho: 'Nguyễn', Dem: 'Văn', Ten: 'An', Nam: '1970', Passport: 'b 123-456' }),
      { Ho: 'familyName', Dem: 'middleName', Ten: 'givenName', Nam: 'yearOfBirth', Passport: 'otherId' },
    );
    expect(record).toMatchObject({
      family: 'nguyen',
      middle: 'van',
      given: 'an',
      dob: { y: 1970 },
      otherId: 'B123456',
    });
  });
});

describe('places of both eras', () => {
  it('reads a pre-2025 address and adds its 2025 commune', () => {
    const { record } = full.normaliseRow(
      row(2, { 'Họ và tên': 'An', 'Địa chỉ': 'Số 1 ngõ 2, Xã Tân Lập, Huyện Đan Phượng, Hà Nội' }),
      mapping,
    );
    expect(record).toMatchObject({
      communePre: '09820',
      provincePre: '01',
      commune2025: '09784',
      province2025: '01',
    });
  });

  it('reads a 2025 address and adds its old commune when there was one', () => {
    const { record } = full.normaliseRow(
      row(2, { 'Họ và tên': 'An', 'Địa chỉ': 'Phường Sài Gòn, TP. Hồ Chí Minh' }),
      mapping,
    );
    expect(record).toMatchObject({ commune2025: '26740', province2025: '79', provincePre: '79' });
  });

  it('reads commune and province code columns', () => {
    const { record } = full.normaliseRow(row(2, { 'Họ và tên': 'An', X: '00001', P: '01' }), {
      'Họ và tên': 'fullName',
      X: 'communeCode',
      P: 'provinceCode',
    });
    expect(record).toMatchObject({
      communePre: '00001',
      commune2025: '00004',
      provincePre: '01',
      province2025: '01',
    });
  });
});

describe('a register person', () => {
  const person = (over: Partial<LinkagePerson>): LinkagePerson => ({
    pid: '002190012345',
    familyName: 'Vũ',
    middleName: 'Thị',
    givenName: 'Hoà',
    sex: 'female',
    dateOfBirth: '1990-04-05',
    status: 'alive',
    oldIds: ['073123456'],
    permUnit: '02',
    permProvince: '02',
    ...over,
  });

  it('becomes a record keyed by the personal ID number, names in the one tone placement', () => {
    expect(builtIn.recordFromRegistry(person({}))).toEqual({
      id: '002190012345',
      pid: '002190012345',
      sex: 'female',
      family: 'vu',
      familyExact: 'vũ',
      familyClass: 'vu',
      middle: 'thi',
      middleExact: 'thị',
      given: 'hoa',
      givenExact: 'hòa',
      full: 'vu thi hoa',
      dob: { y: 1990, m: 4, d: 5 },
      oldIds: ['073123456'],
      provincePre: '02',
      province2025: '08',
    });
  });

  it('keeps partial register dates partial and converts residence codes across eras', () => {
    expect(builtIn.recordFromRegistry(person({ dateOfBirth: '1950' })).dob).toEqual({ y: 1950 });
    const old = full.recordFromRegistry(person({ permUnit: '09823', permProvince: '01' }));
    expect(old).toMatchObject({
      communePre: '09823',
      commune2025: '09784',
      provincePre: '01',
      province2025: '01',
    });
    const neu = full.recordFromRegistry(person({ permUnit: '09784', permProvince: '01' }));
    expect(neu).toMatchObject({ commune2025: '09784', province2025: '01', provincePre: '01' });
    expect(neu.communePre).toBeUndefined(); // three old communes became it: no single one
  });
});

describe('address parts and other data', () => {
  it('reads only the unit part of an address (house, lane and hamlet parts dropped)', () => {
    expect(unitPart('Số 5 ngõ 12, Phường Bến Nghé, Quận 1, TP HCM')).toBe('Phường Bến Nghé, Quận 1, TP HCM');
    expect(unitPart('Số 189, thôn 9, Tỉnh Kon Tum')).toBe('Tỉnh Kon Tum');
    expect(unitPart('Tổ 5, Phường Phổ Yên, Thái Nguyên')).toBe('Phường Phổ Yên, Thái Nguyên');
    expect(unitPart('Bàn Cờ, Quận 3, HCM')).toBe('Bàn Cờ, Quận 3, HCM');
  });

  it('works without any unit list, and keeps foreign data as it is in the generic locale', () => {
    const n = normaliserFrom({ units: [], successors: [] }, { locale: 'generic', today });
    const { record, problems } = n.normaliseRow(
      row(2, {
        name: 'Max Lee',
        dob: '1970-02-03',
        tel: '+1 (555) 123-4567',
        addr: '5 Main St, Springfield',
      }),
      { name: 'fullName', dob: 'dateOfBirth', tel: 'phone', addr: 'address' },
    );
    expect(record).toMatchObject({
      family: 'max',
      given: 'lee',
      phone: '15551234567',
      dob: { y: 1970, m: 2, d: 3 },
    });
    expect(problems.map((p) => p.code)).toEqual(['address.unrecognised']);
  });
});
