import { describe, expect, it } from 'vitest';
import { cardExpiry, cardStatusOn } from './card-rule.js';

const dob = '1990-06-15';
const at = (age: number, monthDay = '07-01') => `${1990 + age}-${monthDay}`;

describe('the 25/40/60 card rule', () => {
  it.each([
    [14, '2015-06-15'],
    [23, '2030-06-15'],
    [24, '2030-06-15'],
    [39, '2050-06-15'],
    [58, null],
    [70, null],
  ])('a card issued at %i is valid until %s', (age, expected) => {
    expect(cardExpiry(dob, at(age))).toBe(expected);
  });

  it('counts the two years to the day', () => {
    expect(cardExpiry(dob, '2013-06-14')).toBe('2015-06-15');
    expect(cardExpiry(dob, '2013-06-15')).toBe('2030-06-15');
    expect(cardExpiry(dob, '2048-06-14')).toBe('2050-06-15');
    expect(cardExpiry(dob, '2048-06-15')).toBeNull();
    expect(cardExpiry('2004-02-29', '2020-01-01')).toBe('2029-02-28');
  });

  it('derives expired and holder_deceased at read time', () => {
    const card = { status: 'valid' as const, expiresOn: '2025-01-01' };
    expect(cardStatusOn(card, false, '2025-01-01')).toBe('valid');
    expect(cardStatusOn(card, false, '2025-01-02')).toBe('expired');
    expect(cardStatusOn(card, true, '2024-01-02')).toBe('holder_deceased');
    expect(cardStatusOn({ status: 'lost', expiresOn: null }, true, '2024-01-02')).toBe('lost');
    expect(cardStatusOn({ status: 'valid', expiresOn: null }, false, '2090-01-01')).toBe('valid');
  });
});
