/**
 * Synthetic register persons and a noisy agency dataset drawn from them, with the truth,
 * for the model's tests and benchmark (no database needed). The noise follows the kinds
 * agencies produce: lost diacritics, capitals, typos, Telex/VNI leftovers, surname
 * variants, dropped middle names, swapped/partial/mistyped dates, old or mangled ID
 * numbers, missing fields, several rows per person, and persons not in the register,
 * some of them look-alikes of a registered neighbour (same family name, birth date, sex
 * and province).
 */
import type { LinkagePerson } from '../../registry/index.js';
import { generatePopulation, Rng, staticGeo } from '../../synth/index.js';
import type { ColumnMapping, RawRow } from '../types.js';

/** `n` register persons of a synthetic population (built-in provinces, no communes). */
export function syntheticRegister(n: number, seed: number): LinkagePerson[] {
  const out: LinkagePerson[] = [];
  for (const batch of generatePopulation(staticGeo(), { persons: n, seed })) {
    for (const p of batch.persons) {
      let unit: string | null = null;
      const oldIds: string[] = [];
      let dead = false;
      for (const a of p.actions) {
        if (a.type === 'residence' && a.kind === 'permanent') unit = a.place.unitCode;
        else if (a.type === 'old_id') oldIds.push(a.oldId);
        else if (a.type === 'death') dead = true;
      }
      const b = p.birth;
      out.push({
        pid: p.pid,
        familyName: b.familyName,
        middleName: b.middleName,
        givenName: b.givenName,
        sex: b.sex,
        dateOfBirth: b.dateOfBirth,
        status: dead ? 'deceased' : 'alive',
        oldIds,
        permUnit: unit ?? b.placeOfBirth.unitCode,
        permProvince: (unit ?? b.placeOfBirth.unitCode).slice(0, 2),
      });
    }
  }
  return out.slice(0, n);
}

export interface NoisyDataset {
  rows: RawRow[];
  mapping: ColumnMapping;
  /** line → personal ID number of the row's person, or null for persons not in the register */
  truth: Map<number, string | null>;
  /** line → a key of the row's person (also for persons not in the register) */
  person: Map<number, string>;
}

export interface NoiseOptions {
  rows: number;
  seed: number;
  /** multiplies every error rate; 1 ≈ "realistic" */
  level?: number;
  /** province code → name for address text */
  provinceName?: (code: string) => string | undefined;
}

const STRIP = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');

const TELEX: Record<string, string> = {
  '\u0301': 's',
  '\u0300': 'f',
  '\u0309': 'r',
  '\u0303': 'x',
  '\u0323': 'j',
};
const VNI: Record<string, string> = {
  '\u0301': '1',
  '\u0300': '2',
  '\u0309': '3',
  '\u0303': '4',
  '\u0323': '5',
};

/** A word as typed with the keyboard driver off (Telex or VNI). */
function leftover(word: string, vni: boolean): string {
  let tone = '';
  let out = '';
  for (const ch of word.normalize('NFD')) {
    if (TELEX[ch]) tone = vni ? VNI[ch]! : TELEX[ch]!;
    else if (ch === '\u0302') out += vni ? '6' : out.slice(-1);
    else if (ch === '\u0306') out += vni ? '8' : 'w';
    else if (ch === '\u031b') out += vni ? '7' : 'w';
    else if (ch === 'đ' || ch === 'Đ') out += vni ? `${ch === 'đ' ? 'd' : 'D'}9` : ch === 'đ' ? 'dd' : 'Dd';
    else out += ch;
  }
  return out + tone;
}

function typo(rng: Rng, word: string): string {
  if (word.length < 3) return word;
  const i = 1 + rng.int(word.length - 2);
  const letters = 'aeinoughtc';
  const k = rng.int(3);
  if (k === 0) return word.slice(0, i) + word.slice(i + 1);
  if (k === 1) return word.slice(0, i) + letters[rng.int(letters.length)] + word.slice(i + 1);
  return word.slice(0, i - 1) + word[i] + word[i - 1] + word.slice(i + 1);
}

const VARIANT: Record<string, string> = { Hoàng: 'Huỳnh', Huỳnh: 'Hoàng', Vũ: 'Võ', Võ: 'Vũ' };

/**
 * A dataset of `rows` rows about persons of `register` (some not in it), with errors.
 *
 * @example
 *   const { rows, mapping, truth } = noisyDataset(register, { rows: 2000, seed: 7 });
 */
