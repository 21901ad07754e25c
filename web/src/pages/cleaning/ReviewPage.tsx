import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { ProblemBanner } from '../../components/ProblemBanner.js';
import { Link, useTitle } from '../../router.js';
import { CandidateCard } from './CandidateCard.js';
import { type Candidate, cleaningApi, type Decision, type Job, type Row } from './cleaning-api.js';
import { fieldLabel, num, reasonLabel } from './cleaning-format.js';

const BATCH = 10;

interface Queue {
  rows: Row[];
  /** index of the row shown */
  at: number;
  /** rows waiting in the whole job, as the server last said (less the decisions since) */
  pending: number;
  /** the server has rows after the last one fetched */
  more: boolean;
}

/**
 * Xem xét: the review queue one row at a time — why the row is doubtful and its uploaded
 * values on the left, the candidates side by side with the weight each field contributed —
 * and the decision: accept the best candidate (A), pick another (1–3), reject all (R), name
 * a person by personal ID number, or skip (→).
 */
export function ReviewPage({ id }: { id: string }) {
  useTitle('Xem xét kết quả đối chiếu');
  const [job, setJob] = useState<Job>();
  const [queue, setQueue] = useState<Queue>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [pid, setPid] = useState('');
  const [pidError, setPidError] = useState<string>();
  const panel = useRef<HTMLDivElement>(null);

  const fetchAfter = useCallback(
    async (after: number) => {
      setBusy(true);
      try {
        const { data } = await cleaningApi.rows(id, { status: 'review', after, limit: BATCH });
        setQueue({ rows: data.items, at: 0, pending: data.pending, more: data.next !== null });
        setError(undefined);
      } catch (e) {
        setError(e);
      } finally {
        setBusy(false);
      }
    },
    [id],
  );

  useEffect(() => {
    cleaningApi.job(id).then(
      ({ data }) => setJob(data),
      (e) => setError(e),
    );
    fetchAfter(0);
  }, [id, fetchAfter]);

  const row = queue?.rows[queue.at];

  /** Shows the next row, fetching the next batch when this one is used up. */
  const advance = useCallback(
    (decided: boolean) => {
      if (!queue) return;
      const pending = queue.pending - (decided ? 1 : 0);
      const last = queue.rows[queue.rows.length - 1]?.line ?? 0;
      if (queue.at + 1 < queue.rows.length) setQueue({ ...queue, at: queue.at + 1, pending });
      else if (queue.more) fetchAfter(last);
      else setQueue({ ...queue, at: queue.rows.length, pending });
      setPid('');
      setPidError(undefined);
      panel.current?.focus();
    },
    [queue, fetchAfter],
  );

  const decide = useCallback(
    async (d: Decision, who?: Candidate) => {
      if (!row || busy) return;
      setBusy(true);
      setError(undefined);
      try {
        const { data } = await cleaningApi.decide(id, row.line, d);
        const name = who?.person?.fullName;
        setNotice(
          data.pid
            ? `Dòng ${row.line}: đã liên kết với ${data.pid}${name ? ` (${name})` : ''}.`
            : `Dòng ${row.line}: đã ghi nhận không khớp với ai.`,
        );
        advance(true);
      } catch (e) {
        setError(e);
      } finally {
        setBusy(false);
      }
    },
    [id, row, busy, advance],
  );

  const choose = useCallback(
    (i: number) => {
      const c = row?.candidates[i];
      if (!c) return;
      if (i === 0) decide({ decision: 'accept' }, c);
      else decide({ decision: 'pick', pid: c.id }, c);
    },
    [row, decide],
  );

  // Keyboard: a accept · r reject · 1–3 pick · → skip; not while typing in a field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || e.repeat) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return;
      const k = e.key.toLowerCase();
      if (k === 'a') choose(0);
      else if (k === 'r') decide({ decision: 'reject' });
      else if (/^[1-9]$/.test(k)) choose(Number(k) - 1);
      else if (k === 'arrowright' && row && !busy) advance(false);
      else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [choose, decide, advance, row, busy]);

  const submitPid = (e: FormEvent) => {
    e.preventDefault();
    const v = pid.replace(/\s+/g, '');
    if (!/^\d{12}$/.test(v)) return setPidError('Nhập đúng 12 chữ số của số định danh cá nhân.');
    setPidError(undefined);
    decide(
      { decision: 'pick', pid: v },
      row?.candidates.find((c) => c.id === v),
    );
  };

  const scale = Math.max(
    1,
    ...(row?.candidates ?? []).flatMap((c) => c.contributions.map((x) => Math.abs(x.weight))),
  );

  return (
    <article aria-labelledby="review-title">
      <nav className="crumbs" aria-label="Vị trí">
        <Link href="/cleaning">Làm sạch dữ liệu</Link> <span aria-hidden="true">›</span>{' '}
        <Link href={`/cleaning/jobs/${id}`}>{job?.name ?? id}</Link> <span aria-hidden="true">›</span>{' '}
        <span>Xem xét</span>
      </nav>
      <div className="page-head">
        <div>
          <h1 id="review-title">Xem xét kết quả đối chiếu</h1>
          <p className="muted small">
            Phím tắt: <kbd>A</kbd> chấp nhận ứng viên tốt nhất · <kbd>1</kbd>–<kbd>3</kbd> chọn ứng viên ·{' '}
            <kbd>R</kbd> không khớp ai · <kbd>→</kbd> bỏ qua
          </p>
        </div>
        <p className="review-progress">
          <span className="badge badge-warn" data-testid="pending">
            Còn {num(queue?.pending)} dòng chờ xem xét
          </span>
        </p>
      </div>
      {notice ? (
        <div className="banner banner-ok" role="status" data-testid="notice">
          {notice}
        </div>
      ) : null}
      <ProblemBanner error={error} focus={false} />

      {!queue && busy ? <p className="muted">Đang tải…</p> : null}
      {queue && !row && !busy ? (
        <div className="empty" data-testid="review-empty">
          <p>
            {queue.pending > 0
              ? `Đã xem hết danh sách. Còn ${num(queue.pending)} dòng đã bỏ qua chưa quyết định.`
              : 'Không còn dòng nào cần xem xét.'}
          </p>
          <p className="actions" style={{ justifyContent: 'center', marginTop: '0.75rem' }}>
            {queue.pending > 0 ? (
              <button type="button" className="btn" onClick={() => fetchAfter(0)}>
                Xem lại từ đầu
              </button>
            ) : null}
            <Link className="btn btn-primary" href={`/cleaning/jobs/${id}`}>
              Về trang kết quả
            </Link>
          </p>
        </div>
      ) : null}

      {row ? (
        <div className="review-layout" ref={panel} tabIndex={-1} data-line={row.line}>
          <section className="card" aria-labelledby="row-title">
            <h2 id="row-title">
              Dòng <span className="mono">{row.line}</span> trong tệp
            </h2>
            <div className="reason" data-testid="review-reason" data-code={row.reason.code}>
              <p>
                Lý do cần xem xét: <strong>{reasonLabel(row.reason.code)}</strong>
              </p>
              <p className="small">{row.reason.text}</p>
            </div>
            <dl className="dl" data-testid="uploaded-row">
              {Object.entries(row.row).map(([h, v]) => (
                <div key={h}>
                  <dt>{h}</dt>
                  <dd>{v || <span className="muted">(trống)</span>}</dd>
                </div>
              ))}
            </dl>
            {row.disagreements.length > 0 ? (
              <p className="small" style={{ marginTop: '0.75rem' }}>
                Khác với ứng viên tốt nhất:{' '}
                {row.disagreements.map((d, i) => (
                  <span key={d}>
                    {i > 0 ? ', ' : ''}
                    <span className="differs">{fieldLabel(d)}</span>
                  </span>
                ))}
              </p>
            ) : null}
            {row.problems.length > 0 ? (
              <ul className="problems small muted" style={{ marginTop: '0.5rem' }}>
                {row.problems.map((p) => (
                  <li key={`${p.code}:${p.field ?? ''}`}>⚠ {p.reason}</li>
                ))}
              </ul>
            ) : null}
          </section>

          <section aria-labelledby="cands-title">
            <h2 id="cands-title" className="sr-only">
              Ứng viên trong CSDL dân cư
            </h2>
            {row.candidates.length === 0 ? (
              <p className="empty">
                Không có ứng viên nào. Nhập số định danh nếu biết, hoặc chọn “Không khớp”.
              </p>
            ) : (
              <div className="candidates">
                {row.candidates.slice(0, 9).map((c, i) => (
                  <CandidateCard
                    key={c.id}
                    candidate={c}
                    index={i}
                    scale={scale}
                    disabled={busy}
                    onChoose={() => choose(i)}
                  />
                ))}
              </div>
            )}
            <div className="review-actions">
              <button
                type="button"
                className="btn btn-danger"
                disabled={busy}
                onClick={() => decide({ decision: 'reject' })}
              >
                Không khớp ai <kbd>R</kbd>
              </button>
              <button type="button" className="btn" disabled={busy} onClick={() => advance(false)}>
                Bỏ qua <kbd>→</kbd>
              </button>
              <form className="pid-form" onSubmit={submitPid} aria-label="Liên kết với người khác">
                <div className={`field${pidError ? ' has-error' : ''}`}>
                  <label htmlFor="review-pid">Số định danh khác</label>
                  <input
                    id="review-pid"
                    name="pid"
                    inputMode="numeric"
                    autoComplete="off"
                    maxLength={14}
                    value={pid}
                    placeholder="12 chữ số"
                    aria-invalid={pidError ? true : undefined}
                    aria-describedby={pidError ? 'review-pid-err' : undefined}
                    onChange={(e) => setPid(e.target.value)}
                  />
                  {pidError ? (
                    <p className="field-error" id="review-pid-err" data-field-error>
                      {pidError}
                    </p>
                  ) : null}
                </div>
                <button type="submit" className="btn" disabled={busy}>
                  Liên kết
                </button>
              </form>
            </div>
          </section>
        </div>
      ) : null}
    </article>
  );
}
