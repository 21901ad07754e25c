import { useEffect, useState } from 'react';
import { ProblemBanner } from '../../components/ProblemBanner.js';
import { actorLabel, formatDateTime } from '../../format.js';
import { Link, useTitle } from '../../router.js';
import { cleaningApi, isFinished, type Job, outputUrl, reportHtmlUrl } from './cleaning-api.js';
import { kindLabel, modeLabel, roleLabel, timingLabel, timingValue } from './cleaning-format.js';
import { JobProgress, JobStatusBadge, jobOutcomes, OutcomeTiles } from './parts.js';
import { RejectedRows } from './RejectedRows.js';
import { ReportSummary, useReport } from './ReportSummary.js';
import { useLiveJob } from './useLiveJob.js';

/**
 * One cleaning job: live progress, outcome counts, the column mapping and timings, the
 * report per province, rows rejected at import, the downloads, and the way to the review
 * queue with the number of rows still waiting.
 */
export function JobPage({ id }: { id: string }) {
  const { job, error } = useLiveJob(id);
  const [pending, setPending] = useState<number>();
  const [cancelError, setCancelError] = useState<unknown>();
  useTitle(job ? job.name : 'Làm sạch dữ liệu');
  const done = job?.status === 'done';
  const { report, error: reportError } = useReport(id, done);

  useEffect(() => {
    if (!done) return;
    let live = true;
    cleaningApi.rows(id, { status: 'review', limit: 1 }).then(
      ({ data }) => live && setPending(data.pending),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [id, done]);

  if (!job) return error ? <ProblemBanner error={error} /> : <p className="muted">Đang tải…</p>;

  const cancel = async () => {
    try {
      await cleaningApi.cancel(id);
    } catch (e) {
      setCancelError(e);
    }
  };

  return (
    <article aria-labelledby="job-title">
      <nav className="crumbs" aria-label="Vị trí">
        <Link href="/cleaning">Làm sạch dữ liệu</Link> <span aria-hidden="true">›</span>{' '}
        <span>{job.name}</span>
      </nav>
      <div className="page-head">
        <div>
          <h1 id="job-title">{job.name}</h1>
          <p className="pid-line small">
            <JobStatusBadge job={job} /> {kindLabel(job.kind)} · {modeLabel(job.mode)} · tạo bởi{' '}
            {actorLabel(job.createdBy)} lúc {formatDateTime(job.createdAt)}
          </p>
        </div>
        <div className="actions">
          {done ? (
            <Link
              href={`/cleaning/jobs/${id}/review`}
              className={`btn ${pending ? 'btn-primary' : ''}`}
              data-testid="review-link"
            >
              Xem xét ({pending ?? '…'})
            </Link>
          ) : null}
          {done ? (
            <a className="btn" href={outputUrl(id)} download>
              Tải tệp đã làm sạch (CSV)
            </a>
          ) : null}
          {done ? (
            <a className="btn" href={reportHtmlUrl(id)} target="_blank" rel="noreferrer">
              Báo cáo chất lượng
            </a>
          ) : null}
          {!isFinished(job.status) ? (
            <button type="button" className="btn btn-danger" onClick={cancel}>
              Dừng
            </button>
          ) : null}
        </div>
      </div>
      <ProblemBanner error={cancelError ?? error} focus={false} />

      <section className="card" aria-labelledby="progress-title">
        <h2 id="progress-title">Tiến độ</h2>
        <JobProgress job={job} />
        {job.status === 'failed' ? (
          <div className="banner banner-error" role="alert">
            <strong>Không làm sạch được tập dữ liệu này.</strong>
            {job.error ? <p>{job.error}</p> : null}
          </div>
        ) : null}
      </section>
      {done || Object.keys(job.counts).length > 0 ? (
        // The report counts as of now (decisions included); the job's own counts are from its end.
        <OutcomeTiles
          counts={report ? report.total : jobOutcomes(job)}
          rows={report?.total.rows ?? job.rows}
        />
      ) : null}

      <div className="grid-2-1">
        <MappingCard job={job} />
        <DetailsCard job={job} />
      </div>

      {done ? <ReportSummary id={id} report={report} error={reportError} /> : null}
      {/* Rejected rows are listed once the job is done: their results are written while matching. */}
      {done ? <RejectedRows id={id} total={job.rejected} /> : null}
    </article>
  );
}

function MappingCard({ job }: { job: Job }) {
  const headers = job.headers.length > 0 ? job.headers : Object.keys(job.mapping);
  return (
    <section className="card" aria-labelledby="mapping-title">
      <h2 id="mapping-title">Ghép cột đã dùng</h2>
      {headers.length === 0 ? (
        <p className="muted">Chưa đọc xong dòng tên cột.</p>
      ) : (
        <table className="table" data-testid="mapping">
          <thead>
            <tr>
              <th scope="col">Cột trong tệp</th>
              <th scope="col">Vai trò</th>
            </tr>
          </thead>
          <tbody>
            {headers.map((h) => {
              const role = job.mapping[h] ?? 'ignore';
              return (
                <tr key={h}>
                  <td data-label="Cột trong tệp">{h}</td>
                  <td data-label="Vai trò" className={role === 'ignore' ? 'muted' : ''}>
                    {roleLabel(role)} {role !== 'ignore' ? <code className="small muted">{role}</code> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function DetailsCard({ job }: { job: Job }) {
  const timings = Object.entries(job.timings);
  return (
    <section className="card" aria-labelledby="details-title">
      <h2 id="details-title">Chi tiết</h2>
      <dl className="dl" data-testid="timings">
        <div>
          <dt>Định dạng</dt>
          <dd>{job.format?.toUpperCase() ?? '—'}</dd>
        </div>
        <div>
          <dt>Bảng mã</dt>
          <dd>{job.encoding ?? '—'}</dd>
        </div>
        <div>
          <dt>Phạm vi quyết định</dt>
          <dd className="mono">{job.scope}</dd>
        </div>
        {timings.map(([k, v]) => (
          <div key={k}>
            <dt>{timingLabel(k)}</dt>
            <dd>{timingValue(k, v)}</dd>
          </div>
        ))}
        {job.finishedAt ? (
          <div>
            <dt>Xong lúc</dt>
            <dd>{formatDateTime(job.finishedAt)}</dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}