export function noisyDataset(register: readonly LinkagePerson[], opts: NoiseOptions): NoisyDataset {
  const rng = new Rng(opts.seed, 77);
  const k = opts.level ?? 1;
  const p = (x: number) => rng.chance(Math.min(1, x * k));
  const rows: RawRow[] = [];
  const truth = new Map<number, string | null>();
  const person = new Map<number, string>();
  const people: { person: LinkagePerson; real: boolean; phone: string }[] = [];
  let serial = 900_000;
  const men = register.filter((x) => x.sex === 'male').slice(0, 2000);
  const women = register.filter((x) => x.sex === 'female').slice(0, 2000);
  for (let line = 2; rows.length < opts.rows; line++) {
    let who: (typeof people)[number];
    if (people.length > 0 && rng.chance(0.3)) who = rng.pick(people);
    else if (p(0.07)) {
      // not in the register: a look-alike of a registered person (same family name, birth
      // date, sex and province, other personal names) or a mix of several persons
      const near = rng.pick(register);
      const names = rng.pick(near.sex === 'male' ? men : women);
      const lookalike = rng.chance(0.3);
      const base = lookalike ? near : { ...rng.pick(register), sex: names.sex };
      const given = names.givenName === near.givenName ? `${names.givenName}h` : names.givenName;
      who = {
        real: false,
        phone: `09${String(rng.int(1e8)).padStart(8, '0')}`,
        person: {
          ...base,
          familyName: lookalike ? near.familyName : rng.pick(register).familyName,
          pid: `0${base.pid.slice(1, 6)}${String(serial++).padStart(6, '0')}`,
          middleName: names.middleName,
          givenName: given,
          oldIds: [],
        },
      };
      people.push(who);
    } else {
      who = { real: true, person: rng.pick(register), phone: `09${String(rng.int(1e8)).padStart(8, '0')}` };
      people.push(who);
    }
    const r = who.person;
    // name
    let family = r.familyName;
    if (VARIANT[family] && p(0.01)) family = VARIANT[family]!;
    let words = [family, ...(p(0.02) ? [] : r.middleName.split(' ')), r.givenName].filter(Boolean);
    if (p(0.1)) words = words.map((w) => w.replace(/(o)([\u0300\u0301\u0303\u0309\u0323])([ay])/u, '$1$3$2'));
    if (p(0.04)) {
      const i = rng.int(words.length);
      words[i] = typo(rng, words[i]!);
    }
    if (p(0.02)) {
      const i = rng.int(words.length);
      words[i] = leftover(words[i]!, rng.chance(0.5));
    }
    let name = words.join(' ');
    if (p(0.1)) name = STRIP(name);
    if (p(0.2)) name = name.toUpperCase();
    // date of birth
    const [y, mo, d] = r.dateOfBirth.split('-');
    let dob = d ? `${d}/${mo}/${y}` : mo ? `${mo}/${y}` : `${y}`;
    const x = rng.next() / k;
    if (d && x < 0.02 && Number(d) <= 12) dob = `${mo}/${d}/${y}`;
    else if (x < 0.04) dob = `${y}`;
    else if (x < 0.05 && mo) dob = `${mo}/${y}`;
    else if (x < 0.06 && d) dob = `${d}/${mo}/${Number(y) + (rng.chance(0.5) ? 1 : -1)}`;
    else if (x < 0.07) dob = '';
    // ID number
    let id = r.pid;
    const z = rng.next() / k;
    if (z < 0.08) id = '';
    else if (z < 0.16 && r.oldIds.length > 0) id = r.oldIds[0]!;
    else if (z < 0.21) id = id.replace(/^0+/, '');
    else if (z < 0.22) {
      const i = 3 + rng.int(8);
      id = id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2);
    } else if (z < 0.23) {
      const i = 3 + rng.int(9);
      id = id.slice(0, i) + String((Number(id[i]) + 1 + rng.int(8)) % 10) + id.slice(i + 1);
    }
    const sex = p(0.03) ? '' : p(0.005) ? (r.sex === 'male' ? 'Nữ' : 'Nam') : r.sex === 'male' ? 'Nam' : 'Nữ';
    const province = r.permProvince ? opts.provinceName?.(r.permProvince) : undefined;
    const address = province && !p(0.05) ? `Số ${1 + rng.int(200)}, thôn ${1 + rng.int(9)}, ${province}` : '';
    rows.push({
      line,
      values: {
        'Họ và tên': name,
        'Ngày sinh': dob,
        'Giới tính': sex,
        'Số CMND/CCCD': id,
        'Địa chỉ': address,
        SĐT: p(0.2) ? '' : who.phone,
      },
    });
    truth.set(line, who.real ? r.pid : null);
    person.set(line, r.pid);
  }
  return {
    rows,
    truth,
    person,
    mapping: {
      'Họ và tên': 'fullName',
      'Ngày sinh': 'dateOfBirth',
      'Giới tính': 'sex',
      'Số CMND/CCCD': 'idNumber',
      'Địa chỉ': 'address',
      SĐT: 'phone',
    },
  };
}
