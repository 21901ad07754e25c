/**
 * Data cleaning: an agency's dataset is read, normalised, matched to the register with a
 * probabilistic (Fellegi–Sunter) model, grouped into duplicate clusters, reviewed where
 * doubtful, and returned as a cleaned file with a quality report per locality.
 *
 * Other modules and the CLI call only what is exported here.
 */
export { cleaningRoutes, configureCleaning } from './cleaning.routes.js';
export { evaluateCleanedFile, evaluateJob, formatEvaluation } from './evaluate-job.js';
export { cleanedCsv } from './export.js';
export { parseMapping, suggestMapping } from './io/index.js';
export {
  cancelJob,
  createJob,
  defaultWorkers,
  getJob,
  type JobView,
  jobModel,
  listJobs,
  runJob,
} from './jobs.service.js';
export { type LinkFilesSummary, linkTwoFiles } from './link-files.js';
export type { LinkModel } from './model/index.js';
export { cleanedRows, type OutcomeRow } from './output.js';
export { type QualityReport, qualityReport, renderReportHtml } from './report.js';
export { decideRow, listRows } from './review.service.js';
export { startCleaningRunner } from './runner.js';
export type * from './types.js';
