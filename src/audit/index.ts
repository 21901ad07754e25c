/**
 * The audit log (DESIGN.md rule 4): an append-only, tamper-evident record of every read
 * and write of personal data, kept as an RFC 9162 Merkle tree with signed checkpoints.
 * Domain modules call `appendAudit(trx, …)` inside their own transaction.
 */
export { type AccessNote, type AccessSpec, auditAccess, noteAccess } from './access-hook.js';
export { auditRoutes } from './audit.routes.js';
export {
  type AccessLogItem,
  accessLog,
  appendAudit,
  appendAuditBatch,
  getEntry,
} from './audit.service.js';
export { type BrowseQuery, browseEntries } from './browse.js';
export {
  type CheckpointView,
  checkpointAt,
  createCheckpoint,
  latestCheckpoint,
  publicKeys,
  registerSigner,
  startCheckpointSchedule,
} from './checkpoint.service.js';
export type { AuditEntry, AuditEntryInput, AuditOutcome } from './leaf.js';
export { entryLeafHash, leafText, MAX_SUBJECTS } from './leaf.js';
export {
  consistencyProof,
  inclusionProof,
  leafHash,
  MerkleAccumulator,
  nodeHash,
  treeHash,
  verifyConsistency,
  verifyInclusion,
} from './merkle.js';
export { noteSignedBy, parseNote } from './note.js';
export { type AppendOptions, AuditBatcher, auditRecorder } from './recorder.js';
export { type AuditSigner, findPrivateKey, loadSigner, parseVkey } from './signer.js';
export { consistencyProofOf, inclusionProofOf, treeRoot, treeSize } from './tree.service.js';
export { type AuditProblem, type AuditVerifyReport, verifyAuditLog } from './verify.service.js';
