/**
 * The 63 pre-2025 provinces with approximate population (thousands, GSO statistical
 * yearbook figures of the early 2020s, rounded), a broad region (for name variants) and an
 * ethnic profile (see ethnicities.ts). Also the 2025 merger (Nghị quyết 202/2025/QH15):
 * which of the 34 provinces each old province became.
 */
export type Region = 'north' | 'central' | 'south';
export type EthnicProfile =
  | 'plain'
  | 'northwest'
  | 'northeast'
  | 'muong'
  | 'highlands'
  | 'khmer'
  | 'cham'
  | 'city_south';

export interface ProvinceFacts {
  code: string;
  thousands: number;
  region: Region;
  profile: EthnicProfile;
  /** 2025 province code it became part of. */
  successor: string;
}

const P = (
  code: string,
  thousands: number,
  region: Region,
  profile: EthnicProfile,
  successor: string,
): ProvinceFacts => ({ code, thousands, region, profile, successor });

export const PROVINCE_FACTS: readonly ProvinceFacts[] = [
  P('01', 8587, 'north', 'plain', '01'),
  P('02', 899, 'north', 'northwest', '08'),
  P('04', 543, 'north', 'northeast', '04'),
  P('06', 326, 'north', 'northeast', '19'),
  P('08', 805, 'north', 'northeast', '08'),
  P('10', 770, 'north', 'northwest', '15'),
  P('11', 640, 'north', 'northwest', '11'),
  P('12', 482, 'north', 'northwest', '12'),
  P('14', 1300, 'north', 'northwest', '14'),
  P('15', 847, 'north', 'northwest', '15'),
  P('17', 876, 'north', 'muong', '25'),
  P('19', 1335, 'north', 'northeast', '19'),
  P('20', 802, 'north', 'northeast', '20'),
  P('22', 1380, 'north', 'plain', '22'),
  P('24', 1922, 'north', 'northeast', '24'),
  P('25', 1517, 'north', 'muong', '25'),
  P('26', 1210, 'north', 'plain', '25'),
  P('27', 1517, 'north', 'plain', '24'),
  P('30', 1956, 'north', 'plain', '31'),
  P('31', 2106, 'north', 'plain', '31'),
  P('33', 1300, 'north', 'plain', '33'),
  P('34', 1880, 'north', 'plain', '33'),
  P('35', 878, 'north', 'plain', '37'),
  P('36', 1876, 'north', 'plain', '37'),
  P('37', 1020, 'north', 'plain', '37'),
  P('38', 3760, 'central', 'muong', '38'),
  P('40', 3440, 'central', 'plain', '40'),
  P('42', 1330, 'central', 'plain', '42'),
  P('44', 916, 'central', 'plain', '44'),
  P('45', 650, 'central', 'plain', '44'),
  P('46', 1166, 'central', 'plain', '46'),
  P('48', 1245, 'central', 'plain', '48'),
  P('49', 1520, 'central', 'plain', '48'),
  P('51', 1250, 'central', 'plain', '51'),
  P('52', 1505, 'central', 'plain', '52'),
  P('54', 880, 'central', 'plain', '66'),
  P('56', 1260, 'central', 'plain', '56'),
  P('58', 600, 'central', 'cham', '56'),
  P('60', 1260, 'central', 'cham', '68'),
  P('62', 580, 'central', 'highlands', '51'),
  P('64', 1590, 'central', 'highlands', '52'),
  P('66', 1920, 'central', 'highlands', '66'),
  P('67', 680, 'central', 'highlands', '68'),
  P('68', 1330, 'central', 'highlands', '68'),
  P('70', 1030, 'south', 'plain', '75'),
  P('72', 1190, 'south', 'plain', '80'),
  P('74', 2763, 'south', 'city_south', '79'),
  P('75', 3310, 'south', 'city_south', '75'),
  P('77', 1190, 'south', 'plain', '79'),
  P('79', 9456, 'south', 'city_south', '79'),
  P('80', 1735, 'south', 'plain', '80'),
  P('82', 1790, 'south', 'plain', '82'),
  P('83', 1300, 'south', 'plain', '86'),
  P('84', 1020, 'south', 'khmer', '86'),
  P('86', 1030, 'south', 'plain', '86'),
  P('87', 1600, 'south', 'plain', '82'),
  P('89', 1910, 'south', 'khmer', '91'),
  P('91', 1760, 'south', 'khmer', '91'),
  P('92', 1260, 'south', 'city_south', '92'),
  P('93', 730, 'south', 'plain', '92'),
  P('94', 1200, 'south', 'khmer', '92'),
  P('95', 920, 'south', 'khmer', '96'),
  P('96', 1210, 'south', 'plain', '96'),
];

/** Where people move for work (temporary residence): pre-2025 codes and weights. */
export const WORK_DESTINATIONS: readonly (readonly [string, number])[] = [
  ['79', 40],
  ['01', 30],
  ['74', 12],
  ['75', 8],
  ['48', 4],
  ['27', 3],
  ['31', 3],
];
