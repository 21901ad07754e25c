import { type Db, sql } from '../db/index.js';

/** SQL of the oidc-provider storage table `oidc_models` (see oidc-adapter.ts). */

const json = (v: unknown) => sql<never>`${JSON.stringify(v)}::jsonb`;
const live = sql<boolean>`(expires_at IS NULL OR expires_at > now())`;

export interface StoredModel {
  payload: Record<string, unknown>;
  consumed_at: Date | null;
}

export async function upsertModel(
  db: Db,
  model: string,
  id: string,
  payload: Record<string, unknown>,
  expiresIn: number | undefined,
): Promise<void> {
  const expiresAt = expiresIn ? new Date(Date.now() + expiresIn * 1000) : null;
  const row = {
    model,
    id,
    payload: json(payload),
    expires_at: expiresAt,
    consumed_at: null,
    uid: typeof payload.uid === 'string' ? payload.uid : null,
    grant_id: typeof payload.grantId === 'string' ? payload.grantId : null,
  };
  await db
    .insertInto('oidc_models')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['model', 'id']).doUpdateSet({
        payload: json(payload),
        expires_at: expiresAt,
        uid: row.uid,
        grant_id: row.grant_id,
      }),
    )
    .execute();
}

export const findModel = (db: Db, model: string, id: string) =>
  db
    .selectFrom('oidc_models')
    .select(['payload', 'consumed_at'])
    .where('model', '=', model)
    .where('id', '=', id)
    .where(live)
    .executeTakeFirst();

export const findModelBy = (db: Db, model: string, column: 'uid', value: string) =>
  db
    .selectFrom('oidc_models')
    .select(['payload', 'consumed_at'])
    .where('model', '=', model)
    .where(column, '=', value)
    .where(live)
    .executeTakeFirst();

export const consumeModel = (db: Db, model: string, id: string) =>
  db
    .updateTable('oidc_models')
    .set({ consumed_at: sql`now()` })
    .where('model', '=', model)
    .where('id', '=', id)
    .execute();

export const destroyModel = (db: Db, model: string, id: string) =>
  db.deleteFrom('oidc_models').where('model', '=', model).where('id', '=', id).execute();

export const revokeGrant = (db: Db, grantId: string) =>
  db.deleteFrom('oidc_models').where('grant_id', '=', grantId).execute();

/**
 * Claims `id` atomically: inserts a placeholder (or takes over an expired row) and says
 * whether this caller was first. Two processes racing on the same id: exactly one wins.
 */
export async function claimOnce(db: Db, model: string, id: string, ttlSeconds: number): Promise<boolean> {
  const r = await sql<{ id: string }>`
    INSERT INTO oidc_models (model, id, payload, expires_at)
    VALUES (${model}, ${id}, '{}'::jsonb, now() + make_interval(secs => ${ttlSeconds}))
    ON CONFLICT (model, id) DO UPDATE
      SET payload = EXCLUDED.payload, expires_at = EXCLUDED.expires_at, consumed_at = NULL
      WHERE oidc_models.expires_at IS NOT NULL AND oidc_models.expires_at <= now()
    RETURNING id`.execute(db);
  return r.rows.length === 1;
}

/** Removes expired rows (housekeeping; call now and then). */
export const purgeExpired = (db: Db) =>
  db.deleteFrom('oidc_models').where('expires_at', '<=', sql<Date>`now()`).executeTakeFirst();
