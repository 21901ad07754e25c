import { type FormEvent, useCallback, useMemo, useRef, useState } from 'react';
import { ApiError, api } from '../api.js';
import { ProblemBanner } from '../components/ProblemBanner.js';
import { SourceDocumentFields } from '../components/SourceDocumentFields.js';
import { focusFirstInvalid, idempotencyKeeper, splitErrors } from '../form-errors.js';
import { navigate, useTitle } from '../router.js';
import {
  ChildFieldset,
  HouseholdFieldset,
  ParentsFieldset,
  type PartProps,
  PlacesFieldset,
} from './BirthFieldsets.js';
import { BIRTH_FIELDS, type BirthForm, birthBody, emptyBirthForm } from './birth-form.js';

/**
 * Đăng ký khai sinh: every RegisterBirth field; the API's field errors are shown at their
 * inputs, other refusals in a banner (a duplicate links to the existing record); on
 * success, the new person's page.
 */
export function BirthPage() {
  useTitle('Đăng ký khai sinh');
  const [f, setF] = useState(emptyBirthForm);
  const [error, setError] = useState<unknown>();
  const [local, setLocal] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const keys = useMemo(idempotencyKeeper, []);
  const formRef = useRef<HTMLFormElement>(null);
  const split = splitErrors(error, BIRTH_FIELDS);
  const errs = { ...split.byField, ...local };
  const set = useCallback(<K extends keyof BirthForm>(key: K, value: BirthForm[K]) => {
    setF((prev) => ({ ...prev, [key]: value }));
  }, []);
  const part: PartProps = { f, set, errs };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    const body = birthBody(f, found);
    setLocal(found);
    if (Object.keys(found).length) {
      setError(undefined);
      focusFirstInvalid(formRef.current);
      return;
    }
    setBusy(true);
    try {
      const { data } = await api.registerBirth(body, keys.keyFor(body));
      keys.settle();
      navigate(`/persons/${data.pid}`);
    } catch (err) {
      keys.settle(err);
      setError(err);
      if (err instanceof ApiError && err.problem.errors?.length) focusFirstInvalid(formRef.current);
    } finally {
      setBusy(false);
    }
  };

  const reset = () => {
    setF(emptyBirthForm());
    setError(undefined);
    setLocal({});
  };

  return (
    <section aria-labelledby="birth-title">
      <h1 id="birth-title">Đăng ký khai sinh</h1>
      <p className="muted">
        Các trường có dấu <span className="req">*</span> là bắt buộc. Số định danh cá nhân được cấp khi đăng
        ký thành công.
      </p>
      <form ref={formRef} className="card form" onSubmit={submit} noValidate>
        <ProblemBanner error={error} extra={split.rest} focus={Object.keys(split.byField).length === 0} />
        <ChildFieldset {...part} />
        <PlacesFieldset {...part} />
        <ParentsFieldset {...part} />
        <HouseholdFieldset {...part} />
        <SourceDocumentFields value={f.doc} onChange={(doc) => set('doc', doc)} errors={errs} />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Đang gửi…' : 'Đăng ký khai sinh'}
          </button>
          <button type="button" className="btn btn-ghost" onClick={reset}>
            Nhập lại
          </button>
        </div>
      </form>
    </section>
  );
}
