import type { Database } from '../db/index.js';
import { getPersonsForVerification, getVerifiablePersons } from '../registry/index.js';

type Reads = Awaited<ReturnType<typeof getVerifiablePersons>>;
type Ids = { pids?: readonly string[]; oldIds?: readonly string[] };

/**
 * Registry reads for verification, gathered: the requests that ask in one turn of the
 * event loop share one query (a DataLoader in spirit). Under load, sixteen concurrent
 * verifications cost one round trip and one statement instead of sixteen; alone, a
 * request waits only for the end of the current turn. Each caller gets the shared maps
 * and reads its own ids from them. At most `maxIds` ids go into one query.
 *
 * @example
 *   const { byPid } = await batcher.read({ pids: ['001088000123'] });
 */
export class VerificationReads {
  private pids = new Set<string>();
  private oldIds = new Set<string>();
  private waiting: { resolve: (r: Reads) => void; reject: (e: unknown) => void }[] = [];
  private scheduled = false;

  constructor(
    private readonly database: Database,
    private readonly maxIds = 1000,
  ) {}

  read(ids: Ids): Promise<Reads> {
    const n = (ids.pids?.length ?? 0) + (ids.oldIds?.length ?? 0);
    // A large request (bulk verify) goes on its own.
    if (n > this.maxIds / 4) return getVerifiablePersons(this.database, ids);
    if (this.pids.size + this.oldIds.size + n > this.maxIds) this.run();
    for (const p of ids.pids ?? []) this.pids.add(p);
    for (const o of ids.oldIds ?? []) this.oldIds.add(o);
    const done = new Promise<Reads>((resolve, reject) => this.waiting.push({ resolve, reject }));
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.run());
    }
    return done;
  }

  /** Whole persons (a lookup returns fields, not yes/no), read at once, not gathered. */
  whole(ids: Ids) {
    return getPersonsForVerification(this.database, ids);
  }

  private run(): void {
    this.scheduled = false;
    if (this.waiting.length === 0) return;
    const waiting = this.waiting;
    const ids = { pids: [...this.pids], oldIds: [...this.oldIds] };
    this.waiting = [];
    this.pids = new Set();
    this.oldIds = new Set();
    getVerifiablePersons(this.database, ids).then(
      (r) => {
        for (const w of waiting) w.resolve(r);
      },
      (e) => {
        for (const w of waiting) w.reject(e);
      },
    );
  }
}
