/** Vietnamese labels and number formats for the cleaning screens. */
import type { JobStatus } from './cleaning-api.js';

const label =
  (table: Record<string, string>) =>
  (key: string | undefined | null): string =>
    key ? (table[key] ?? key) : '—';

export const JOB_STATUS: Record<JobStatus, string> = {
  queued: 'Đang chờ',
  importing: 'Đang đọc tệp',
  linking: 'Đang đối chiếu',
  resolving: 'Đang gom bản ghi trùng',
  done: 'Hoàn thành',
  failed: 'Lỗi',
  cancelled: 'Đã dừng',
};
export const jobStatusLabel = label(JOB_STATUS);

/** The badge class of a job status. */
export const jobStatusClass = (s: JobStatus) =>
  s === 'done' ? 'badge-ok' : s === 'failed' ? 'badge-err' : s === 'cancelled' ? 'badge-muted' : 'badge-run';

export const KINDS: Record<string, string> = {
  vaccination: 'Tiêm chủng',
  insurance: 'Bảo hiểm',
  bank: 'Ngân hàng',
  other: 'Khác',
};
export const kindLabel = label(KINDS);

export const MODES: Record<'registry' | 'dedupe', string> = {
  registry: 'Đối chiếu với CSDL dân cư',
  dedupe: 'Chỉ tìm bản ghi trùng trong tệp',
};
export const modeLabel = label(MODES);

/** Column roles the server knows (src/cleaning/types.ts), in the order a person reads them. */
export const ROLES: Record<string, string> = {
  recordId: 'Mã bản ghi / STT',
  fullName: 'Họ và tên',
  familyName: 'Họ',
  middleName: 'Chữ đệm',
  givenName: 'Tên',
  dateOfBirth: 'Ngày sinh',
  yearOfBirth: 'Năm sinh',
  sex: 'Giới tính',
  idNumber: 'Số CMND/CCCD (9 hoặc 12 số)',
  pid: 'Số định danh cá nhân (12 số)',
  oldId: 'Số CMND cũ (9 số)',
  otherId: 'Số giấy tờ khác (hộ chiếu, mã khách hàng…)',
  phone: 'Số điện thoại',
  address: 'Địa chỉ',
  provinceCode: 'Mã tỉnh',
  communeCode: 'Mã xã',
  ignore: 'Bỏ qua',
};
export const roleLabel = label(ROLES);

export const ROW_STATUS: Record<string, string> = {
  linked: 'Đã khớp',
  review: 'Cần xem xét',
  unmatched: 'Không khớp',
  rejected: 'Bị loại',
  duplicates: 'Trùng lặp',
  inClusters: 'Trùng lặp',
};
export const rowStatusLabel = label(ROW_STATUS);

/** Why a row has its outcome (`reason.code` of a row, src/cleaning/review-reason.ts), in short. */
const REASONS: Record<string, string> = {
  'review.id_disagrees': 'Số giấy tờ không khớp',
  'review.name_disagrees': 'Tên không khớp',
  'review.close_candidates': 'Hai ứng viên gần ngang nhau',
  'review.no_identifier': 'Không có số giấy tờ hay số điện thoại',
  'review.between_thresholds': 'Xác suất nằm giữa hai ngưỡng',
  'review.held': 'Được giữ lại để xem xét',
  'linked.sure': 'Khớp chắc chắn',
  'unmatched.below_lower': 'Xác suất dưới ngưỡng dưới',
  'unmatched.no_candidate': 'Không có ứng viên',
  'unmatched.not_compared': 'Không đối chiếu (chỉ tìm trùng)',
  decided: 'Do người xem xét quyết định',
  rejected: 'Dòng bị loại',
};
export const reasonLabel = label(REASONS);

