/**
 * Middle names (tên đệm) and given names (tên) by sex and birth cohort, compiled from
 * common knowledge of Vietnamese naming: Văn and Thị dominate older cohorts; children
 * born since 2000 more often get Minh, Ngọc, Gia, Bảo, Khánh, Anh… and given names such
 * as Khang, Huy, Ngân, Vy. Weights are rough relative frequencies.
 */
export type Cohort = 'old' | 'mid' | 'young';

/** Cohort of a birth year: before 1975, 1975–1999, 2000 and later. */
export const cohortOf = (birthYear: number): Cohort =>
  birthYear < 1975 ? 'old' : birthYear < 2000 ? 'mid' : 'young';

type Weights = readonly (readonly [string, number])[];

export const MIDDLE_NAMES: Readonly<Record<'male' | 'female', Record<Cohort, Weights>>> = {
  male: {
    old: [
      ['Văn', 62],
      ['Đức', 7],
      ['Hữu', 7],
      ['Quang', 5],
      ['Công', 5],
      ['Xuân', 4],
      ['Minh', 4],
      ['Đình', 4],
      ['Ngọc', 2],
    ],
    mid: [
      ['Văn', 38],
      ['Minh', 9],
      ['Đức', 8],
      ['Quốc', 7],
      ['Thành', 6],
      ['Hoàng', 6],
      ['Hữu', 6],
      ['Anh', 5],
      ['Tuấn', 4],
      ['Thanh', 4],
      ['Trọng', 4],
      ['Công', 3],
    ],
    young: [
      ['Minh', 16],
      ['Văn', 12],
      ['Gia', 11],
      ['Đức', 9],
      ['Hoàng', 8],
      ['Bảo', 8],
      ['Quốc', 7],
      ['Anh', 6],
      ['Tuấn', 5],
      ['Nhật', 5],
      ['Khánh', 4],
      ['Đăng', 4],
      ['Trung', 3],
      ['Phúc', 2],
    ],
  },
  female: {
    old: [
      ['Thị', 78],
      ['Ngọc', 5],
      ['Thu', 4],
      ['Kim', 4],
      ['Thanh', 4],
      ['Xuân', 3],
      ['Hồng', 2],
    ],
    mid: [
      ['Thị', 52],
      ['Ngọc', 8],
      ['Thu', 7],
      ['Thanh', 7],
      ['Minh', 5],
      ['Hồng', 5],
      ['Phương', 4],
      ['Kim', 4],
      ['Mai', 4],
      ['Hải', 4],
    ],
    young: [
      ['Ngọc', 14],
      ['Thị', 13],
      ['Bảo', 10],
      ['Khánh', 10],
      ['Minh', 9],
      ['Gia', 8],
      ['Phương', 7],
      ['Thảo', 6],
      ['Hà', 5],
      ['Quỳnh', 5],
      ['Mai', 5],
      ['Thùy', 4],
      ['Anh', 4],
    ],
  },
};

const w = (names: string, weight = 1): [string, number][] =>
  names.split(' ').map((n) => [n.replaceAll('_', ' '), weight]);

export const GIVEN_NAMES: Readonly<Record<'male' | 'female', Record<Cohort, Weights>>> = {
  male: {
    old: [
      ...w('Hùng Dũng Thắng Hải Sơn Bình Minh Tuấn Hòa Thành Long Quang Cường Tâm Hiếu', 3),
      ...w('Phúc Lộc Thọ Tài Đức Nam Trung Kiên Toàn Lâm Hưng Chiến Lợi Vinh Thanh Hiền Khải Phong Quý Tùng'),
      ...w('Đông Hậu Nghĩa Tín Tiến Thuận Xuân Thịnh Sáu Bảy Tư Năm Ba Tám Mười Chín Út'),
    ],
    mid: [
      ...w('Tuấn Hùng Dũng Cường Thắng Hải Sơn Long Nam Minh Trung Hiếu Quân Tùng', 3),
      ...w('Hoàng Huy Khoa Phong Thành Tâm Toàn Vinh Việt Tú Hưng Đức Linh Hòa Lâm Khánh Trí Tiến Phúc Thái'),
      ...w('Quyết Thịnh Tài Lực Định Bình Chung Duy Giang Hà Hậu Kiên Lộc Nghĩa Nhân Quang Sang Thanh Tín'),
    ],
    young: [
      ...w('Huy Khang Minh Nam Phúc Bảo Khôi Long Quân Đức Anh Tuấn', 3),
      ...w('Khoa Hưng Hiếu Kiên Lâm Phong Tú Thành Trí Tài Vinh Hoàng Duy Đạt Hải Nhật Thiện Thịnh Sơn Tùng'),
      ...w(
        'An Danh Hào Khải Kiệt Lộc Nguyên Phát Quang Quý Sang Thắng Tín Toàn Trung Việt Vũ Dương Đăng Hiển',
      ),
    ],
  },
  female: {
    old: [
      ...w('Lan Hoa Hương Mai Hồng Hà Thủy Loan Nga Hạnh Liên Tuyết Cúc Đào', 3),
      ...w('Bích Dung Hằng Hiền Huệ Lệ Liễu Lý Nhung Oanh Phượng Sen Tâm Thảo Thoa Thu Vân Xuân Yến Hảo'),
      ...w('Ba Tư Năm Sáu Bảy Tám Chín Mười Út Lài Lựu Mận Nụ Thắm Tươi'),
    ],
    mid: [
      ...w('Hương Lan Linh Trang Hà Thảo Hằng Huyền Nga Phương Hạnh Mai Thủy Dung', 3),
      ...w(
        'Anh Chi Diệp Giang Hiền Hoa Hồng Hòa Liên Loan Ly Nhung Oanh Quyên Quỳnh Tâm Thanh Thu Trinh Vân',
      ),
      ...w('Yến Bích Duyên Hậu Huệ Khánh Lệ Lý My Ngân Nhàn Nhi Phượng Sương Thoa Thúy Tuyết Uyên Xuân Vy'),
    ],
    young: [
      ...w('Anh Linh Ngân Vy Trang Nhi Hân Thư Hà My Chi Phương', 3),
      ...w('An Châu Diệp Giang Hằng Huyền Khánh Lam Ly Mai Ngọc Nhiên Như Quyên Tâm Thảo Trâm Uyên Vân Yến'),
      ...w('Băng Cát Dương Đan Hạ Hoa Hương Kim Lan Loan Mẫn Nguyệt Nhã Oanh Quỳnh San Thanh Thủy Tiên Tú'),
    ],
  },
};

/** Given names of H'Mông men and women (a few frequent ones); the middle name is "A" / "Thị". */
export const HMONG_GIVEN: Readonly<Record<'male' | 'female', readonly string[]>> = {
  male: ['Páo', 'Sình', 'Chứ', 'Dình', 'Lử', 'Pó', 'Sùng', 'Tủa', 'Vả', 'Chình', 'Nhà', 'Súa'],
  female: ['Mỷ', 'Súa', 'Dợ', 'Mai', 'Sua', 'Chu', 'Pàng', 'Say', 'Dung', 'Làu', 'Xí', 'Máy'],
};
