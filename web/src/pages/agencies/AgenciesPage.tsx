import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import './console.css';
import { Field, TextField } from '../../components/Field.js';
import { ProblemBanner } from '../../components/ProblemBanner.js';
import { focusFirstInvalid } from '../../form-errors.js';
import { formatDateTime } from '../../format.js';
import { Link, navigate, useTitle } from '../../router.js';
import { type AgencyKind, type AgencyView, exchangeApi } from './exchange-api.js';
import { formErrors } from './field-errors.js';
import { AGENCY_KINDS, kindLabel } from './labels.js';

const FIELDS = ['code', 'name', 'kind', 'unitCode'] as const;

/**
 * Cơ quan kết nối: every member agency, and the form that registers one (code, name,
 * kind, optional unit). A registered agency opens on its own page, to add its clients.
 */
export function AgenciesPage() {
  useTitle('Cơ quan kết nối');
  const [items, setItems] = useState<AgencyView[]>();
  const [loadError, setLoadError] = useState<unknown>();

  const load = useCallback(() => {
    exchangeApi.agencies().then(
      ({ data }) => {
        setItems(data.items);
        setLoadError(undefined);
      },
      (e) => setLoadError(e),
    );
  }, []);
  useEffect(() => load(), [load]);

  return (
    <section aria-labelledby="agencies-title">
      <div className="page-head">
        <div>
          <h1 id="agencies-title">Cơ quan kết nối</h1>
          <p className="muted">
            Bộ, ngành, địa phương, bệnh viện, ngân hàng… kết nối với cơ sở dữ liệu dân cư qua hệ thống của
            mình (client), theo mục đích được cấp.
          </p>
        </div>
      </div>
      <ProblemBanner error={loadError} />
      <div className="grid-2 grid-wide-left">
        <div className="card">
          <h2>Danh sách cơ quan</h2>
          {items ? <AgencyTable items={items} /> : loadError ? null : <p className="muted">Đang tải…</p>}
        </div>
        <AddAgencyForm />
      </div>
    </section>
  );
}

function AgencyTable({ items }: { items: AgencyView[] }) {
  if (items.length === 0)
    return <p className="empty">Chưa có cơ quan nào. Đăng ký cơ quan đầu tiên ở bên.</p>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="agency-table">
        <caption className="sr-only">Cơ quan kết nối</caption>
        <thead>
          <tr>
            <th scope="col">Mã</th>
            <th scope="col">Tên cơ quan</th>
            <th scope="col">Loại</th>
            <th scope="col">Trạng thái</th>
            <th scope="col">Đăng ký lúc</th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr key={a.id}>
              <td data-label="Mã">
                <Link href={`/agencies/${a.code}`} className="mono">
                  {a.code}
                </Link>
              </td>
              <td data-label="Tên cơ quan">
                <Link href={`/agencies/${a.code}`}>{a.name}</Link>
              </td>
              <td data-label="Loại">{kindLabel(a.kind)}</td>
              <td data-label="Trạng thái">
                <span className={`badge ${a.status === 'active' ? 'badge-ok' : 'badge-muted'}`}>
                  {a.status === 'active' ? 'Hoạt động' : a.status}
                </span>
              </td>
              <td data-label="Đăng ký lúc">{formatDateTime(a.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AddAgencyForm() {
  const [f, setF] = useState({ code: '', name: '', kind: '' as AgencyKind | '', unitCode: '' });
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const errs = formErrors(error, FIELDS);
  const set = (k: keyof typeof f) => (v: string) => setF((p) => ({ ...p, [k]: v }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const { data } = await exchangeApi.addAgency({
        code: f.code.trim(),
        name: f.name.trim(),
        kind: f.kind as AgencyKind,
        ...(f.unitCode.trim() ? { unitCode: f.unitCode.trim() } : {}),
      });
      navigate(`/agencies/${data.code}`);
    } catch (err) {
      setError(err);
      focusFirstInvalid(formRef.current);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      ref={formRef}
      className="card form-accent"
      onSubmit={submit}
      noValidate
      aria-labelledby="add-agency"
    >
      <h2 id="add-agency">Đăng ký cơ quan</h2>
      <ProblemBanner error={error} extra={errs.rest} focus={!errs.hasFieldErrors} />
      <TextField
        label="Mã cơ quan"
        name="code"
        value={f.code}
        onChange={set('code')}
        error={errs.byField.code}
        hint="Chữ thường, số, dấu gạch; 2–40 ký tự. Ví dụ: vietcombank, bhxh, bv-bach-mai."
        required
        maxLength={40}
      />
      <TextField
        label="Tên cơ quan"
        name="name"
        value={f.name}
        onChange={set('name')}
        error={errs.byField.name}
        required
      />
      <Field label="Loại cơ quan" error={errs.byField.kind} required>
        {(a) => (
          <select {...a} name="kind" value={f.kind} onChange={(e) => set('kind')(e.target.value)}>
            <option value="">— Chọn —</option>
            {Object.entries(AGENCY_KINDS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        )}
      </Field>
      <TextField
        label="Mã đơn vị hành chính (nếu có)"
        name="unitCode"
        value={f.unitCode}
        onChange={set('unitCode')}
        error={errs.byField.unitCode}
        hint="Tỉnh hoặc xã của cơ quan địa phương, ví dụ 01."
        inputMode="numeric"
        maxLength={5}
      />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Đang đăng ký…' : 'Đăng ký cơ quan'}
        </button>
      </div>
    </form>
  );
}
