import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPid, decodePid, encodePid } from './pid.js';
import { PROVINCES } from './provinces.js';

const province = fc.constantFrom(...Object.keys(PROVINCES));
const sex = fc.constantFrom('male' as const, 'female' as const);
const year = fc.integer({ min: 1900, max: 2199 });
const serial = fc.integer({ min: 0, max: 999_999 });

describe('personal ID number codec', () => {
  it('decodes what it encodes', () => {
    fc.assert(
      fc.property(province, sex, year, serial, (provinceCode, s, birthYear, n) => {
        const pid = encodePid({ provinceCode, sex: s, birthYear, serial: n });
        expect(pid).toMatch(/^[0-9]{12}$/);
        const d = decodePid(pid);
        expect(d.ok && d.value).toEqual({ provinceCode, sex: s, birthYear });
        expect(checkPid(pid, { sex: s, birthYear, provinceCode })).toEqual([]);
      }),
    );
  });

  it('catches any change of the century/sex digit against sex and birth year', () => {
    fc.assert(
      fc.property(province, sex, year, serial, fc.integer({ min: 0, max: 9 }), (p, s, y, n, digit) => {
        const pid = encodePid({ provinceCode: p, sex: s, birthYear: y, serial: n });
        fc.pre(String(digit) !== pid[3]);
        const changed = `${pid.slice(0, 3)}${digit}${pid.slice(4)}`;
        expect(checkPid(changed, { sex: s, birthYear: y }).length).toBeGreaterThan(0);
      }),
    );
  });

  it('rejects anything but 12 digits', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        fc.pre(!/^[0-9]{12}$/.test(s));
        const d = decodePid(s);
        expect(d.ok).toBe(false);
        expect(d.ok ? [] : d.problems[0]?.field).toBe('pid');
      }),
    );
  });

  it('rejects unknown province prefixes', () => {
    for (const pid of ['003190123456', '099190123456', '101190123456']) expect(decodePid(pid).ok).toBe(false);
    expect(decodePid('001190123456')).toMatchObject({
      ok: true,
      value: { provinceCode: '01', sex: 'female', birthYear: 1990 },
    });
    expect(decodePid('079406000001')).toMatchObject({ ok: true, value: { birthYear: 2106, sex: 'male' } });
  });
});
