import { RELATIONS } from '../format.js';
import { Field, TextField } from './Field.js';

/** Household id and relation to its head, for joining an existing household. */
export function HouseholdJoinFields(props: {
  /** Body path of the fields: '' (top level) or e.g. 'household'. */
  prefix: string;
  householdId: string;
  relation: string;
  onChange: (v: { householdId: string; relation: string }) => void;
  errors: Record<string, string>;
}) {
  const path = (f: string) => (props.prefix ? `${props.prefix}.${f}` : f);
  return (
    <div className="row">
      <TextField
        label="Mã hộ gia đình"
        name={path('householdId')}
        required
        value={props.householdId}
        error={props.errors[path('householdId')]}
        onChange={(householdId) => props.onChange({ householdId, relation: props.relation })}
      />
      <Field label="Quan hệ với chủ hộ" required error={props.errors[path('relationToHead')]}>
        {(a) => (
          <select
            {...a}
            name={path('relationToHead')}
            value={props.relation}
            onChange={(e) => props.onChange({ householdId: props.householdId, relation: e.target.value })}
          >
            {Object.entries(RELATIONS)
              .filter(([k]) => k !== 'head')
              .map(([k, label]) => (
                <option key={k} value={k}>
                  {label}
                </option>
              ))}
          </select>
        )}
      </Field>
    </div>
  );
}
