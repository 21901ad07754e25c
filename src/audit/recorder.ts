import type { Database } from '../db/index.js';
import { currentContext } from '../shared/context.js';
import { appendAuditBatch } from './audit.service.js';
import { type AuditEntryInput, normalizeEntry } from './leaf.js';

type Waiting = { entry: AuditEntryInput; resolve: () => void; reject: (e: unknown) => void };

/** How an entry is queued: `required` entries are written even when read audit is off. */
export interface AppendOptions {
  /** A write's entry (or anything else that must never be skipped). Default false. */
  required?: boolean;
}

/**
 * Group commit for audit entries that are not written inside the caller's own
 * transaction (agency reads, registry API reads and writes). While one batch is being
 * committed, new entries wait; when it commits, everything that arrived meanwhile (up to
 * `maxBatch`, default 500) goes into the log in ONE transaction — one lock of the audit
 * head instead of one per request. An idle batcher writes after `maxWaitMs` (default
 * 1 ms, at most 5 ms is sensible) to gather entries that arrive together. Each caller's
 * promise resolves after its entry is committed, and rejects when the batch failed, so a
 * reply that waits for it is sent only once its audit entry is durable.
 *
 * `DANCU_AUDIT_READS=off` skips entries not marked `required` — for the benchmark's
 * comparison only.
 *
 * @example
 *   await auditRecorder(database).append({ actor, action: 'person.read', subjectPid: pid });
 */
export class AuditBatcher {
  private pending: Waiting[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private readonly readsEnabled: boolean;

  constructor(
    private readonly database: Database,
    private readonly opts: { maxWaitMs?: number; maxBatch?: number } = {},
  ) {
    this.readsEnabled = process.env.DANCU_AUDIT_READS !== 'off';
  }

  /** Queues one entry; resolves after it is committed. */
  append(entry: AuditEntryInput, options: AppendOptions = {}): Promise<void> {
    return this.appendMany([entry], options);
  }

  /** Queues entries (kept in order); resolves after all are committed. */
  appendMany(entries: readonly AuditEntryInput[], options: AppendOptions = {}): Promise<void> {
    if ((!this.readsEnabled && !options.required) || entries.length === 0) return Promise.resolve();
    try {
      // A bad entry fails its own caller at once, not the batch it would have joined.
      for (const e of entries) normalizeEntry(e);
    } catch (e) {
      return Promise.reject(e);
    }
    const requestId = currentContext()?.requestId ?? null;
    const done = entries.map(
      (e) =>
        new Promise<void>((resolve, reject) => {
          this.pending.push({ entry: { requestId, ...e }, resolve, reject });
        }),
    );
    if (!this.writing && !this.timer) {
      const wait = this.pending.length >= (this.opts.maxBatch ?? 500) ? 0 : (this.opts.maxWaitMs ?? 1);
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.drain();
      }, wait);
    }
    return Promise.all(done).then(() => undefined);
  }

  /** Writes everything queued, batch after batch; resolves when the queue is empty. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    return this.drain();
  }

  private drain(): Promise<void> {
    this.writing ??= (async () => {
      try {
        while (this.pending.length > 0) {
          const batch = this.pending.splice(0, this.opts.maxBatch ?? 500);
          try {
            await this.database.db.transaction().execute((trx) =>
              appendAuditBatch(
                trx,
                batch.map((b) => b.entry),
              ),
            );
            for (const b of batch) b.resolve();
          } catch (e) {
            for (const b of batch) b.reject(e);
          }
        }
      } finally {
        this.writing = undefined;
      }
    })();
    return this.writing;
  }
}

const recorders = new WeakMap<Database, AuditBatcher>();

/**
 * The group-commit recorder of `database` in this process, shared by every module that
 * audits outside its own transaction (so that their entries share batches).
 */
export function auditRecorder(database: Database): AuditBatcher {
  let r = recorders.get(database);
  if (!r) {
    r = new AuditBatcher(database);
    recorders.set(database, r);
  }
  return r;
}
