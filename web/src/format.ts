/** Vietnamese labels and formats for what the API returns. */

/** 'YYYY-MM-DD' → 'dd/mm/yyyy'; 'YYYY-MM' → 'mm/yyyy'; 'YYYY' → 'năm yyyy'. */
export function formatDate(d: string | null | undefined): string {
  if (!d) return '—';
  const [y, m, day] = d.slice(0, 10).split('-');
  if (day) return `${day}/${m}/${y}`;
  if (m) return `${m}/${y}`;
  return `năm ${y}`;
}

/** A partial ISO date as a clerk types it: 'dd/mm/yyyy', 'mm/yyyy' or 'yyyy' (inverse of {@link parseDateInput}). */
export function dateToInput(d: string): string {
  const [y, m, day] = d.split('-');
  return [day, m, y].filter(Boolean).join('/');
}

/** An ISO timestamp as 'dd/mm/yyyy hh:mm' in local time. */
export function formatDateTime(iso: string | undefined): string {
  if (!iso) return '—';
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(t.getDate())}/${p(t.getMonth() + 1)}/${t.getFullYear()} ${p(t.getHours())}:${p(t.getMinutes())}`;
}

/**
 * What a clerk types ('dd/mm/yyyy', 'mm/yyyy', 'yyyy' or ISO) → the API's partial date.
 * Returns undefined when the text is not a date in one of these forms.
 */
export function parseDateInput(text: string, allowPartial = true): string | undefined {
  const s = text.trim();
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m) return `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return s;
  if (!allowPartial) return undefined;
  m = /^(\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m) return `${m[2]}-${m[1]!.padStart(2, '0')}`;
  m = /^(\d{4})(-\d{2})?$/.exec(s);
  if (m) return s;
  return undefined;
}

/** Today as YYYY-MM-DD in local time. */
export function today(): string {
  const t = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())}`;
}

const label =
  (table: Record<string, string>) =>
  (key: string | undefined | null): string =>
    key ? (table[key] ?? key) : '—';

export const sexLabel = label({ male: 'Nam', female: 'Nữ' });
export const statusLabel = label({ alive: 'Còn sống', deceased: 'Đã mất' });
export const roleLabel = label({
  admin: 'Quản trị',
  clerk: 'Cán bộ đăng ký',
  viewer: 'Chỉ xem',
  data_officer: 'Cán bộ dữ liệu',
});

export const RELATIONS: Record<string, string> = {
  head: 'Chủ hộ',
  spouse: 'Vợ/chồng',
  child: 'Con',
  parent: 'Cha/mẹ',
  grandchild: 'Cháu',
  grandparent: 'Ông/bà',
  sibling: 'Anh/chị/em',
  child_in_law: 'Con dâu/con rể',
  relative: 'Họ hàng',
  other: 'Khác',
};
export const relationLabel = label(RELATIONS);

export const cardStatusLabel = label({
  valid: 'Còn hiệu lực',
  expired: 'Hết hạn',
  lost: 'Đã báo mất',
  revoked: 'Đã thu hồi',
  replaced: 'Đã thay thế',
  holder_deceased: 'Người mang thẻ đã mất',
});

export const residenceKindLabel = label({ permanent: 'Thường trú', temporary: 'Tạm trú' });

export const DOCUMENT_KINDS: Record<string, string> = {
  birth_certificate: 'Giấy khai sinh',
  residence_application: 'Tờ khai thay đổi thông tin cư trú (CT01)',
  death_certificate: 'Trích lục khai tử',
  court_decision: 'Quyết định của Tòa án',
  marriage_certificate: 'Giấy chứng nhận kết hôn',
  card_application: 'Tờ khai căn cước (CC01)',
  correction_application: 'Đơn đề nghị điều chỉnh thông tin',
};
export const documentKindLabel = label(DOCUMENT_KINDS);

const EVENT_TYPES: Record<string, string> = {
  birth_registered: 'Đăng ký khai sinh',
  residence_registered: 'Đăng ký cư trú',
  residence_ended: 'Xóa đăng ký cư trú',
  death_registered: 'Đăng ký khai tử',
  details_corrected: 'Điều chỉnh thông tin',
  card_issued: 'Cấp thẻ căn cước',
  card_status_changed: 'Thay đổi trạng thái thẻ',
  old_id_linked: 'Liên kết số CMND cũ',
  marriage_registered: 'Đăng ký kết hôn',
};

/** The event type in Vietnamese; residence events name their kind. */
export function eventLabel(type: string, data: Record<string, unknown> = {}): string {
  if (type === 'residence_registered') {
    if (data.kind === 'permanent') return 'Đăng ký thường trú';
    if (data.kind === 'temporary') return 'Đăng ký tạm trú';
  }
  if (type === 'residence_ended') {
    if (data.kind === 'permanent') return 'Xóa đăng ký thường trú';
    if (data.kind === 'temporary') return 'Xóa đăng ký tạm trú';
  }
  return EVENT_TYPES[type] ?? type;
}

/** The actor id as a person reads it: 'operator:lan' → 'lan'. */
export const actorLabel = (actor: string) =>
  actor.replace(/^operator:/, '').replace(/^system:/, 'hệ thống: ');

/** Field messages from the API (JSON Schema checks and registry rules) in Vietnamese; others as sent. */
const MESSAGES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/required property/i, () => 'Bắt buộc nhập.'],
  [/must match pattern/i, () => 'Không đúng định dạng.'],
  [/must NOT have fewer than 1 characters/i, () => 'Bắt buộc nhập.'],
  [/must NOT have more than (\d+) characters/i, (m) => `Quá dài (tối đa ${m[1]} ký tự).`],
  [
    /must be equal to one of|must match a schema in anyOf|must be equal to constant/i,
    () => 'Giá trị không hợp lệ.',
  ],
  [/is in the future/i, () => 'Ngày không được ở tương lai.'],
  [/is not a real calendar date/i, () => 'Ngày không có thật trên lịch.'],
  [/^unknown unit code (\S+)/i, (m) => `Không có đơn vị hành chính mã ${m[1]}.`],
  [/^unknown province (\S+)/i, (m) => `Không có tỉnh/thành phố mã ${m[1]}.`],
  [/^no person (\d+)/i, (m) => `Không có công dân mang số định danh ${m[1]}.`],
  [/^no other person (\d+)/i, (m) => `Không có công dân khác mang số định danh ${m[1]}.`],
  [
    /^born (\S+), the child (\S+)/i,
    (m) => `Sinh ${formatDate(m[1])}, không lớn tuổi hơn con (${formatDate(m[2])}).`,
  ],
  [/^before the date of birth/i, () => 'Trước ngày sinh.'],
  [/^no household (\S+)/i, (m) => `Không có hộ gia đình mã ${m[1]}.`],
  [/^required when joining a household/i, () => 'Bắt buộc khi nhập vào hộ đã có.'],
  [/^only for permanent residence/i, () => 'Chỉ dùng cho đăng ký thường trú.'],
  [/^not together with householdId/i, () => 'Không được vừa lập hộ mới vừa nhập hộ.'],
  [/^the household is in unit (\S+)/i, (m) => `Hộ gia đình ở đơn vị mã ${m[1]}, khác nơi đã chọn.`],
];

export function fieldMessage(message: string): string {
  for (const [re, say] of MESSAGES) {
    const m = re.exec(message);
    if (m) return say(m);
  }
  return message;
}
