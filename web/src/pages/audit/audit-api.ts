/** The audit log API (/api/v1/audit): entries (admin), checkpoints, proofs and signer keys (public). */
import type { Static } from 'typebox';
import type { Checkpoint, Entry, InclusionProof, PublicKeys } from '../../../../src/audit/audit.schemas.js';
import { query, request } from '../../api.js';

export type AuditEntry = Static<typeof Entry>;
export type CheckpointView = Static<typeof Checkpoint>;
export type SignerKeys = Static<typeof PublicKeys>;

export interface EntryFilter {
  actor?: string;
  agency?: string;
  pid?: string;
  action?: string;
  outcome?: string;
  from?: string;
  to?: string;
  before?: number;
  limit?: number;
}

export const auditApi = {
  entries: (f: EntryFilter) =>
    request<{ items: AuditEntry[]; nextBefore: number | null }>('GET', `/audit/entries${query({ ...f })}`),
  entry: (seq: number) => request<AuditEntry>('GET', `/audit/entries/${seq}`),
  latestCheckpoint: () => request<CheckpointView>('GET', '/audit/checkpoints/latest'),
  inclusion: (seq: number, size: number) =>
    request<Static<typeof InclusionProof>>('GET', `/audit/proofs/inclusion${query({ seq, size })}`),
  keys: () => request<SignerKeys>('GET', '/audit/public-key'),
};

const ACTIONS: Record<string, string> = {
  'person.verify': 'Xác thực thông tin',
  'person.lookup': 'Tra cứu (cơ quan)',
  'person.read': 'Xem hồ sơ',
  'person.write': 'Ghi hồ sơ',
};
/** The action in Vietnamese where known, else its code. */
export const actionLabel = (a: string) => ACTIONS[a] ?? a;

export const OUTCOMES: Record<string, string> = { ok: 'Thành công', denied: 'Bị từ chối', error: 'Lỗi' };
export const outcomeClass = (o: string) =>
  o === 'ok' ? 'badge-ok' : o === 'denied' ? 'badge-warn' : 'badge-err';
