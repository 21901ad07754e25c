import { useEffect, useState } from 'react';
import { ProblemBanner } from '../../components/ProblemBanner.js';
import { cleaningApi, type LocalityQuality, type QualityReport, reportHtmlUrl } from './cleaning-api.js';
import { fieldLabel, num, pct } from './cleaning-format.js';

const SHARES = [
  { key: 'linked', label: 'Khớp' },
  { key: 'review', label: 'Cần xem' },
  { key: 'unmatched', label: 'Không khớp' },
  { key: 'rejected', label: 'Bị loại' },
] as const;

/** The quality report of a finished job (GET /jobs/{id}/report), asked once. */
export function useReport(id: string, ready: boolean): { report: QualityReport | undefined; error: unknown } {
  const [report, setReport] = useState<QualityReport>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    if (!ready) return;
    let live = true;
    cleaningApi.report(id).then(
      ({ data }) => live && setReport(data),
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [id, ready]);
  return { report, error };
}

/** The quality report per province as a table; the full page (provinces and communes) opens in a new tab. */
export function ReportSummary({
  id,
  report,
  error,
}: {
  id: string;
  report?: QualityReport;
  error?: unknown;
}) {
  return (
    <section className="card" aria-labelledby="report-title">
      <div className="page-head">
        <h2 id="report-title">Chất lượng dữ liệu theo tỉnh</h2>
        <a className="btn" href={reportHtmlUrl(id)} target="_blank" rel="noreferrer">
          Mở báo cáo đầy đủ (theo tỉnh và xã)
        </a>
      </div>
      <ProblemBanner error={error} focus={false} />
      {!report && !error ? <p className="muted">Đang lập báo cáo…</p> : null}
      {report ? (
        <>
          <div className="table-wrap">
            <table className="table" data-testid="report-provinces">
              <thead>
                <tr>
                  <th scope="col">Tỉnh/thành phố</th>
                  <th scope="col" className="num">
                    Số dòng
                  </th>
                  {SHARES.map((s) => (
                    <th key={s.key} scope="col" className="num">
                      {s.label}
                    </th>
                  ))}
                  <th scope="col" className="num">
                    Trùng
                  </th>
                  <th scope="col">Sai khác thường gặp</th>
                </tr>
              </thead>
              <tbody>
                {report.provinces.map((q) => (
                  <Locality key={q.code ?? '-'} q={q} />
                ))}
              </tbody>
              <tfoot>
                <Locality q={report.total} total />
              </tfoot>
            </table>
          </div>
          {report.rejections.length > 0 ? (
            <p className="small">
              Lý do loại dòng thường gặp:{' '}
              {report.rejections.map((r, i) => (
                <span key={r.code}>
                  {i > 0 ? ', ' : ''}
                  <code>{r.code}</code> ({num(r.rows)})
                </span>
              ))}
            </p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function Locality({ q, total = false }: { q: LocalityQuality; total?: boolean }) {
  const Name = total ? 'th' : 'td';
  return (
    <tr>
      <Name data-label="Tỉnh/thành phố" {...(total ? { scope: 'row' } : {})} className="share-cell">
        {total ? 'Toàn bộ' : q.name}
        {q.code ? <span className="small muted"> {q.code}</span> : null}
        <div className="share-bar" aria-hidden="true">
          {SHARES.map((s) => (
            <span key={s.key} className={`s-${s.key}`} style={{ width: `${q.shares[s.key] * 100}%` }} />
          ))}
        </div>
      </Name>
      <td data-label="Số dòng" className="num">
        {num(q.rows)}
      </td>
      {SHARES.map((s) => (
        <td key={s.key} data-label={s.label} className="num">
          {pct(q.shares[s.key])}
        </td>
      ))}
      <td data-label="Trùng" className="num">
        {pct(q.shares.duplicates)}
      </td>
      <td data-label="Sai khác thường gặp" className="small">
        {q.disagreements.length === 0
          ? '—'
          : q.disagreements
              .slice(0, 3)
              .map((d) => `${fieldLabel(d.field)} ${pct(d.share)}`)
              .join(', ')}
      </td>
    </tr>
  );
}
