// The group-commit batcher moved to the audit module (src/audit/recorder.ts), where the
// registry API's audit shares it; re-exported here for existing imports.
export { AuditBatcher } from '../audit/index.js';
