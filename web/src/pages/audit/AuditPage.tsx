import { type FormEvent, useEffect, useRef, useState } from 'react';
import '../agencies/console.css';
import { Field, TextField } from '../../components/Field.js';
import { ProblemBanner } from '../../components/ProblemBanner.js';
import { focusFirstInvalid } from '../../form-errors.js';
import { formatDateTime, parseDateInput } from '../../format.js';
import { Link, navigate, useLocation, useTitle } from '../../router.js';
import { type AgencyView, exchangeApi } from '../agencies/exchange-api.js';
import { formErrors } from '../agencies/field-errors.js';
import { fieldLabel } from '../agencies/labels.js';
import { type AuditEntry, actionLabel, auditApi, OUTCOMES, outcomeClass } from './audit-api.js';

const PAGE = 50;
const FILTERS = ['pid', 'agency', 'actor', 'outcome', 'from', 'to'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

/** 'dd/mm/yyyy' typed → the start of that day (local time) as ISO; '' when empty; undefined when not a date. */
function dayStart(text: string, plusDays = 0): string | undefined {
  if (!text.trim()) return '';
  const iso = parseDateInput(text, false);
  if (!iso) return undefined;
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y!, m! - 1, d! + plusDays).toISOString();
}

/**
 * Nhật ký kiểm toán: the audit log newest first, filtered by person, agency, actor,
 * outcome and days. The filters live in the URL (Back returns to the same list); an
 * entry opens on its own page, where its proof is checked in the browser.
 */
