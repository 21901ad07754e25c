import { useEffect, useState } from 'react';
import { api } from '../api.js';
import { useCommunes, useProvinces } from '../units.js';
import { Field } from './Field.js';

/**
 * Picks an administrative unit: a province, then (when the API has them) a commune.
 * The value is the commune code when one is chosen, else the province code. Without a
 * unit list it falls back to typing the code.
 */
export function UnitPicker(props: {
  value: string;
  onChange: (code: string) => void;
  label: string;
  error?: string | undefined;
  required?: boolean;
  /** Name prefix for the controls, e.g. "placeOfBirth". */
  name: string;
}) {
  const provinces = useProvinces();
  const [province, setProvince] = useState(props.value.length === 2 ? props.value : '');
  const communes = useCommunes(province || undefined);
  const commune = props.value.length > 2 ? props.value : '';

  // Keep the province in step when the value is set from outside (e.g. a form reset).
  useEffect(() => {
    let live = true;
    if (props.value === '') setProvince('');
    else if (props.value.length === 2) setProvince(props.value);
    else
      api.unit(props.value).then(
        ({ data }) => live && setProvince(data.provinceCode ?? ''),
        () => undefined,
      );
    return () => {
      live = false;
    };
  }, [props.value]);

  if (provinces.loaded && provinces.units.length === 0) {
    return (
      <Field
        label={`${props.label} (mã đơn vị)`}
        error={props.error}
        required={props.required ?? false}
        hint="Mã tỉnh 2 chữ số hoặc mã xã 5 chữ số."
      >
        {(a) => (
          <input
            {...a}
            name={`${props.name}.unitCode`}
            inputMode="numeric"
            value={props.value}
            onChange={(e) => props.onChange(e.target.value.trim())}
          />
        )}
      </Field>
    );
  }
  return (
    <div className="unit-picker">
      <Field label={`${props.label} — tỉnh/thành phố`} error={props.error} required={props.required ?? false}>
        {(a) => (
          <select
            {...a}
            name={`${props.name}.province`}
            value={province}
            onChange={(e) => {
              setProvince(e.target.value);
              props.onChange(e.target.value);
            }}
          >
            <option value="">— Chọn tỉnh/thành phố —</option>
            {provinces.units.map((u) => (
              <option key={u.code} value={u.code}>
                {u.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      {province && communes.units.length > 0 ? (
        <Field label="Xã/phường/đặc khu">
          {(a) => (
            <select
              {...a}
              name={`${props.name}.commune`}
              value={commune}
              onChange={(e) => props.onChange(e.target.value || province)}
            >
              <option value="">— Không chọn —</option>
              {communes.units.map((u) => (
                <option key={u.code} value={u.code}>
                  {u.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
    </div>
  );
}
