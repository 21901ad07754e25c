/** Vietnamese labels of the exchange's agency kinds, operations and fields. */

export const AGENCY_KINDS: Record<string, string> = {
  ministry: 'Bộ, ngành',
  province: 'Tỉnh, thành phố',
  hospital: 'Bệnh viện',
  bank: 'Ngân hàng',
  insurer: 'Bảo hiểm',
  other: 'Khác',
};

export const OPERATIONS: Record<string, string> = {
  verify: 'Xác thực (khớp / không khớp)',
  lookup: 'Tra cứu thông tin',
  bulk_verify: 'Xác thực hàng loạt',
  subscribe: 'Nhận sự kiện thay đổi',
};

export const FIELDS: Record<string, string> = {
  fullName: 'Họ và tên',
  dateOfBirth: 'Ngày sinh',
  sex: 'Giới tính',
  placeOfBirth: 'Nơi sinh',
  homeTown: 'Quê quán',
  ethnicity: 'Dân tộc',
  nationality: 'Quốc tịch',
  permanentResidence: 'Nơi thường trú',
  temporaryResidence: 'Nơi tạm trú',
  status: 'Tình trạng',
  dateOfDeath: 'Ngày mất',
  cardStatus: 'Trạng thái thẻ căn cước',
  parents: 'Cha, mẹ',
  household: 'Hộ gia đình',
};

const label = (table: Record<string, string>) => (key: string) => table[key] ?? key;
export const kindLabel = label(AGENCY_KINDS);
export const operationLabel = label(OPERATIONS);
export const fieldLabel = label(FIELDS);

export const clientStatusLabel = label({ active: 'Đang hoạt động', suspended: 'Tạm ngừng' });
