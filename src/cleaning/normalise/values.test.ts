import { describe, expect, it } from 'vitest';
import { parseDate } from './dates.js';
import { parseIdNumber } from './ids.js';
import { parsePhone } from './phone.js';
import { parseSex } from './sex.js';

const today = new Date('2026-01-15T00:00:00Z');
const date = (s: string) => parseDate(s, { today });

describe('dates of birth', () => {
  it('reads the usual forms, day first', () => {
    expect(date('12/03/1990')).toEqual({ date: { y: 1990, m: 3, d: 12, ambiguous: true } });
    expect(date('25/03/1990')).toEqual({ date: { y: 1990, m: 3, d: 25 } });
    expect(date('1990-03-12')).toEqual({ date: { y: 1990, m: 3, d: 12 } });
    expect(date('19900312')).toEqual({ date: { y: 1990, m: 3, d: 12 } });
    expect(date('25031990')).toEqual({ date: { y: 1990, m: 3, d: 25 } });
    expect(date('12.3.1990')).toMatchObject({ date: { y: 1990, m: 3, d: 12 } });
    expect(date('12/03/1990 00:00:00')).toMatchObject({ date: { y: 1990, m: 3, d: 12 } });
    expect(date('1990-03-12T00:00:00.000Z')).toEqual({ date: { y: 1990, m: 3, d: 12 } });
    expect(date('ngày 12 tháng 3 năm 1990')).toEqual({ date: { y: 1990, m: 3, d: 12 } });
  });

  it('reads two-digit years as the latest past year', () => {
    expect(date('12-3-90')).toMatchObject({ date: { y: 1990, m: 3, d: 12 } });
    expect(date('12-3-05')).toMatchObject({ date: { y: 2005, m: 3, d: 12 } });
  });

  it('keeps partial dates partial', () => {
    expect(date('03/1990')).toEqual({ date: { y: 1990, m: 3 } });
    expect(date('1990-03')).toEqual({ date: { y: 1990, m: 3 } });
    expect(date('1990')).toEqual({ date: { y: 1990 } });
  });

  it('reads a date only valid month first that way (swapped day and month)', () => {
    expect(date('03/25/1990')).toEqual({ date: { y: 1990, m: 3, d: 25 } });
  });

  it('reads Excel serial numbers', () => {
    expect(date('32944')).toEqual({ date: { y: 1990, m: 3, d: 12 } });
    expect(date('32944.0')).toEqual({ date: { y: 1990, m: 3, d: 12 } });
  });

  it('turns impossible dates into problems, not dates', () => {
    expect(date('31/02/1990')).toMatchObject({ problem: { code: 'date.invalid' } });
    expect(date('29/02/1990')).toMatchObject({ problem: { code: 'date.invalid' } });
    expect(date('29/02/1992')).toEqual({ date: { y: 1992, m: 2, d: 29 } });
    expect(date('13/13/1990')).toMatchObject({ problem: { code: 'date.invalid' } });
    expect(date('hôm qua')).toMatchObject({ problem: { code: 'date.invalid' } });
    expect(date('2030')).toMatchObject({ problem: { code: 'date.future' } });
    expect(date('  ')).toBeUndefined();
  });
});

describe('ID numbers', () => {
  it('reads personal ID numbers with spaces, dots or lost zeros', () => {
    expect(parseIdNumber('001304000123')).toEqual({ pid: '001304000123' });
    expect(parseIdNumber('0013 0400 0123')).toEqual({ pid: '001304000123' });
    expect(parseIdNumber('001.304.000.123')).toEqual({ pid: '001304000123' });
    expect(parseIdNumber('1304000123')).toEqual({ pid: '001304000123' }); // 2 zeros lost
    expect(parseIdNumber('79090012345')).toEqual({ pid: '079090012345' }); // 1 zero lost
    expect(parseIdNumber("'001304000123")).toEqual({ pid: '001304000123' }); // spreadsheet text marker
  });

  it('reads old 9-digit ID numbers, also with a zero lost', () => {
    expect(parseIdNumber('123456789')).toEqual({ oldId: '123456789' });
    expect(parseIdNumber('12345678')).toEqual({ oldId: '012345678' });
    expect(parseIdNumber('12345678', 'pid')).toMatchObject({ problem: { code: 'id.invalid' } });
  });

  it('recovers scientific notation only when every digit is there', () => {
    expect(parseIdNumber('7.9090012345E+10')).toEqual({ pid: '079090012345' });
    expect(parseIdNumber('7.9201E+11')).toMatchObject({ problem: { code: 'id.scientific' } });
  });

  it('keeps a 12-digit number that is no valid personal ID number, with a problem (it may be a typo)', () => {
    expect(parseIdNumber('991304000123')).toMatchObject({
      pid: '991304000123',
      problem: { code: 'pid.invalid' },
    });
    expect(parseIdNumber('12345')).toMatchObject({ problem: { code: 'id.invalid' } });
    expect(parseIdNumber('ABC123')).toMatchObject({ problem: { code: 'id.invalid' } });
  });
});

describe('phone numbers', () => {
  it('brings +84, 84, 0084 and lost zeros to the national form', () => {
    for (const s of ['+84 912 345 678', '84912345678', '0084912345678', '0912.345.678', '912345678'])
      expect(parsePhone(s)).toEqual({ phone: '0912345678' });
  });

  it('renumbers the old 11-digit mobile numbers and keeps landlines', () => {
    expect(parsePhone('01683456789')).toEqual({ phone: '0383456789' });
    expect(parsePhone('0243 826 1234')).toEqual({ phone: '02438261234' });
  });

  it('keeps foreign numbers and reports nonsense', () => {
    expect(parsePhone('+1 555 123 4567')).toEqual({ phone: '+15551234567' });
    expect(parsePhone('123')).toMatchObject({ problem: { code: 'phone.invalid' } });
  });
});

describe('sex', () => {
  it('reads Vietnamese and English words and ISO 5218 digits', () => {
    expect(parseSex('Nam')).toBe('male');
    expect(parseSex('Nữ')).toBe('female');
    expect(parseSex('NU')).toBe('female');
    expect(parseSex('F')).toBe('female');
    expect(parseSex('1')).toBe('male');
    expect(parseSex('không rõ')).toBeNull();
    expect(parseSex('???')).toBeUndefined();
  });
});
