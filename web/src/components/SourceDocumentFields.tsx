import { DOCUMENT_KINDS } from '../format.js';
import { Field } from './Field.js';

/** The form state of a source document; dates as typed (dd/mm/yyyy). */
export interface SourceDocumentInput {
  kind: string;
  number: string;
  issuedBy: string;
  issuedOn: string;
}

/** The paper the change is based on: kind, number, issuer and date. */
export function SourceDocumentFields(props: {
  value: SourceDocumentInput;
  onChange: (v: SourceDocumentInput) => void;
  errors: Record<string, string>;
}) {
  const { value, onChange, errors } = props;
  const set = (k: keyof SourceDocumentInput) => (e: { target: { value: string } }) =>
    onChange({ ...value, [k]: e.target.value });
  return (
    <fieldset>
      <legend>Giấy tờ làm căn cứ</legend>
      <div className="row">
        <Field label="Loại giấy tờ" required error={errors['sourceDocument.kind']}>
          {(a) => (
            <select {...a} name="sourceDocument.kind" value={value.kind} onChange={set('kind')}>
              {Object.entries(DOCUMENT_KINDS).map(([k, label]) => (
                <option key={k} value={k}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Số giấy tờ" required error={errors['sourceDocument.number']}>
          {(a) => <input {...a} name="sourceDocument.number" value={value.number} onChange={set('number')} />}
        </Field>
      </div>
      <div className="row">
        <Field label="Cơ quan cấp" error={errors['sourceDocument.issuedBy']}>
          {(a) => (
            <input
              {...a}
              name="sourceDocument.issuedBy"
              value={value.issuedBy}
              onChange={set('issuedBy')}
              placeholder="Ví dụ: UBND phường Ba Đình"
            />
          )}
        </Field>
        <Field label="Ngày cấp" error={errors['sourceDocument.issuedOn']}>
          {(a) => (
            <input
              {...a}
              name="sourceDocument.issuedOn"
              value={value.issuedOn}
              onChange={set('issuedOn')}
              placeholder="dd/mm/yyyy"
              inputMode="numeric"
            />
          )}
        </Field>
      </div>
    </fieldset>
  );
}

/** The source document as the API wants it, or the field errors of what cannot be parsed. */
export function sourceDocumentBody(
  v: SourceDocumentInput,
  parseDate: (s: string) => string | undefined,
  errors: Record<string, string>,
) {
  const issuedOn = v.issuedOn.trim() ? parseDate(v.issuedOn) : undefined;
  if (v.issuedOn.trim() && !issuedOn) errors['sourceDocument.issuedOn'] = 'Nhập ngày dạng dd/mm/yyyy.';
  return {
    kind: v.kind,
    number: v.number.trim(),
    ...(v.issuedBy.trim() ? { issuedBy: v.issuedBy.trim() } : {}),
    ...(issuedOn ? { issuedOn } : {}),
  };
}

export const SOURCE_DOCUMENT_FIELDS = [
  'sourceDocument.kind',
  'sourceDocument.number',
  'sourceDocument.issuedBy',
  'sourceDocument.issuedOn',
] as const;
