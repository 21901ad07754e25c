import { type FormEvent, useMemo, useRef, useState } from 'react';
import { ApiError, api, type Person } from '../api.js';
import { AddressSuggest } from '../components/AddressSuggest.js';
import { TextField } from '../components/Field.js';
import { HouseholdJoinFields } from '../components/HouseholdJoinFields.js';
import { ProblemBanner } from '../components/ProblemBanner.js';
import { SourceDocumentFields } from '../components/SourceDocumentFields.js';
import { UnitPicker } from '../components/UnitPicker.js';
import { focusFirstInvalid, idempotencyKeeper, splitErrors } from '../form-errors.js';
import {
  emptyResidenceForm,
  RESIDENCE_FIELDS,
  type ResidenceFormState,
  residenceBody,
} from './residence-form.js';

/** A radio button with its label. */
function Radio(props: { name: string; value: string; checked: boolean; onPick: () => void; label: string }) {
  return (
    <label className="check">
      <input
        type="radio"
        name={props.name}
        value={props.value}
        checked={props.checked}
        onChange={props.onPick}
      />
      {props.label}
    </label>
  );
}

/**
 * Thay đổi cư trú: kind, unit (or an address the API reads), household (new or join),
 * dates and source document. Sends If-Match with the version shown; on 412 says the
 * record changed and has the page reload it, keeping what was typed.
 */
export function ResidenceForm(props: {
  person: Person;
  version: number;
  onDone: (message: string) => void;
  onStale: () => Promise<void>;
  onCancel: () => void;
}) {
  const [f, setF] = useState(emptyResidenceForm);
  const [error, setError] = useState<unknown>();
  const [stale, setStale] = useState(false);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const keys = useMemo(idempotencyKeeper, []);
  const formRef = useRef<HTMLFormElement>(null);
  const split = splitErrors(error, RESIDENCE_FIELDS);
  const errs = { ...split.byField, ...local };
  const set = (patch: Partial<ResidenceFormState>) => setF((prev) => ({ ...prev, ...patch }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    const body = residenceBody(f, found);
    setLocal(found);
    if (Object.keys(found).length) {
      setError(undefined);
      focusFirstInvalid(formRef.current);
      return;
    }
    setBusy(true);
    setStale(false);
    try {
      await api.registerResidence(props.person.pid, body, props.version, keys.keyFor(body));
      keys.settle();
      props.onDone(f.kind === 'permanent' ? 'Đã đăng ký thường trú mới.' : 'Đã đăng ký tạm trú.');
    } catch (err) {
      keys.settle(err);
      if (err instanceof ApiError && err.status === 412) {
        setError(undefined);
        setStale(true);
        await props.onStale();
      } else {
        setError(err);
        if (err instanceof ApiError && err.problem.errors?.length) focusFirstInvalid(formRef.current);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      ref={formRef}
      id="residence-form"
      className="card form form-accent"
      onSubmit={submit}
      noValidate
      aria-labelledby="rf-title"
    >
      <h2 id="rf-title">Thay đổi cư trú</h2>
      {stale ? (
        <div className="banner banner-warn" role="alert">
          Hồ sơ vừa được người khác cập nhật nên thay đổi chưa được lưu. Thông tin mới nhất đã được tải lại
          bên dưới; vui lòng kiểm tra rồi bấm “Lưu thay đổi” lần nữa.
        </div>
      ) : null}
      <ProblemBanner error={error} extra={split.rest} focus={Object.keys(split.byField).length === 0} />
      <fieldset>
        <legend>Loại cư trú</legend>
        <div className="radios">
          <Radio
            name="kind"
            value="permanent"
            label="Thường trú"
            checked={f.kind === 'permanent'}
            onPick={() => set({ kind: 'permanent' })}
          />
          <Radio
            name="kind"
            value="temporary"
            label="Tạm trú"
            checked={f.kind === 'temporary'}
            onPick={() => set({ kind: 'temporary' })}
          />
        </div>
        {errs.kind ? <p className="field-error">{errs.kind}</p> : null}
      </fieldset>
      <fieldset>
        <legend>Nơi cư trú mới</legend>
        <AddressSuggest onPick={(unitCode, rest) => set({ unitCode, ...(rest ? { text: rest } : {}) })} />
        <UnitPicker
          name="place"
          label="Đơn vị hành chính"
          required
          value={f.unitCode}
          error={errs['place.unitCode']}
          onChange={(unitCode) => set({ unitCode })}
        />
        <TextField
          label="Địa chỉ (số nhà, đường, thôn/tổ dân phố)"
          name="place.text"
          value={f.text}
          error={errs['place.text']}
          onChange={(text) => set({ text })}
        />
      </fieldset>
      {f.kind === 'permanent' ? (
        <fieldset>
          <legend>Hộ gia đình</legend>
          <div className="radios">
            <Radio
              name="household"
              value="new"
              label="Lập hộ mới (làm chủ hộ)"
              checked={f.household === 'new'}
              onPick={() => set({ household: 'new' })}
            />
            <Radio
              name="household"
              value="join"
              label="Nhập vào hộ đã có"
              checked={f.household === 'join'}
              onPick={() => set({ household: 'join' })}
            />
          </div>
          {errs.newHousehold ? <p className="field-error">{errs.newHousehold}</p> : null}
          {f.household === 'join' ? (
            <HouseholdJoinFields
              prefix=""
              householdId={f.householdId}
              relation={f.relation}
              errors={errs}
              onChange={(v) => set(v)}
            />
          ) : null}
        </fieldset>
      ) : null}
      <fieldset>
        <legend>Thời gian</legend>
        <div className="row">
          <TextField
            label="Từ ngày"
            name="from"
            required
            value={f.from}
            error={errs.from}
            placeholder="dd/mm/yyyy"
            inputMode="numeric"
            onChange={(from) => set({ from })}
          />
          {f.kind === 'temporary' ? (
            <TextField
              label="Đến ngày"
              name="until"
              value={f.until}
              error={errs.until}
              hint="Tạm trú tối đa 2 năm."
              placeholder="dd/mm/yyyy"
              inputMode="numeric"
              onChange={(until) => set({ until })}
            />
          ) : null}
        </div>
      </fieldset>
      <SourceDocumentFields value={f.doc} onChange={(doc) => set({ doc })} errors={errs} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Đang lưu…' : 'Lưu thay đổi'}
        </button>
        <button type="button" className="btn btn-ghost" onClick={props.onCancel}>
          Hủy
        </button>
      </div>
    </form>
  );
}
