import type { Database } from '../db/index.js';
import { clientMetadata } from './clients.service.js';
import * as oidcRepo from './oidc.repo.js';

/**
 * The oidc-provider storage adapter on PostgreSQL (table `oidc_models`, keyed by model
 * and id), so that every API process shares tokens and replay records.
 *
 * Two models are special:
 * - `Client` is read from `exchange_clients` (+ grants), never written here.
 * - `ReplayDetection`: the provider asks `find(id)` then `save()`. Here `find` claims the
 *   id atomically (INSERT … ON CONFLICT), so a client assertion's jti is accepted once
 *   even when two processes see it at the same instant.
 */
export function adapterFactory(database: Database) {
  const db = database.db;
  return class PostgresAdapter {
    constructor(readonly model: string) {}

    async upsert(id: string, payload: Record<string, unknown>, expiresIn?: number): Promise<void> {
      if (this.model === 'Client') return;
      await oidcRepo.upsertModel(db, this.model, id, payload, expiresIn);
    }

    async find(id: string): Promise<Record<string, unknown> | undefined> {
      if (this.model === 'Client') return clientMetadata(database, id);
      if (this.model === 'ReplayDetection')
        return (await oidcRepo.claimOnce(db, this.model, id, 3600)) ? undefined : { replayed: true };
      return unpack(await oidcRepo.findModel(db, this.model, id));
    }

    async findByUid(uid: string) {
      return unpack(await oidcRepo.findModelBy(db, this.model, 'uid', uid));
    }

    async findByUserCode(): Promise<undefined> {
      return undefined;
    }

    async consume(id: string): Promise<void> {
      await oidcRepo.consumeModel(db, this.model, id);
    }

    async destroy(id: string): Promise<void> {
      await oidcRepo.destroyModel(db, this.model, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await oidcRepo.revokeGrant(db, grantId);
    }
  };
}

function unpack(row: oidcRepo.StoredModel | undefined) {
  if (!row) return undefined;
  return {
    ...row.payload,
    ...(row.consumed_at ? { consumed: Math.floor(new Date(row.consumed_at).getTime() / 1000) } : {}),
  };
}
