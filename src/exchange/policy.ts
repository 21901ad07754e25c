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
  private readonly grants = new Map<string, { at: number; map: Promise<Map<string, string[]>> }>();

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
    return (await this.grant(clientId, purpose)) !== undefined;
  }

  /**
   * The grant of `purpose` to an active client of an active agency: the units it is
   * limited to (empty = everywhere); undefined when not granted.
   */
  async grant(clientId: string, purpose: string): Promise<{ unitCodes: string[] } | undefined> {
    const now = Date.now();
    let g = this.grants.get(clientId);
    if (!g || now - g.at >= this.ttlMs) {
      const map = repo
        .findClientWithGrants(this.database.db, clientId)
        .then(
          (c) =>
            new Map(
              c && c.status === 'active' && c.agency_status === 'active'
                ? c.grants.map((x) => [x.purpose, x.unitCodes] as const)
                : [],
            ),
        );
      g = { at: now, map };
      this.grants.set(clientId, g);
      map.catch(() => this.grants.delete(clientId));
    }
    const units = (await g.map).get(purpose);
    return units ? { unitCodes: units } : undefined;
  }
}