/** Fields of the linkage model and of disagreements, as a reviewer reads them. */
const FIELDS: Record<string, string> = {
  prior: 'Tiền nghiệm',
  otherId: 'Số giấy tờ khác',
  name: 'Họ tên',
  full: 'Họ tên',
  fullName: 'Họ tên',
  family: 'Họ',
  familyName: 'Họ',
  familyClass: 'Họ (biến thể)',
  middle: 'Chữ đệm',
  middleName: 'Chữ đệm',
  given: 'Tên',
  givenName: 'Tên',
  dob: 'Ngày sinh',
  dateOfBirth: 'Ngày sinh',
  sex: 'Giới tính',
  pid: 'Số định danh',
  oldId: 'CMND cũ',
  oldIds: 'CMND cũ',
  id: 'Số giấy tờ',
  idNumber: 'Số giấy tờ',
  phone: 'Điện thoại',
  unit: 'Địa bàn',
  place: 'Địa bàn',
  address: 'Địa chỉ',
  province: 'Tỉnh',
  commune: 'Xã',
};
export const fieldLabel = label(FIELDS);

/** Comparison levels of the linkage model (src/cleaning/model/model.ts), as a reviewer reads them. */
const LEVELS: Record<string, string> = {
  prior: 'xác suất ban đầu',
  exact: 'trùng khớp',
  same: 'trùng khớp',
  diacritics: 'khác dấu',
  variant: 'biến thể họ',
  partial: 'khớp một phần',
  initial: 'chữ cái đầu',
  swapped: 'đảo ngày/tháng',
  'year+month': 'cùng tháng, năm',
  'day+month': 'cùng ngày, tháng',
  year: 'cùng năm',
  'year±1': 'lệch 1 năm',
  'one-edit': 'sai 1 chữ số',
  commune: 'cùng xã',
  province: 'cùng tỉnh',
  other: 'khác',
  missing: 'thiếu',
};
/** 'jw>=0.92' → 'gần giống (≥ 0,92)'; known levels in Vietnamese; others as sent. */
export function levelLabel(level: string): string {
  const jw = /^jw>=([0-9.]+)$/.exec(level);
  if (jw) return `gần giống (≥ ${jw[1]!.replace('.', ',')})`;
  return LEVELS[level] ?? level;
}

const TIMINGS: Record<string, string> = {
  importMs: 'Đọc và chuẩn hóa tệp',
  referenceMs: 'Nạp dữ liệu dân cư để so khớp',
  trainMs: 'Ước lượng mô hình',
  linkMs: 'Đối chiếu',
  resolveMs: 'Gom trùng và tổng hợp',
  matchComputeMs: 'Thời gian tính của các luồng so khớp',
  referenceSize: 'Số người trong tập so khớp',
  comparisons: 'Số cặp đã so sánh',
};
export const timingLabel = label(TIMINGS);

const nf = new Intl.NumberFormat('vi-VN');
/** 1234567 → '1.234.567'. */
export const num = (n: number | null | undefined) => (n === null || n === undefined ? '—' : nf.format(n));

/** 0.1234 → '12,3%'. */
export const pct = (x: number | null | undefined, digits = 1) =>
  x === null || x === undefined || Number.isNaN(x)
    ? '—'
    : `${new Intl.NumberFormat('vi-VN', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x * 100)}%`;

/** A duration in milliseconds as a person reads it: '850 ms', '4,2 giây', '3 phút 12 giây'. */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 }).format(s)} giây`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} phút ${Math.round(s - m * 60)} giây`;
  return `${Math.floor(m / 60)} giờ ${m % 60} phút`;
}

/** A timing entry: durations for `…Ms` keys, plain numbers otherwise. */
export const timingValue = (key: string, v: number) => (key.endsWith('Ms') ? duration(v) : num(v));

/** Bytes as '12,5 MB'. */
export function bytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${new Intl.NumberFormat('vi-VN', { maximumFractionDigits: i === 0 ? 0 : 1 }).format(v)} ${units[i]}`;
}

/** A match weight in bits with its sign: '+3,2', '−1,5'. */
export const signed = (w: number) =>
  `${w >= 0 ? '+' : '−'}${new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Math.abs(w))}`;
