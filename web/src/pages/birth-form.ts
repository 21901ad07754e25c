import type { RegisterBirth } from '../api.js';
import { SOURCE_DOCUMENT_FIELDS, sourceDocumentBody } from '../components/SourceDocumentFields.js';
import { formatDate, parseDateInput, today } from '../format.js';

/** The body paths the birth form shows errors at. */
export const BIRTH_FIELDS = [
  'familyName',
  'middleName',
  'givenName',
  'sex',
  'dateOfBirth',
  'placeOfBirth.unitCode',
  'placeOfBirth.text',
  'registrationProvince',
  'homeTown.unitCode',
  'homeTown.text',
  'ethnicity',
  'nationality',
  'fatherPid',
  'motherPid',
  'household.householdId',
  'household.relationToHead',
  ...SOURCE_DOCUMENT_FIELDS,
] as const;

/** An empty birth form with the usual defaults (Kinh, VN, birth certificate issued today). */
export const emptyBirthForm = () => ({
  familyName: '',
  middleName: '',
  givenName: '',
  sex: '' as '' | 'male' | 'female',
  dateOfBirth: '',
  placeOfBirth: '',
  placeOfBirthText: '',
  homeTown: '',
  homeTownText: '',
  ethnicity: 'Kinh',
  nationality: 'VN',
  fatherPid: '',
  motherPid: '',
  registrationProvince: '',
  joinHousehold: false,
  householdId: '',
  relationToHead: 'child',
  doc: { kind: 'birth_certificate', number: '', issuedBy: '', issuedOn: formatDate(today()) },
});
export type BirthForm = ReturnType<typeof emptyBirthForm>;

/**
 * The RegisterBirth body of the form. Dates typed as dd/mm/yyyy that cannot be read are
 * added to `errors`; everything else is left for the API to judge.
 */
export function birthBody(f: BirthForm, errors: Record<string, string>): RegisterBirth {
  const dob = parseDateInput(f.dateOfBirth);
  if (f.dateOfBirth.trim() && !dob) errors.dateOfBirth = 'Nhập ngày dạng dd/mm/yyyy, mm/yyyy hoặc yyyy.';
  const opt = (s: string) => (s.trim() ? s.trim() : undefined);
  const place = (unitCode: string, text: string) => ({ unitCode, ...(opt(text) ? { text: opt(text) } : {}) });
  const body = {
    familyName: f.familyName.trim(),
    middleName: f.middleName.trim(),
    givenName: f.givenName.trim(),
    ...(f.sex ? { sex: f.sex } : {}),
    dateOfBirth: dob ?? f.dateOfBirth.trim(),
    placeOfBirth: place(f.placeOfBirth, f.placeOfBirthText),
    ...(f.homeTown ? { homeTown: place(f.homeTown, f.homeTownText) } : {}),
    ethnicity: f.ethnicity.trim(),
    nationality: f.nationality.trim().toUpperCase(),
    ...(opt(f.fatherPid) ? { fatherPid: opt(f.fatherPid) } : {}),
    ...(opt(f.motherPid) ? { motherPid: opt(f.motherPid) } : {}),
    ...(f.registrationProvince ? { registrationProvince: f.registrationProvince } : {}),
    ...(f.joinHousehold
      ? { household: { householdId: f.householdId.trim(), relationToHead: f.relationToHead } }
      : {}),
    sourceDocument: sourceDocumentBody(f.doc, (s) => parseDateInput(s, false), errors),
  };
  return body as RegisterBirth;
}
