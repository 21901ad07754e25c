import { badRequest } from '../../shared/errors.js';
import { foldName } from '../../units/index.js';
import type { ColumnMapping, ColumnRole } from '../types.js';

/** Every column role, in the order a person reads them. */
export const COLUMN_ROLES: readonly ColumnRole[] = [
  'recordId',
  'fullName',
  'familyName',
  'middleName',
  'givenName',
  'dateOfBirth',
  'yearOfBirth',
  'sex',
  'idNumber',
  'pid',
  'oldId',
  'phone',
  'address',
  'provinceCode',
  'communeCode',
  'ignore',
];

/** Folded header → role, for headers written exactly so (diacritics, case and punctuation ignored). */
const EXACT: Record<string, ColumnRole> = {};
const add = (role: ColumnRole, ...names: string[]) => {
  for (const n of names) EXACT[n] = role;
};
add(
  'recordId',
  'stt',
  'so tt',
  'so thu tu',
  'tt',
  'id',
  'ma',
  'ma ho so',
  'ma ban ghi',
  'record id',
  'no',
  'ma khach hang',
  'ma kh',
);
add(
  'fullName',
  'ho va ten',
  'ho ten',
  'hovaten',
  'hoten',
  'ten day du',
  'full name',
  'fullname',
  'name',
  'ten khach hang',
  'customer name',
  'ten nguoi',
  'person name',
);
add('familyName', 'ho', 'last name', 'lastname', 'surname', 'family name', 'familyname');
add('middleName', 'ten dem', 'ten lot', 'middle name', 'middlename');
add('givenName', 'ten', 'first name', 'firstname', 'given name', 'givenname', 'ten goi');
add(
  'dateOfBirth',
  'ngay sinh',
  'ngaysinh',
  'ngay thang nam sinh',
  'dob',
  'date of birth',
  'birth date',
  'birthdate',
  'birthday',
  'sinh ngay',
);
add('yearOfBirth', 'nam sinh', 'namsinh', 'year of birth', 'birth year', 'yob');
add('sex', 'gioi tinh', 'gioitinh', 'gioi', 'gt', 'sex', 'gender', 'nam nu', 'phai');
add(
  'idNumber',
  'so cmnd cccd',
  'cmnd cccd',
  'so cccd cmnd',
  'cccd cmnd',
  'so cccd',
  'cccd',
  'cmnd',
  'so cmnd',
  'so cmt',
  'cmt',
  'so giay to',
  'so giay to tuy than',
  'so gttt',
  'giay to tuy than',
  'id number',
  'national id',
  'id card',
  'id no',
);
add(
  'pid',
  'so dinh danh',
  'so dinh danh ca nhan',
  'ma dinh danh',
  'ma so dinh danh',
  'personal id',
  'personal id number',
  'pid',
);
add('oldId', 'so cmnd cu', 'cmnd cu', 'old id', 'old id number');
add(
  'phone',
  'sdt',
  'so dien thoai',
  'dien thoai',
  'dt',
  'so dt',
  'dtdd',
  'phone',
  'phone number',
  'mobile',
  'tel',
  'telephone',
);
add(
  'address',
  'dia chi',
  'dia chi thuong tru',
  'noi thuong tru',
  'thuong tru',
  'noi o',
  'noi o hien tai',
  'noi cu tru',
  'dia chi cu tru',
  'dia chi lien he',
  'cho o hien nay',
  'address',
  'home address',
);
add('provinceCode', 'ma tinh', 'ma tinh tp', 'ma tinh thanh pho', 'province code', 'province');
add(
  'communeCode',
  'ma xa',
  'ma xa phuong',
  'ma phuong xa',
  'ma xa phuong thi tran',
  'commune code',
  'ward code',
);

/** Headers that name no exact entry but contain a telling phrase. First match wins. */
const CONTAINS: [RegExp, ColumnRole][] = [
  [/\b(email|e mail|ngay tiem|ngay cap|noi cap)\b/, 'ignore'],
  [/\b(cmnd|cmt) cu\b/, 'oldId'],
  [/\b(cmnd|cccd|cmt|can cuoc)\b/, 'idNumber'],
  [/\bdinh danh\b/, 'pid'],
  [/\b(ngay sinh|ngay thang nam sinh|date of birth|birth date)\b/, 'dateOfBirth'],
  [/\b(nam sinh|birth year)\b/, 'yearOfBirth'],
  [/\b(ho va ten|ho ten|full name)\b/, 'fullName'],
  [/\b(gioi tinh|gender)\b/, 'sex'],
  [/\b(dien thoai|sdt|phone)\b/, 'phone'],
  [/\b(dia chi|thuong tru|address)\b/, 'address'],
  [/\bma tinh\b/, 'provinceCode'],
  [/\bma (xa|phuong)\b/, 'communeCode'],
];