export function AuditPage() {
  useTitle('Nhật ký kiểm toán');
  const { params } = useLocation();
  const current: Filters = {
    pid: params.get('pid') ?? '',
    agency: params.get('agency') ?? '',
    actor: params.get('actor') ?? '',
    outcome: params.get('outcome') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
  };
  const before = params.get('before') ?? '';
  const key = params.toString();
  const [form, setForm] = useState<Filters>(current);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [page, setPage] = useState<{ items: AuditEntry[]; nextBefore: number | null }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [agencies, setAgencies] = useState<AgencyView[]>([]);
  const formRef = useRef<HTMLFormElement>(null);
  const errs = formErrors(error, FILTERS);
  const fieldError = (f: (typeof FILTERS)[number]) => local[f] ?? errs.byField[f];

  useEffect(() => {
    exchangeApi.agencies().then(
      ({ data }) => setAgencies(data.items),
      () => setAgencies([]),
    );
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the query string names the request
  useEffect(() => {
    setForm(current);
    let live = true;
    setBusy(true);
    const from = dayStart(current.from);
    const to = dayStart(current.to, 1);
    auditApi
      .entries({
        pid: current.pid,
        agency: current.agency,
        actor: current.actor,
        outcome: current.outcome,
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
        ...(before ? { before: Number(before) } : {}),
        limit: PAGE,
      })
      .then(
        ({ data }) => {
          if (!live) return;
          setPage(data);
          setError(undefined);
        },
        (e) => {
          if (!live) return;
          setError(e);
          setPage(undefined);
          focusFirstInvalid(formRef.current);
        },
      )
      .finally(() => live && setBusy(false));
    return () => {
      live = false;
    };
  }, [key]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const bad: Record<string, string> = {};
    if (dayStart(form.from) === undefined) bad.from = 'Nhập ngày dạng dd/mm/yyyy.';
    if (dayStart(form.to) === undefined) bad.to = 'Nhập ngày dạng dd/mm/yyyy.';
    setLocal(bad);
    if (Object.keys(bad).length) {
      focusFirstInvalid(formRef.current);
      return;
    }
    const s = new URLSearchParams();
    for (const f of FILTERS) if (form[f].trim()) s.set(f, form[f].trim());
    navigate(s.toString() ? `/audit?${s.toString()}` : '/audit');
  };

  const older = () => {
    if (page?.nextBefore === null || page?.nextBefore === undefined) return;
    const s = new URLSearchParams(params);
    s.set('before', String(page.nextBefore));
    navigate(`/audit?${s.toString()}`);
  };
  const set = (k: keyof Filters) => (v: string) => setForm((f) => ({ ...f, [k]: v }));

  return (
    <section aria-labelledby="audit-title">
      <div className="page-head">
        <div>
          <h1 id="audit-title">Nhật ký kiểm toán</h1>
          <p className="muted">
            Mọi lần đọc, ghi dữ liệu cá nhân, kể cả bị từ chối. Mỗi mục là một lá của cây Merkle (RFC 9162)
            được ký định kỳ: mở một mục để kiểm chứng ngay trên trình duyệt.
          </p>
        </div>
      </div>
      <form
        ref={formRef}
        className="card audit-filters"
        onSubmit={submit}
        noValidate
        aria-label="Lọc nhật ký"
      >
        <TextField
          label="Số định danh công dân"
          name="pid"
          value={form.pid}
          onChange={set('pid')}
          error={fieldError('pid')}
          inputMode="numeric"
          maxLength={12}
        />
        <Field label="Cơ quan" error={fieldError('agency')}>
          {(a) => (
            <select {...a} name="agency" value={form.agency} onChange={(e) => set('agency')(e.target.value)}>
              <option value="">Tất cả</option>
              {agencies.map((g) => (
                <option key={g.code} value={g.code}>
                  {g.name} ({g.code})
                </option>
              ))}
              {form.agency && !agencies.some((g) => g.code === form.agency) ? (
                <option value={form.agency}>{form.agency}</option>
              ) : null}
            </select>
          )}
        </Field>
        <TextField
          label="Người/hệ thống truy cập"
          name="actor"
          value={form.actor}
          onChange={set('actor')}
          error={fieldError('actor')}
          placeholder="client:… hoặc operator:…"
        />
        <Field label="Kết quả" error={fieldError('outcome')}>
          {(a) => (
            <select
              {...a}
              name="outcome"
              value={form.outcome}
              onChange={(e) => set('outcome')(e.target.value)}
            >
              <option value="">Tất cả</option>
              {Object.entries(OUTCOMES).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </select>
          )}
        </Field>
        <TextField
          label="Từ ngày"
          name="from"
          value={form.from}
          onChange={set('from')}
          error={fieldError('from')}
          placeholder="dd/mm/yyyy"
        />
        <TextField
          label="Đến ngày"
          name="to"
          value={form.to}
          onChange={set('to')}
          error={fieldError('to')}
          placeholder="dd/mm/yyyy"
        />
        <div className="search-actions">
          <button type="submit" className="btn btn-primary">
            Lọc
          </button>
        </div>
      </form>
      <ProblemBanner error={error} extra={errs.rest} focus={!errs.hasFieldErrors} />
      <div aria-live="polite" className="results">
        {busy && !page ? <p className="muted">Đang tải…</p> : null}
        {page ? <EntryTable items={page.items} /> : null}
      </div>
      {page && (before || page.nextBefore !== null) ? (
        <nav className="pager" aria-label="Phân trang">
          <button type="button" className="btn" disabled={!before} onClick={() => window.history.back()}>
            ← Mới hơn
          </button>
          <button type="button" className="btn" disabled={page.nextBefore === null} onClick={older}>
            Cũ hơn →
          </button>
        </nav>
      ) : null}
    </section>
  );
}

function EntryTable({ items }: { items: AuditEntry[] }) {
  if (items.length === 0) return <p className="empty">Không có mục nhật ký nào khớp bộ lọc.</p>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="audit-table">
        <caption className="sr-only">Mục nhật ký</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Thời điểm</th>
            <th scope="col">Người/hệ thống</th>
            <th scope="col">Hành động</th>
            <th scope="col">Công dân</th>
            <th scope="col">Mục đích · trường</th>
            <th scope="col">Kết quả</th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => (
            <tr key={e.seq} data-seq={e.seq}>
              <td data-label="#">
                <Link href={`/audit/${e.seq}`} className="mono" aria-label={`Mở mục nhật ký số ${e.seq}`}>
                  {e.seq}
                </Link>
              </td>
              <td data-label="Thời điểm">{formatDateTime(e.recordedAt)}</td>
              <td data-label="Người/hệ thống" className="small">
                <span className="mono">{e.actorId}</span>
                {typeof e.detail.agency === 'string' ? (
                  <div className="muted">cơ quan {e.detail.agency}</div>
                ) : null}
              </td>
              <td data-label="Hành động">{actionLabel(e.action)}</td>
              <td data-label="Công dân">
                {e.subjectPid ? (
                  <Link href={`/persons/${e.subjectPid}`} className="mono">
                    {e.subjectPid}
                  </Link>
                ) : (
                  '—'
                )}
              </td>
              <td data-label="Mục đích" className="small">
                {e.purpose ? <code>{e.purpose}</code> : null}
                <div className="muted">{e.fields.map(fieldLabel).join(', ')}</div>
              </td>
              <td data-label="Kết quả">
                <span className={`badge ${outcomeClass(e.outcome)}`}>{OUTCOMES[e.outcome] ?? e.outcome}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
