import type { Region } from './provinces.js';

/**
 * Vietnamese family names (họ) with shares in percent. National shares commonly cited
 * from surveys and registry statistics: Nguyễn ≈ 38 %, Trần ≈ 11 %, Lê ≈ 9.5 %, Phạm ≈ 7 %,
 * Hoàng/Huỳnh ≈ 5 %, Phan ≈ 4.5 %, Vũ/Võ ≈ 3.9 %, Đặng ≈ 2.1 %, Bùi ≈ 2 %, Đỗ ≈ 1.4 %,
 * Hồ ≈ 1.3 %, Ngô ≈ 1.3 %, Dương ≈ 1 %, Lý ≈ 0.5 %, many others for the rest. Hoàng is
 * pronounced and written Huỳnh and Vũ as Võ mostly in the South; the regional tables
 * split them accordingly.
 */
const COMMON: readonly (readonly [string, number])[] = [
  ['Nguyễn', 38],
  ['Trần', 11],
  ['Lê', 9.5],
  ['Phạm', 7],
  ['Phan', 4.5],
  ['Đặng', 2.1],
  ['Bùi', 2],
  ['Đỗ', 1.4],
  ['Hồ', 1.3],
  ['Ngô', 1.3],
  ['Dương', 1],
  ['Lý', 0.5],
];

/**
 * The rest, spread over less frequent names; set below 10.5 % because ethnic minorities'
 * own family names (ETHNIC_FAMILY_NAMES) make up the difference nationally.
 */
const OTHERS = [
  'Trương',
  'Đinh',
  'Lâm',
  'Mai',
  'Lưu',
  'Đoàn',
  'Tạ',
  'Cao',
  'Hà',
  'Thái',
  'Tô',
  'Kiều',
  'Quách',
  'Châu',
  'Tăng',
  'Lương',
  'Triệu',
  'Khổng',
  'La',
  'Phùng',
  'Chu',
  'Đào',
  'Tôn',
  'Hứa',
  'Thân',
  'Mạc',
  'Từ',
  'Giang',
  'Âu',
  'Diệp',
  'Bạch',
  'Khúc',
  'Vương',
  'Nghiêm',
  'Tống',
  'Kim',
  'Đàm',
  'Lạc',
  'Văn',
  'Ninh',
  'Trịnh',
  'Hàn',
  'Lại',
  'Quan',
  'Viên',
  'Doãn',
  'Ông',
  'Cù',
  'Kha',
  'Tiêu',
] as const;

const split = (hoang: number, huynh: number, vu: number, vo: number) => [
  ['Hoàng', hoang] as const,
  ['Huỳnh', huynh] as const,
  ['Vũ', vu] as const,
  ['Võ', vo] as const,
];

const table = (hoangHuynhVuVo: (readonly [string, number])[]) => [
  ...COMMON,
  ...hoangHuynhVuVo,
  ...OTHERS.map((n) => [n, 4 / OTHERS.length] as const),
];

/** Family-name weights of the Kinh majority, by region. */
export const FAMILY_NAMES: Readonly<Record<Region, readonly (readonly [string, number])[]>> = {
  north: table(split(4.9, 0.1, 3.7, 0.2)),
  central: table(split(3.2, 1.8, 1.4, 2.5)),
  south: table(split(1.0, 4.0, 0.4, 3.5)),
};

/** Family names of some ethnic groups whose naming differs from the Kinh. */
export const ETHNIC_FAMILY_NAMES: Readonly<Record<string, readonly string[]>> = {
  "H'Mông": ['Giàng', 'Sùng', 'Vàng', 'Thào', 'Lầu', 'Hờ', 'Mùa', 'Lý', 'Vừ', 'Hạng'],
  Khmer: ['Thạch', 'Sơn', 'Danh', 'Kim', 'Lâm', 'Châu', 'Lý', 'Trà'],
  Thái: ['Lò', 'Cầm', 'Quàng', 'Lường', 'Điêu', 'Vì', 'Tòng', 'Hà'],
  Tày: ['Nông', 'Hoàng', 'Lục', 'Hà', 'Lương', 'Triệu', 'Ma', 'Lăng', 'Nguyễn'],
  Nùng: ['Nông', 'Hoàng', 'Lục', 'Lăng', 'Vi', 'Chu', 'Triệu', 'Nguyễn'],
  Dao: ['Triệu', 'Bàn', 'Đặng', 'Lý', 'Phùng', 'Chảo'],
  'Gia Rai': ['Siu', 'Ksor', 'Nay', 'Rơ Mah', 'Kpă', 'Rơ Châm'],
  'Ê Đê': ['Niê', 'Mlô', 'Êban', 'Byă', 'Ktla', 'Adrơng'],
  Mường: ['Bùi', 'Đinh', 'Quách', 'Hà', 'Xa', 'Bạch'],
  Chăm: ['Từ', 'Châu', 'Đạo', 'Lưu', 'Thành', 'Quảng'],
};
