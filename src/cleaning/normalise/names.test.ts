import { describe, expect, it } from 'vitest';
import { fromTelex, fromViqr, fromVni } from './input-methods.js';
import { fold, hasDiacritics, nameFields, nameWords, splitName, surnameClass } from './names.js';
import { isSyllable, placeTone } from './syllable.js';

describe('tone-mark placement', () => {
  it('moves the tone to the one placement the register uses (hòa, thủy, khỏe)', () => {
    expect(placeTone('Hoà')).toBe('Hòa');
    expect(placeTone('Thuỷ')).toBe('Thủy');
    expect(placeTone('THUỶ')).toBe('THỦY');
    expect(placeTone('khoẻ')).toBe('khỏe');
    expect(placeTone('Hoá')).toBe('Hóa');
  });

  it('leaves words already in place, and closed syllables, alone', () => {
    for (const w of [
      'Hòa',
      'Thủy',
      'Hoàng',
      'Huỳnh',
      'Quỳnh',
      'Quý',
      'Nguyễn',
      'Người',
      'Giữ',
      'Già',
      'Gìn',
      'Tuấn',
      'Khuỷu',
    ])
      expect(placeTone(w)).toBe(w);
  });

  it('does not touch foreign words with two vowel groups', () => {
    expect(placeTone('José')).toBe('José');
  });

  it('recognises syllables', () => {
    expect(isSyllable('nguyễn')).toBe(true);
    expect(isSyllable('lee')).toBe(false);
    expect(isSyllable('john')).toBe(false);
  });
});

describe('input-method leftovers', () => {
  it('reads Telex typed with the driver off', () => {
    expect(fromTelex('Nguyeenx')).toBe('Nguyễn');
    expect(fromTelex('Vawn')).toBe('Văn');
    expect(fromTelex('Hungf')).toBe('Hùng');
    expect(fromTelex('Traanf')).toBe('Trần');
    expect(fromTelex('Dduwcs')).toBe('Đức');
    expect(fromTelex('Nguwowif')).toBe('Người');
    expect(fromTelex('Thuyr')).toBe('Thủy');
    expect(fromTelex('Anh')).toBeNull(); // already a syllable
  });

  it('reads VNI and VIQR', () => {
    expect(fromVni('Nguye64n')).toBe('Nguyễn');
    expect(fromVni('Nguyen64')).toBe('Nguyễn');
    expect(fromVni('Hu7ng')).toBe('Hưng');
    expect(fromVni('D9a85ng')).toBe('Đặng');
    expect(fromViqr('Nguye^~n')).toBe('Nguyễn');
    expect(fromViqr('Tra(ng')).toBe('Trăng');
    expect(fromViqr('Ddu+o+`ng')).toBe('Đường');
  });

  it('repairs a whole name only where it is safe', () => {
    expect(nameWords('Nguyeenx Vawn Hungf')).toEqual(['Nguyễn', 'Văn', 'Hùng']);
    expect(nameWords('Nguye64n Va8n An')).toEqual(['Nguyễn', 'Văn', 'An']);
    expect(nameWords('Trần Thij Lan')).toEqual(['Trần', 'Thị', 'Lan']);
    // one word may stay unreadable (a typo of its own)
    expect(nameWords('Dang Quoocs Phonng')).toEqual(['Dang', 'Quốc', 'Phonng']);
    // "John" is no Vietnamese syllable however read: the name is foreign, "Lee" stays
    expect(nameWords('John Lee')).toEqual(['John', 'Lee']);
    // an initial with a dot is an abbreviation, not a VIQR dot-below
    expect(nameWords('Nguyen Van A.')).toEqual(['Nguyen', 'Van', 'A']);
    // a generic dataset can switch repairs off
    expect(nameWords('Max Lee', { repairInput: false })).toEqual(['Max', 'Lee']);
  });
});

describe('names', () => {
  it('cleans case, spacing, NFD input and hyphens', () => {
    expect(nameWords('  NGUYỄN   thị  hoà ')).toEqual(['Nguyễn', 'Thị', 'Hòa']);
    expect(nameWords('Nguyễn Thị Hòa'.normalize('NFD'))).toEqual(['Nguyễn', 'Thị', 'Hòa']);
    expect(nameWords('Lê-Văn Tám')).toEqual(['Lê', 'Văn', 'Tám']);
    expect(nameWords("H'Hen Niê")).toEqual(["H'Hen", 'Niê']);
  });

  it('splits family, middle and given name in Vietnamese order', () => {
    expect(splitName(['Nguyễn', 'Thị', 'Lan', 'Anh'])).toEqual({
      family: 'Nguyễn',
      middle: 'Thị Lan',
      given: 'Anh',
    });
    expect(splitName(['Lê', 'An'])).toEqual({ family: 'Lê', middle: '', given: 'An' });
    expect(splitName(['Anh'])).toEqual({ family: '', middle: '', given: 'Anh' });
  });

  it('folds for comparison only and keeps the diacritic form beside it', () => {
    expect(fold('Đặng Thị Thủy')).toBe('dang thi thuy');
    const f = nameFields(nameWords('Đặng Thị Thuỷ'));
    expect(f).toMatchObject({
      family: 'dang',
      middle: 'thi',
      given: 'thuy',
      givenExact: 'thủy',
      full: 'dang thi thuy',
    });
    // typed without diacritics: nothing to tell Hùng from Hưng, so no exact form
    expect(nameFields(nameWords('Nguyen Van Hung')).givenExact).toBeUndefined();
    expect(hasDiacritics('Hưng')).toBe(true);
    expect(hasDiacritics("O'Brien")).toBe(false);
  });

  it('puts Hoàng/Huỳnh and Vũ/Võ in one variant class', () => {
    expect(surnameClass(fold('Huỳnh'))).toBe(surnameClass(fold('Hoàng')));
    expect(surnameClass(fold('Võ'))).toBe(surnameClass(fold('Vũ')));
    expect(surnameClass(fold('Lê'))).toBe('le');
    expect(nameFields(nameWords('Huỳnh Văn Ba')).familyClass).toBe('hoang');
  });
});
