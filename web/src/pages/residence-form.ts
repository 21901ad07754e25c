import type { RegisterResidence } from '../api.js';
import {
  SOURCE_DOCUMENT_FIELDS,
  type SourceDocumentInput,
  sourceDocumentBody,
} from '../components/SourceDocumentFields.js';
import { formatDate, parseDateInput, today } from '../format.js';

/** The body paths the residence form shows errors at. */
export const RESIDENCE_FIELDS = [
  'kind',
  'place.unitCode',
  'place.text',
  'newHousehold',
  'householdId',
  'relationToHead',
  'from',
  'until',
  ...SOURCE_DOCUMENT_FIELDS,
] as const;

/** An empty change of residence: permanent, new household, from today, on a CT01 form. */
export const emptyResidenceForm = () => ({
  kind: 'permanent' as 'permanent' | 'temporary',
  unitCode: '',
  text: '',
  household: 'new' as 'new' | 'join',
  householdId: '',
  relation: 'spouse',
  from: formatDate(today()),
  until: '',
  doc: {
    kind: 'residence_application',
    number: '',
    issuedBy: '',
    issuedOn: formatDate(today()),
  } as SourceDocumentInput,
});
export type ResidenceFormState = ReturnType<typeof emptyResidenceForm>;

/** The RegisterResidence body; unreadable dates are added to `errors`, the rest is the API's to judge. */
export function residenceBody(f: ResidenceFormState, errors: Record<string, string>): RegisterResidence {
  const from = parseDateInput(f.from, false);
  if (!from) errors.from = 'Nhập ngày dạng dd/mm/yyyy.';
  const until = f.until.trim() ? parseDateInput(f.until, false) : undefined;
  if (f.until.trim() && !until) errors.until = 'Nhập ngày dạng dd/mm/yyyy.';
  const permanent = f.kind === 'permanent';
  return {
    kind: f.kind,
    place: { unitCode: f.unitCode, ...(f.text.trim() ? { text: f.text.trim() } : {}) },
    ...(permanent && f.household === 'new' ? { newHousehold: true } : {}),
    ...(permanent && f.household === 'join'
      ? { householdId: f.householdId.trim(), relationToHead: f.relation }
      : {}),
    from: from ?? f.from,
    ...(!permanent && until ? { until } : {}),
    sourceDocument: sourceDocumentBody(f.doc, (s) => parseDateInput(s, false), errors),
  } as RegisterResidence;
}
