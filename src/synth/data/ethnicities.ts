import type { EthnicProfile } from './provinces.js';

/**
 * Ethnic groups (names as on ID cards) with shares by ethnic profile of the province,
 * after the 2019 census: nationally Kinh ≈ 85.3 %, Tày 1.9 %, Thái 1.9 %, Mường 1.5 %,
 * H'Mông 1.5 %, Khmer 1.4 %, Nùng 1.1 %, Dao 0.9 %, Hoa 0.8 %, Gia Rai 0.5 %, Ê Đê 0.4 %,
 * Ba Na 0.3 %, Sán Chay, Chăm, Cơ Ho, Xơ Đăng… The profile weights below reproduce that
 * mix when provinces are drawn by population.
 */
export const ETHNICITY_BY_PROFILE: Readonly<Record<EthnicProfile, readonly (readonly [string, number])[]>> = {
  plain: [
    ['Kinh', 98.6],
    ['Hoa', 0.4],
    ['Tày', 0.3],
    ['Mường', 0.3],
    ['Nùng', 0.2],
    ['Thái', 0.2],
  ],
  northwest: [
    ['Kinh', 22],
    ['Thái', 28],
    ["H'Mông", 27],
    ['Dao', 9],
    ['Tày', 6],
    ['Giáy', 2],
    ['Hà Nhì', 2],
    ['Khơ Mú', 2],
    ['Mường', 2],
  ],
  northeast: [
    ['Kinh', 52],
    ['Tày', 22],
    ['Nùng', 12],
    ['Dao', 6],
    ['Sán Chay', 3],
    ["H'Mông", 3],
    ['Sán Dìu', 2],
  ],
  muong: [
    ['Kinh', 76],
    ['Mường', 19],
    ['Thái', 3],
    ['Dao', 1],
    ['Tày', 1],
  ],
  highlands: [
    ['Kinh', 66],
    ['Gia Rai', 10],
    ['Ê Đê', 8],
    ['Ba Na', 5],
    ['Xơ Đăng', 3],
    ['Cơ Ho', 3],
    ['Mnông', 2],
    ['Tày', 1.5],
    ['Nùng', 1.5],
  ],
  khmer: [
    ['Kinh', 70],
    ['Khmer', 27],
    ['Hoa', 2.5],
    ['Chăm', 0.5],
  ],
  cham: [
    ['Kinh', 84],
    ['Chăm', 11],
    ['Raglai', 4],
    ['Hoa', 1],
  ],
  city_south: [
    ['Kinh', 93],
    ['Hoa', 5],
    ['Khmer', 0.8],
    ['Tày', 0.4],
    ['Nùng', 0.4],
    ['Chăm', 0.4],
  ],
};
