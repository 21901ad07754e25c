import { ApiError } from '../../api.js';
import { splitErrors } from '../../form-errors.js';
import { fieldMessage } from '../../format.js';

/** Vietnamese messages of the exchange, audit and events problems that belong to one field. */
const FIELD_OF_CODE: Record<string, [field: string, message: string]> = {
  'exchange.agency_exists': ['code', 'Mã này đã được dùng cho một cơ quan khác.'],
  'exchange.invalid_kind': ['kind', 'Loại cơ quan không hợp lệ.'],
  'exchange.purpose_not_found': ['purpose', 'Không có mục đích này.'],
};

const MESSAGES: [RegExp, string][] = [
  [/a private key was sent/i, 'Đây là khóa bí mật. Chỉ gửi khóa công khai (không có trường "d").'],
  [/kty must be/i, 'Loại khóa (kty) phải là EC, RSA hoặc OKP.'],
  [/not an object/i, 'Mỗi khóa phải là một đối tượng JSON.'],
  [/must be integer|must be number/i, 'Phải là số nguyên.'],
  [/must be >= 0/i, 'Phải lớn hơn hoặc bằng 0.'],
  [/must be at least (\d+)/i, 'Không được nhỏ hơn vị trí bắt đầu.'],
  [/not an ISO 8601 date-time/i, 'Không phải ngày giờ hợp lệ.'],
];

const say = (message: string) => MESSAGES.find(([re]) => re.test(message))?.[1] ?? fieldMessage(message);

/**
 * The API error's problems sorted onto a form's fields: schema errors by path (a problem
 * on a nested path such as "jwks.keys.0" goes to the form field "jwks"), and the domain
 * codes that name one field (e.g. a duplicate agency code). `rest` is for the banner.
 */
export function formErrors(error: unknown, fields: readonly string[]) {
  const split = splitErrors(error, fields);
  const byField: Record<string, string> = {};
  for (const [f, m] of Object.entries(split.byField)) byField[f] = say(m);
  const rest = split.rest.filter((e) => {
    const path = e.field.replace(/^body\.?/, '');
    const parent = fields.find((f) => path.startsWith(`${f}.`));
    if (!parent) return true;
    byField[parent] ??= say(e.message);
    return false;
  });
  if (error instanceof ApiError) {
    const known = FIELD_OF_CODE[error.code];
    if (known && fields.includes(known[0])) byField[known[0]] ??= known[1];
  }
  return { byField, rest, hasFieldErrors: Object.keys(byField).length > 0 };
}
