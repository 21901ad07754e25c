import { type AuditEntryInput, appendAuditBatch } from '../audit/index.js';
import type { Database } from '../db/index.js';
import { currentContext } from '../shared/context.js';

type Waiting = { entry: AuditEntryInput; resolve: () => void; reject: (e: unknown) => void };

/**
 * Group commit for read audits. While one batch is being committed, new entries wait;
 * when it commits, everything that arrived meanwhile (up to `maxBatch`, default 500)
 * goes into the log in ONE transaction — one lock of the audit head instead of one per
 * request. An idle batcher writes after `maxWaitMs` (default 1 ms, at most 5 ms is sensible)
 * to gather requests that arrive together. Each caller's promise resolves after
 * its entry is committed, so a reply is sent only once its audit entry is durable.
 *
 * `DANCU_AUDIT_READS=off` turns writing off — for the benchmark's comparison only.
 */
export class AuditBatcher {
  private pending: Waiting[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private readonly enabled: boolean;

  constructor(
    private readonly database: Database,
    private readonly opts: { maxWaitMs?: number; maxBatch?: number } = {},
  ) {
    this.enabled = process.env.DANCU_AUDIT_READS !== 'off';
  }

  /** Queues one entry; resolves after it is committed. */
  append(entry: AuditEntryInput): Promise<void> {
    return this.appendMany([entry]);
  }

  /** Queues entries (kept in order); resolves after all are committed. */
  appendMany(entries: readonly AuditEntryInput[]): Promise<void> {
    if (!this.enabled || entries.length === 0) return Promise.resolve();
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
