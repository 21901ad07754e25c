import type { Database } from '../db/index.js';
import { purposeView } from './clients.service.js';
import * as repo from './exchange.repo.js';
import type { Purpose } from './purposes.js';

/**
 * Purposes and grants, cached for 5 s per process so that a request costs no extra
 * database round trip; a revoked grant or changed purpose takes effect within 5 s.
 */
export class PolicyCache {
  private purposes: { at: number; map: Promise<Map<string, Purpose>> } | undefined;
  private readonly grants = new Map<string, { at: number; set: Promise<Set<string>> }>();

  constructor(
    private readonly database: Database,
    private readonly ttlMs = 5_000,
  ) {}

  purpose(code: string): Promise<Purpose | undefined> {
    const now = Date.now();
    if (!this.purposes || now - this.purposes.at >= this.ttlMs) {
      const map = repo
        .listPurposes(this.database.db)
        .then((rows) => new Map(rows.map((r) => [r.code, purposeView(r)])));
      this.purposes = { at: now, map };
      map.catch(() => {
        this.purposes = undefined;
      });
    }
    return this.purposes.map.then((m) => m.get(code));
  }

  async granted(clientId: string, purpose: string): Promise<boolean> {
    const now = Date.now();
    let g = this.grants.get(clientId);
    if (!g || now - g.at >= this.ttlMs) {
      const set = repo
        .findClientWithGrants(this.database.db, clientId)
        .then((c) => new Set(c && c.status === 'active' && c.agency_status === 'active' ? c.purposes : []));
      g = { at: now, set };
      this.grants.set(clientId, g);
      set.catch(() => this.grants.delete(clientId));
    }
    return (await g.set).has(purpose);
  }
}