/** A header folded for comparison: camelCase split, diacritics and case dropped, words by single spaces. */
export const foldHeader = (h: string): string => foldName(h.replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2'));

const roleOf = (header: string): ColumnRole => {
  const f = foldHeader(header);
  const exact = EXACT[f];
  if (exact) return exact;
  for (const [re, role] of CONTAINS) if (re.test(f)) return role;
  return 'ignore';
};

/**
 * A first column mapping from the headers alone: common Vietnamese and English headers,
 * with or without diacritics, any case ("Họ và tên", "Ho ten", "NgaySinh", "DOB", "Số
 * CMND/CCCD", "SĐT", "Địa chỉ", "STT"…). Each role goes to the first column that names it
 * (ID columns excepted: with both a CMND and a CCCD column, the first is `oldId` and the
 * second `pid`); other columns are `ignore`. A data officer checks and corrects it.
 *
 * @example suggestMapping(['STT', 'Họ và tên', 'Ngày sinh', 'Số CMND/CCCD'])
 *   // { STT: 'recordId', 'Họ và tên': 'fullName', 'Ngày sinh': 'dateOfBirth', 'Số CMND/CCCD': 'idNumber' }
 */
export function suggestMapping(headers: readonly string[]): ColumnMapping {
  const out: ColumnMapping = {};
  const taken = new Set<ColumnRole>();
  const ids: string[] = [];
  for (const h of headers) {
    let role = roleOf(h);
    if (role === 'idNumber' || role === 'pid' || role === 'oldId') ids.push(h);
    if (role !== 'ignore' && taken.has(role) && role !== 'idNumber') role = 'ignore';
    if (role !== 'ignore') taken.add(role);
    out[h] = role;
  }
  const general = ids.filter((h) => out[h] === 'idNumber');
  if (ids.length >= 2 && general.length >= 1) {
    for (const h of general) {
      const f = foldHeader(h);
      const old = /\b(cmnd|cmt)\b/.test(f) && !/\bcccd\b/.test(f);
      const now = /\b(cccd|can cuoc)\b/.test(f) && !/\b(cmnd|cmt)\b/.test(f);
      if (old && !taken.has('oldId')) {
        out[h] = 'oldId';
        taken.add('oldId');
      } else if (now && !taken.has('pid')) {
        out[h] = 'pid';
        taken.add('pid');
      }
    }
  }
  return out;
}

const ROLE_BY_LOWER = new Map(COLUMN_ROLES.map((r) => [r.toLowerCase(), r]));

/**
 * A hand-set mapping, `header=role` pairs separated by commas, semicolons or new lines
 * (or a JSON object of the same). Roles are checked (`mapping.role`); with `headers`, each
 * named header must be one of them (`mapping.header`), matched exactly or, failing that,
 * ignoring diacritics and case, and is returned as written in the file.
 *
 * @example parseMapping('Ho ten=fullName, Ngay sinh=dateOfBirth', ['Họ tên', 'Ngày sinh'])
 *   // { 'Họ tên': 'fullName', 'Ngày sinh': 'dateOfBirth' }
 */
export function parseMapping(text: string, headers?: readonly string[]): ColumnMapping {
  const pairs: [string, string][] = [];
  const t = text.trim();
  if (t.startsWith('{')) {
    let obj: unknown;
    try {
      obj = JSON.parse(t);
    } catch {
      throw badRequest('mapping.syntax', 'The mapping is not valid JSON');
    }
    for (const [k, v] of Object.entries(obj as Record<string, unknown>)) pairs.push([k, String(v)]);
  } else {
    for (const part of t.split(/[,;\n]/)) {
      if (part.trim() === '') continue;
      const eq = part.lastIndexOf('=');
      if (eq <= 0)
        throw badRequest('mapping.syntax', `"${part.trim()}" is not of the form header=role`, [
          { field: 'mapping', message: 'write header=role pairs separated by commas' },
        ]);
      pairs.push([part.slice(0, eq).trim(), part.slice(eq + 1).trim()]);
    }
  }
  const out: ColumnMapping = {};
  const problems: { field: string; message: string }[] = [];
  for (const [h, r] of pairs) {
    const role = ROLE_BY_LOWER.get(r.toLowerCase());
    if (!role) {
      problems.push({ field: h, message: `unknown role "${r}"; roles: ${COLUMN_ROLES.join(', ')}` });
      continue;
    }
    let header: string | undefined = h;
    if (headers && !headers.includes(h)) {
      const matches = headers.filter((x) => foldHeader(x) === foldHeader(h));
      header = matches.length === 1 ? matches[0] : undefined;
      if (header === undefined) {
        problems.push({ field: h, message: `no column "${h}" in the file (columns: ${headers.join(', ')})` });
        continue;
      }
    }
    out[header] = role;
  }
  const roleProblem = problems.find((p) => p.message.startsWith('unknown role'));
  if (roleProblem)
    throw badRequest('mapping.role', `Unknown column role in the mapping: ${roleProblem.message}`, problems);
  if (problems.length > 0)
    throw badRequest('mapping.header', 'The mapping names columns the file does not have', problems);
  return out;
}
