import type { Database } from '../db/index.js';
import { currentContext } from '../shared/context.js';
import { APPEND_STATEMENT_ROWS, insertEntries } from './audit.repo.js';
import { type AuditEntryContent, type AuditEntryInput, normalizeEntry } from './leaf.js';

type Waiting = { entry: AuditEntryContent; resolve: () => void; reject: (e: unknown) => void };

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
 * head instead of one per request. An idle batcher writes at once (after the current
 * turn of the event loop), or after `maxWaitMs` when set: under load, batches form on
 * their own while the previous one commits, and a wait only adds latency. Each caller's
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
  private timer:
    | { kind: 'timeout'; handle: NodeJS.Timeout }
    | { kind: 'immediate'; handle: NodeJS.Immediate }
    | undefined;
  private writing: Promise<void> | undefined;
  private readonly readsEnabled: boolean;

  constructor(
    private readonly database: Database,
    private readonly opts: { maxWaitMs?: number; maxBatch?: number } = {},
  ) {
    if ((opts.maxBatch ?? 500) > APPEND_STATEMENT_ROWS)
      throw new Error(`maxBatch is at most ${APPEND_STATEMENT_ROWS} (one statement per batch)`);
    this.readsEnabled = process.env.DANCU_AUDIT_READS !== 'off';
  }

  /** Queues one entry; resolves after it is committed. */
  append(entry: AuditEntryInput, options: AppendOptions = {}): Promise<void> {
    return this.appendMany([entry], options);
  }

  /** Queues entries (kept in order); resolves after all are committed. */
  appendMany(entries: readonly AuditEntryInput[], options: AppendOptions = {}): Promise<void> {
    if ((!this.readsEnabled && !options.required) || entries.length === 0) return Promise.resolve();
    const requestId = currentContext()?.requestId ?? undefined;
    let contents: AuditEntryContent[];
    try {
      // Checked and serialized here, once: a bad entry fails its own caller at once, not
      // the batch it would have joined.
      contents = entries.map((e) => normalizeEntry(e, requestId));
    } catch (e) {
      return Promise.reject(e);
    }
    const done = contents.map(
      (entry) =>
        new Promise<void>((resolve, reject) => {
          this.pending.push({ entry, resolve, reject });
        }),
    );
    if (!this.writing && !this.timer) {
      const wait = this.pending.length >= (this.opts.maxBatch ?? 500) ? 0 : (this.opts.maxWaitMs ?? 0);
      const go = () => {
        this.timer = undefined;
        void this.drain();
      };
      // 0: after the entries queued in this turn of the event loop.
      this.timer =
        wait > 0
          ? { kind: 'timeout', handle: setTimeout(go, wait) }
          : { kind: 'immediate', handle: setImmediate(go) };
    }
    return Promise.all(done).then(() => undefined);
  }

  /** Writes everything queued, batch after batch; resolves when the queue is empty. */
  flush(): Promise<void> {
    if (this.timer?.kind === 'timeout') clearTimeout(this.timer.handle);
    if (this.timer?.kind === 'immediate') clearImmediate(this.timer.handle);
    this.timer = undefined;
    return this.drain();
  }

  /**
   * One writer at a time (a second one measured slower: its statement only waits for the
   * audit head's lock).
   */
  private drain(): Promise<void> {
    this.writing ??= (async () => {
      try {
        while (this.pending.length > 0) {
          const batch = this.pending.splice(0, this.opts.maxBatch ?? 500);
          try {
            // Up to APPEND_STATEMENT_ROWS entries are one statement, atomic on its own: no
            // BEGIN/COMMIT round trips.
            await insertEntries(
              this.database.db,
              batch.map((b) => b.entry),
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
