import { type FormEvent, useEffect, useState } from 'react';
import { api, canWrite, type Operator, type PersonSummary } from '../api.js';
import { Field } from '../components/Field.js';
import { ProblemBanner } from '../components/ProblemBanner.js';
import { dateToInput, formatDate, parseDateInput, sexLabel, statusLabel } from '../format.js';
import { Link, navigate, useLocation, useTitle } from '../router.js';
import { useProvinces } from '../units.js';

const PAGE = 20;

/**
 * Tra cứu: one box for a personal ID (12 digits), an old ID (9 digits) or a name with or
 * without diacritics, plus optional date of birth and province. The query lives in the
 * URL, so Back returns to the same results.
 */
export function SearchPage({ operator }: { operator: Operator }) {
  useTitle('Tra cứu');
  const { params } = useLocation();
  const q = params.get('q') ?? '';
  const dob = params.get('dob') ?? '';
  const unit = params.get('unit') ?? '';
  const cursor = params.get('cursor') ?? '';
  const provinces = useProvinces();

  const [form, setForm] = useState({ q, dob: dob ? dateToInput(dob) : '', unit });
  const [dobError, setDobError] = useState<string>();
  const [result, setResult] = useState<{ items: PersonSummary[]; next?: string }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setForm({ q, dob: dob ? dateToInput(dob) : '', unit });
    if (!q && !dob && !unit) {
      setResult(undefined);
      return;
    }
    let live = true;
    setBusy(true);
    setError(undefined);
    api
      .search({ q, dob, unit, limit: PAGE, cursor })
      .then(
        ({ data }) => live && setResult(data),
        (e) => live && setError(e),
      )
      .finally(() => live && setBusy(false));
    return () => {
      live = false;
    };
  }, [q, dob, unit, cursor]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const iso = form.dob.trim() ? parseDateInput(form.dob) : '';
    if (iso === undefined) {
      setDobError('Nhập ngày dạng dd/mm/yyyy, mm/yyyy hoặc yyyy.');
      return;
    }
    setDobError(undefined);
    const s = new URLSearchParams();
    if (form.q.trim()) s.set('q', form.q.trim());
    if (iso) s.set('dob', iso);
    if (form.unit) s.set('unit', form.unit);
    navigate(`/?${s.toString()}`);
  };

  const pageTo = (next: string | undefined) => {
    const s = new URLSearchParams(params);
    if (next) s.set('cursor', next);
    else s.delete('cursor');
    navigate(`/?${s.toString()}`);
  };

  return (
    <section aria-labelledby="search-title">
      <div className="page-head">
        <h1 id="search-title">Tra cứu công dân</h1>
        {canWrite(operator) ? (
          <Link href="/births/new" className="btn btn-primary">
            + Đăng ký khai sinh
          </Link>
        ) : null}
      </div>
      <form className="card search-form" onSubmit={submit} aria-label="Tra cứu công dân">
        <Field
          label="Số định danh, số CMND hoặc họ tên"
          className="grow"
          hint="12 chữ số: số định danh cá nhân; 9 chữ số: CMND cũ; còn lại: họ tên (có hoặc không dấu)."
        >
          {(a) => (
            <input
              {...a}
              type="search"
              name="q"
              value={form.q}
              onChange={(e) => setForm({ ...form, q: e.target.value })}
              placeholder="Ví dụ: 001206012345 hoặc Nguyen Van An"
            />
          )}
        </Field>
        <Field label="Ngày sinh" error={dobError}>
          {(a) => (
            <input
              {...a}
              name="dob"
              value={form.dob}
              onChange={(e) => setForm({ ...form, dob: e.target.value })}
              placeholder="dd/mm/yyyy"
              inputMode="numeric"
            />
          )}
        </Field>
        <Field label="Tỉnh/thành phố thường trú">
          {(a) => (
            <select
              {...a}
              name="unit"
              value={form.unit}
              onChange={(e) => setForm({ ...form, unit: e.target.value })}
            >
              <option value="">Tất cả</option>
              {provinces.units.map((u) => (
                <option key={u.code} value={u.code}>
                  {u.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="search-actions">
          <button type="submit" className="btn btn-primary">
            Tìm kiếm
          </button>
        </div>
      </form>

      <ProblemBanner error={error} />
      <div aria-live="polite" className="results">
        {busy ? <p className="muted">Đang tìm…</p> : null}
        {!busy && result ? <Results items={result.items} /> : null}
        {!busy && !result && !error ? (
          <p className="muted empty">Nhập số định danh, số CMND hoặc họ tên để tra cứu.</p>
        ) : null}
      </div>
      {result && (cursor || result.next) ? (
        <nav className="pager" aria-label="Phân trang">
          <button type="button" className="btn" disabled={!cursor} onClick={() => window.history.back()}>
            ← Trang trước
          </button>
          <button type="button" className="btn" disabled={!result.next} onClick={() => pageTo(result.next)}>
            Trang sau →
          </button>
        </nav>
      ) : null}
    </section>
  );
}

function Results({ items }: { items: PersonSummary[] }) {
  if (items.length === 0) return <p className="empty">Không tìm thấy công dân nào phù hợp.</p>;
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="sr-only">Kết quả tra cứu</caption>
        <thead>
          <tr>
            <th scope="col">Số định danh</th>
            <th scope="col">Họ và tên</th>
            <th scope="col">Giới tính</th>
            <th scope="col">Ngày sinh</th>
            <th scope="col">Tình trạng</th>
            <th scope="col">Nơi thường trú</th>
          </tr>
        </thead>
        <tbody>
          {items.map((p) => (
            <tr key={p.pid}>
              <td data-label="Số định danh">
                <Link href={`/persons/${p.pid}`} className="mono">
                  {p.pid}
                </Link>
              </td>
              <td data-label="Họ và tên">
                <Link href={`/persons/${p.pid}`}>{p.fullName}</Link>
              </td>
              <td data-label="Giới tính">{sexLabel(p.sex)}</td>
              <td data-label="Ngày sinh">{formatDate(p.dateOfBirth)}</td>
              <td data-label="Tình trạng">
                <span className={`badge ${p.status === 'alive' ? 'badge-ok' : 'badge-muted'}`}>
                  {statusLabel(p.status)}
                </span>
              </td>
              <td data-label="Nơi thường trú">{p.permanentUnitName ?? p.permanentUnitCode ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
