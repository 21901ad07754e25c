import { useCallback, useEffect, useState } from 'react';
import { ProblemBanner } from '../../components/ProblemBanner.js';
import { formatDateTime } from '../../format.js';
import { Link, navigate, useTitle } from '../../router.js';
import { cleaningApi, type Job } from './cleaning-api.js';
import { kindLabel, modeLabel, num } from './cleaning-format.js';
import { JobProgress, JobStatusBadge, jobOutcomes, OUTCOMES } from './parts.js';
import { UploadForm } from './UploadForm.js';
import { useLiveJob } from './useLiveJob.js';

/**
 * Làm sạch dữ liệu: the cleaning jobs, newest first, each with its live progress and
 * outcome counts, and the form to upload a new dataset.
 */
export function JobsPage() {
  useTitle('Làm sạch dữ liệu');
  const [jobs, setJobs] = useState<Job[]>();
  const [error, setError] = useState<unknown>();

  const load = useCallback(async () => {
    try {
      setJobs((await cleaningApi.jobs(50)).data.items);
      setError(undefined);
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => {
    load();
  }, [load]);

  return (
    <section aria-labelledby="cleaning-title">
      <div className="page-head">
        <div>
          <h1 id="cleaning-title">Làm sạch dữ liệu</h1>
          <p className="muted">
            Đối chiếu tập dữ liệu của đơn vị (tiêm chủng, bảo hiểm, ngân hàng…) với Cơ sở dữ liệu quốc gia về
            dân cư, xem xét các trường hợp chưa chắc chắn và tải về tệp đã làm sạch.
          </p>
        </div>
      </div>
      <UploadForm onUploaded={(job) => navigate(`/cleaning/jobs/${job.id}`)} />
      <h2>Các lần làm sạch</h2>
      <ProblemBanner error={error} />
      {jobs === undefined && !error ? <p className="muted">Đang tải…</p> : null}
      {jobs?.length === 0 ? <p className="empty">Chưa có tập dữ liệu nào được tải lên.</p> : null}
      {jobs?.length ? (
        <div className="table-wrap results">
          <table className="table" data-testid="jobs">
            <caption className="sr-only">Các lần làm sạch dữ liệu</caption>
            <thead>
              <tr>
                <th scope="col">Tập dữ liệu</th>
                <th scope="col">Trạng thái</th>
                <th scope="col" className="num">
                  Số dòng
                </th>
                <th scope="col">Tiến độ</th>
                <th scope="col">Kết quả</th>
                <th scope="col">Tạo lúc</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((j) => (
                <JobRow key={j.id} initial={j} />
              ))}
            </tbody>
          </table>
          <p className="counts-inline small muted" aria-hidden="true">
            {OUTCOMES.map((o) => (
              <span key={o.key}>
                <span className={`dot dot-${o.key}`} />
                {o.label}
              </span>
            ))}
          </p>
        </div>
      ) : null}
    </section>
  );
}

/** One job of the list; a running one follows its progress by itself. */
function JobRow({ initial }: { initial: Job }) {
  const { job = initial } = useLiveJob(initial.id, initial);
  return (
    <tr data-job={job.id}>
      <td data-label="Tập dữ liệu">
        <Link href={`/cleaning/jobs/${job.id}`}>{job.name}</Link>
        <div className="small muted">
          {kindLabel(job.kind)} · {modeLabel(job.mode)}
        </div>
      </td>
      <td data-label="Trạng thái">
        <JobStatusBadge job={job} />
      </td>
      <td data-label="Số dòng" className="num">
        {num(job.rows)}
      </td>
      <td data-label="Tiến độ">
        <JobProgress job={job} compact />
      </td>
      <td data-label="Kết quả">
        {job.status === 'done' ? (
          <span className="counts-inline">
            {OUTCOMES.map((o) => (
              <span key={o.key} title={o.label}>
                <span className={`dot dot-${o.key}`} aria-hidden="true" />
                <span className="sr-only">{o.label}: </span>
                {num(jobOutcomes(job)[o.key] ?? 0)}
              </span>
            ))}
          </span>
        ) : job.status === 'failed' ? (
          <span className="small">{job.error}</span>
        ) : (
          '—'
        )}
      </td>
      <td data-label="Tạo lúc" className="small">
        {formatDateTime(job.createdAt)}
      </td>
    </tr>
  );
}
