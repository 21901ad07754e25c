import type { Operator } from '../../api.js';
import { canClean } from './cleaning-api.js';
import { JobPage } from './JobPage.js';
import { JobsPage } from './JobsPage.js';
import { ReviewPage } from './ReviewPage.js';

/**
 * The cleaning screens for a path under /cleaning, or null for other paths:
 * /cleaning (jobs and upload), /cleaning/jobs/{id}, /cleaning/jobs/{id}/review.
 */
export function cleaningScreen(path: string, operator: Operator) {
  if (path !== '/cleaning' && !path.startsWith('/cleaning/')) return null;
  if (!canClean(operator))
    return (
      <section className="card">
        <h1>Làm sạch dữ liệu</h1>
        <p>Chức năng này dành cho cán bộ dữ liệu và quản trị viên.</p>
      </section>
    );
  const review = /^\/cleaning\/jobs\/(cj_[0-9a-f]{16})\/review\/?$/.exec(path);
  if (review) return <ReviewPage key={review[1]} id={review[1]!} />;
  const job = /^\/cleaning\/jobs\/(cj_[0-9a-f]{16})\/?$/.exec(path);
  if (job) return <JobPage key={job[1]} id={job[1]!} />;
  if (path === '/cleaning' || path === '/cleaning/') return <JobsPage />;
  return null;
}
