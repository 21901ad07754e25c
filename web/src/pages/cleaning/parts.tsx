/** Small pieces the cleaning screens share: status badge, progress bar, outcome counts. */
import { isFinished, type Job } from './cleaning-api.js';
import { jobStatusClass, jobStatusLabel, num, pct } from './cleaning-format.js';
import './cleaning.css';

export function JobStatusBadge({ job }: { job: Pick<Job, 'status'> }) {
  return (
    <span className={`badge ${jobStatusClass(job.status)}`} data-testid="job-status">
      {jobStatusLabel(job.status)}
    </span>
  );
}

/**
 * The job's progress: a determinate bar while chunks are matched, an indeterminate one
 * while the file is read (the number of rows read so far beside it).
 */
export function JobProgress({ job, compact = false }: { job: Job; compact?: boolean }) {
  const { progress } = job;
  const running = !isFinished(job.status);
  const indeterminate = running && (job.status === 'queued' || job.status === 'importing');
  const fraction = job.status === 'done' ? 1 : progress.fraction;
  const text = indeterminate
    ? job.status === 'queued'
      ? 'Đang chờ đến lượt'
      : `Đã đọc ${num(job.rows)} dòng`
    : progress.chunksTotal > 0 && running
      ? `${pct(fraction, 0)} · ${num(progress.chunksDone)}/${num(progress.chunksTotal)} phần`
      : pct(fraction, 0);
  return (
    <div className={`progress${compact ? ' progress-compact' : ''}`}>
      <div
        className={`progress-track${indeterminate ? ' progress-indeterminate' : ''}${job.status === 'failed' ? ' progress-failed' : ''}`}
        role="progressbar"
        aria-label={`Tiến độ: ${jobStatusLabel(job.status)}`}
        aria-valuemin={0}
        aria-valuemax={100}
        {...(indeterminate ? {} : { 'aria-valuenow': Math.round(fraction * 100) })}
        aria-valuetext={text}
      >
        <div className="progress-fill" style={indeterminate ? undefined : { width: `${fraction * 100}%` }} />
      </div>
      <span className="progress-text small muted">{text}</span>
    </div>
  );
}

/** Outcome counts of a job, in the order a data officer reads them. */
export const OUTCOMES = [
  { key: 'linked', label: 'Đã khớp', cls: 'tile-ok' },
  { key: 'review', label: 'Cần xem xét', cls: 'tile-warn' },
  { key: 'unmatched', label: 'Không khớp', cls: 'tile-muted' },
  { key: 'rejected', label: 'Bị loại', cls: 'tile-err' },
  { key: 'duplicates', label: 'Thuộc nhóm trùng', cls: 'tile-info' },
] as const;
export type OutcomeKey = (typeof OUTCOMES)[number]['key'];
export type Outcomes = Partial<Record<OutcomeKey, number>>;

/**
 * The counts a job recorded when it finished (`inClusters` is the server's name for rows
 * in a duplicate cluster). Reviewers' decisions made since do not change them; the
 * quality report's total does.
 */
export function jobOutcomes(job: Job): Outcomes {
  const c = job.counts;
  return {
    linked: c.linked,
    review: c.review,
    unmatched: c.unmatched,
    rejected: c.rejected ?? job.rejected,
    duplicates: c.inClusters ?? c.duplicates,
  };
}

export function OutcomeTiles({ counts, rows }: { counts: Outcomes; rows: number }) {
  return (
    <ul className="tiles" aria-label="Kết quả theo trạng thái" data-testid="job-counts">
      {OUTCOMES.map((o) => {
        const n = counts[o.key];
        return (
          <li key={o.key} className={`tile ${o.cls}`} data-outcome={o.key}>
            <span className="tile-n">{num(n)}</span>
            <span className="tile-label">{o.label}</span>
            {n !== undefined && rows > 0 ? <span className="tile-share">{pct(n / rows)}</span> : null}
          </li>
        );
      })}
    </ul>
  );
}
