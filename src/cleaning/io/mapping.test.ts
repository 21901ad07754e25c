import { describe, expect, it } from 'vitest';
import type { DomainError } from '../../shared/errors.js';
import { parseMapping, suggestMapping } from './mapping.js';

describe('suggestMapping', () => {
  it('recognises Vietnamese headers with and without diacritics, in any case', () => {
    const cases: [string, string][] = [
      ['Họ và tên', 'fullName'],
      ['HỌ TÊN', 'fullName'],
      ['Ho ten', 'fullName'],
      ['Full name', 'fullName'],
      ['Ngày sinh', 'dateOfBirth'],
      ['NgaySinh', 'dateOfBirth'],
      ['ngay_sinh', 'dateOfBirth'],
      ['DOB', 'dateOfBirth'],
      ['Năm sinh', 'yearOfBirth'],
      ['Giới tính', 'sex'],
      ['Gioi tinh', 'sex'],
      ['Sex', 'sex'],
      ['Số CMND/CCCD', 'idNumber'],
      ['Số định danh', 'pid'],
      ['ID number', 'idNumber'],
      ['SĐT', 'phone'],
      ['Số điện thoại', 'phone'],
      ['Phone', 'phone'],
      ['Địa chỉ', 'address'],
      ['Nơi thường trú', 'address'],
      ['Address', 'address'],
      ['Mã tỉnh', 'provinceCode'],
      ['Mã xã', 'communeCode'],
      ['STT', 'recordId'],
      ['ID', 'recordId'],
      ['Ngày tiêm', 'ignore'],
      ['Loại vắc xin', 'ignore'],
    ];
    for (const [header, role] of cases)
      expect([header, suggestMapping([header])[header]]).toEqual([header, role]);
  });

  it('splits family, middle and given name columns and takes each role once', () => {
    expect(
      suggestMapping(['Họ', 'Tên đệm', 'Tên', 'Họ tên khác', 'Họ và tên', 'Ngày sinh (dd/mm/yyyy)']),
    ).toEqual({
      Họ: 'familyName',
      'Tên đệm': 'middleName',
      Tên: 'givenName',
      'Họ tên khác': 'fullName',
      'Họ và tên': 'ignore',
      'Ngày sinh (dd/mm/yyyy)': 'dateOfBirth',
    });
  });

  it('with a CMND and a CCCD column, reads the first as the old ID and the second as the personal ID', () => {
    expect(suggestMapping(['Số CMND', 'Số CCCD', 'Ngày cấp CMND'])).toEqual({
      'Số CMND': 'oldId',
      'Số CCCD': 'pid',
      'Ngày cấp CMND': 'ignore',
    });
  });
});

describe('parseMapping', () => {
  it('reads header=role pairs and matches headers without diacritics to the file', () => {
    expect(parseMapping('Ho ten=fullName, Ngay sinh=dateOfBirth')).toEqual({
      'Ho ten': 'fullName',
      'Ngay sinh': 'dateOfBirth',
    });
    expect(parseMapping('Ho ten=fullname; Ngay sinh = dateOfBirth', ['Họ tên', 'Ngày sinh', 'SĐT'])).toEqual({
      'Họ tên': 'fullName',
      'Ngày sinh': 'dateOfBirth',
    });
    expect(parseMapping('{"Họ tên":"fullName","SĐT":"phone"}')).toEqual({
      'Họ tên': 'fullName',
      SĐT: 'phone',
    });
  });

  it('refuses unknown roles, unknown columns and pairs without =', () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as DomainError;
      }
      throw new Error('no error');
    };
    const role = err(() => parseMapping('Ho ten=name'));
    expect(role.code).toBe('mapping.role');
    expect(role.details?.[0]).toMatchObject({ field: 'Ho ten' });
    expect(err(() => parseMapping('Que quan=address', ['Họ tên'])).code).toBe('mapping.header');
    expect(err(() => parseMapping('Ho ten fullName')).code).toBe('mapping.syntax');
  });
});
