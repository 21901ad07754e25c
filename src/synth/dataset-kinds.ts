import { type Cell, type IdentityCells, type KindStyle, type Who, wholeDate } from './dataset-identity.js';
import { fromDay, toDay } from './days.js';
import { type Rng, Weighted } from './prng.js';

export type DatasetKind = 'vaccination' | 'insurance' | 'bank';

/** What a kind of agency dataset looks like: its columns, rows per person, and the kind's own cells. */
export interface KindSpec {
  /** column headers as the agency writes them */
  headers: readonly string[];
  /** rows per person: weights for 1, 2, 3… rows */
  rowsPerPerson: readonly number[];
  style: KindStyle;
  /** the cells of `count` rows of one person, in header order; `stt` is filled in when written */
  rows(rng: Rng, who: Who, count: number, identity: () => IdentityCells): Cell[][];
}

/** Mean of a rows-per-person distribution. */
export const meanRows = (w: readonly number[]) => {
  const total = w.reduce((a, b) => a + b, 0);
  return w.reduce((a, x, i) => a + x * (i + 1), 0) / total;
};

const ddmmyyyy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

const COVID_FROM = toDay('2021-03-08');
const COVID_FIRST_UNTIL = toDay('2022-06-30');
const COVID_VACCINES = new Weighted([
  ['AstraZeneca', 35],
  ['Pfizer-BioNTech', 30],
  ['Vero Cell (Sinopharm)', 20],
  ['Moderna', 10],
  ['Sputnik V', 3],
  ['Abdala', 2],
] as const);
const BOOSTERS = ['Pfizer-BioNTech', 'Moderna', 'AstraZeneca'] as const;
const CHILD_VACCINES = ['Viêm gan B sơ sinh', 'BCG', '5 trong 1 (DPT-VGB-Hib)', 'Bại liệt (OPV)'] as const;

const vaccination: KindSpec = {
  headers: [
    'STT',
    'Họ và tên',
    'Ngày sinh',
    'Giới tính',
    'Số CMND/CCCD',
    'SĐT',
    'Địa chỉ',
    'Mũi tiêm',
    'Ngày tiêm',
    'Loại vắc xin',
  ],
  rowsPerPerson: [15, 35, 35, 15],
  style: { plainUpper: 0 },
  rows(rng, who, count, identity) {
    const born = toDay(wholeDate(who.dob));
    const child = Number(who.dob.slice(0, 4)) >= 2017;
    const out: Cell[][] = [];
    let day = child ? born + rng.between(0, 3) : rng.between(COVID_FROM, COVID_FIRST_UNTIL);
    const first = COVID_VACCINES.draw(rng);
    for (let dose = 1; dose <= count; dose++) {
      const vaccine = child ? CHILD_VACCINES[dose - 1] : dose <= 2 ? first : rng.pick(BOOSTERS);
      const id = identity();
      out.push([
        '',
        id.name,
        id.dob,
        id.sex,
        id.id,
        id.phone,
        id.address,
        String(dose),
        { date: fromDay(day) },
        vaccine as string,
      ]);
      day += child ? rng.between(30, 75) : rng.between(28, 150);
    }
    return out;
  },
};

const CARD_CODES = ['GD', 'DN', 'HT', 'TE', 'HS', 'SV', 'CN', 'NO'] as const;
const cardCode = (rng: Rng, birthYear: number): string => {
  const age = 2025 - birthYear;
  if (age < 6) return 'TE';
  if (age < 18) return 'HS';
  if (age < 23 && rng.chance(0.5)) return 'SV';
  if (age >= 60) return rng.chance(0.6) ? 'HT' : 'GD';
  return rng.pick(CARD_CODES.filter((c) => c === 'GD' || c === 'DN' || c === 'CN' || c === 'NO'));
};

const insurance: KindSpec = {
  headers: [
    'STT',
    'Mã số BHXH',
    'Mã thẻ BHYT',
    'Họ và tên',
    'Ngày sinh',
    'Giới tính',
    'Số CCCD',
    'Địa chỉ',
    'Hạn thẻ từ',
    'Hạn thẻ đến',
  ],
  rowsPerPerson: [60, 30, 10],
  style: { plainUpper: 0 },
  rows(rng, who, count, identity) {
    const social = `${who.pid.slice(1, 3)}${String(rng.int(100_000_000)).padStart(8, '0')}`;
    const birthYear = Number(who.dob.slice(0, 4));
    const out: Cell[][] = [];
    for (let i = 0; i < count; i++) {
      const year = 2025 - count + 1 + i;
      const card = `${cardCode(rng, birthYear)}${rng.between(1, 5)}${who.pid.slice(1, 3)}${social}`;
      const from = Math.max(year, birthYear);
      const id = identity();
      out.push([
        '',
        social,
        card,
        id.name,
        id.dob,
        id.sex,
        id.id,
        id.address,
        `01/01/${from}`,
        `31/12/${year}`,
      ]);
    }
    return out;
  },
};

const bank: KindSpec = {
  headers: [
    'STT',
    'Số tài khoản',
    'Tên khách hàng',
    'Ngày sinh',
    'Giới tính',
    'Số giấy tờ tùy thân',
    'SĐT',
    'Địa chỉ',
    'Ngày mở tài khoản',
  ],
  rowsPerPerson: [70, 22, 8],
  style: { plainUpper: 0.6 },
  rows(rng, who, count, identity) {
    const out: Cell[][] = [];
    const earliest = Math.max(toDay('2008-01-01'), toDay(wholeDate(who.dob)) + 15 * 365);
    const latest = toDay('2025-12-31');
    for (let i = 0; i < count; i++) {
      const account =
        String(rng.between(1, 9)) +
        String(rng.int(1_000_000_000)).padStart(9, '0') +
        (rng.chance(0.5) ? String(rng.int(10_000)).padStart(4, '0') : '');
      const opened = earliest < latest ? ddmmyyyy(fromDay(rng.between(earliest, latest))) : '';
      const id = identity();
      out.push(['', account, id.name, id.dob, id.sex, id.id, id.phone, id.address, opened]);
    }
    return out;
  },
};

export const KINDS: Readonly<Record<DatasetKind, KindSpec>> = { vaccination, insurance, bank };
