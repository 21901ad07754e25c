import { type ReactNode, useId } from 'react';

/**
 * A labelled form control with an optional hint and an error message tied to it by
 * aria-describedby. `children` receives the id and aria props to spread on the control.
 */
export function Field(props: {
  label: string;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
  className?: string;
  children: (a: {
    id: string;
    'aria-invalid'?: boolean;
    'aria-describedby'?: string;
    'aria-required'?: boolean;
  }) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errId = `${id}-err`;
  const describedBy = [props.hint ? hintId : '', props.error ? errId : ''].filter(Boolean).join(' ');
  return (
    <div className={`field${props.error ? ' has-error' : ''} ${props.className ?? ''}`}>
      <label htmlFor={id}>
        {props.label}
        {props.required ? (
          <span className="req" aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </label>
      {props.children({
        id,
        ...(props.error ? { 'aria-invalid': true } : {}),
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        ...(props.required ? { 'aria-required': true } : {}),
      })}
      {props.hint ? (
        <p className="hint" id={hintId}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p className="field-error" id={errId} data-field-error>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled text input: the common case of {@link Field}. */
export function TextField(props: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
  placeholder?: string;
  inputMode?: 'numeric' | 'text';
  maxLength?: number;
}) {
  return (
    <Field
      label={props.label}
      error={props.error}
      required={props.required ?? false}
      {...(props.hint ? { hint: props.hint } : {})}
    >
      {(a) => (
        <input
          {...a}
          name={props.name}
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
          autoComplete="off"
          {...(props.placeholder ? { placeholder: props.placeholder } : {})}
          {...(props.inputMode ? { inputMode: props.inputMode } : {})}
          {...(props.maxLength ? { maxLength: props.maxLength } : {})}
        />
      )}
    </Field>
  );
}
