/**
 * Material for made-up address lines: street names (famous people and places used for
 * streets all over Vietnam) and village words. Combined at random, they name no real house.
 */
export const STREETS = [
  'Lê Lợi',
  'Trần Hưng Đạo',
  'Nguyễn Trãi',
  'Hai Bà Trưng',
  'Lý Thường Kiệt',
  'Quang Trung',
  'Nguyễn Huệ',
  'Phan Bội Châu',
  'Phan Chu Trinh',
  'Lê Duẩn',
  'Hùng Vương',
  'Trần Phú',
  'Ngô Quyền',
  'Lê Thánh Tông',
  'Nguyễn Du',
  'Điện Biên Phủ',
  'Võ Thị Sáu',
  'Hoàng Diệu',
  'Bà Triệu',
  'Nguyễn Văn Cừ',
  'Lê Hồng Phong',
  'Tôn Đức Thắng',
  'Nguyễn Thị Minh Khai',
  'Cách Mạng Tháng Tám',
  'Trường Chinh',
  'Lạc Long Quân',
  'Âu Cơ',
  'Chu Văn An',
  'Lý Tự Trọng',
  'Hàm Nghi',
  'Đinh Tiên Hoàng',
  'Yết Kiêu',
  'Bạch Đằng',
  'Phạm Ngũ Lão',
  'Nguyễn Công Trứ',
] as const;

/** Words for rural address parts: thôn, xóm, ấp, bản, buôn, tổ. */
export const VILLAGE_WORDS = {
  north: ['Thôn', 'Xóm', 'Tổ dân phố'],
  central: ['Thôn', 'Xóm', 'Tổ dân phố'],
  south: ['Ấp', 'Khu phố', 'Tổ'],
  mountain: ['Bản', 'Thôn', 'Buôn'],
} as const;
