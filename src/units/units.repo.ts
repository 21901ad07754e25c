import type { Generated, Insertable, Selectable } from 'kysely';
import { type Db, sql } from '../db/index.js';

/** The two eras of the unit lists. */
export type UnitEra = 'pre2025' | '2025';
export type UnitLevel = 'province' | 'district' | 'commune';

export interface UnitsTable {
  era: UnitEra;
  code: string;
  name: string;
  full_name: string;
  level: UnitLevel;
  kind: string;
  parent_code: string | null;
  province_code: string;
  search_name: string;
  version_id: number | null;
}

export interface UnitListVersionsTable {
  id: Generated<number>;
  era: UnitEra;
  source: string;
  sha256: string;
  legal_basis: string | null;
  in_force: string | null;
  imported_at: Generated<Date>;
  applied_at: Generated<Date>;
  provinces: number;
  districts: number;
  communes: number;
}

export interface UnitSuccessorsTable {
  old_era: Generated<'pre2025'>;
  old_code: string;
  new_era: Generated<'2025'>;
  new_code: string;
  level: 'province' | 'commune';
  source: string | null;
}

declare module '../db/tables.js' {
  interface Tables {
    units: UnitsTable;
    unit_list_versions: UnitListVersionsTable;
    unit_successors: UnitSuccessorsTable;
  }
}

export type UnitRow = Selectable<UnitsTable>;
export type NewUnitRow = Insertable<UnitsTable>;
export type UnitListVersionRow = Selectable<UnitListVersionsTable>;

const unitColumns = [
  'era',
  'code',
  'name',
  'full_name',
  'level',
  'kind',
  'parent_code',
  'province_code',
  'search_name',
  'version_id',
] as const;

/** Every unit of both eras (about 15,000 rows once the full lists are imported). */
export const allUnits = (db: Db) => db.selectFrom('units').select(unitColumns).execute();

/** Every successor pair. */
export const allSuccessors = (db: Db) =>
  db.selectFrom('unit_successors').select(['old_code', 'new_code', 'level']).execute();

export const findUnit = (db: Db, era: UnitEra, code: string) =>
  db
    .selectFrom('units')
    .select(unitColumns)
    .where('era', '=', era)
    .where('code', '=', code)
    .executeTakeFirst();

export const findSuccessorCodes = async (db: Db, oldCode: string) =>
  (
    await db
      .selectFrom('unit_successors')
      .select('new_code')
      .where('old_code', '=', oldCode)
      .orderBy('new_code')
      .execute()
  ).map((r) => r.new_code);

/** A cheap fingerprint of the unit data: changes whenever an import changes something. */
export const dataStamp = async (db: Db) => {
  const r = await sql<{ stamp: string }>`
    SELECT count(*) || ':' || coalesce(max(extract(epoch FROM applied_at))::text, '') || ':' ||
      (SELECT count(*) FROM unit_successors) AS stamp
    FROM unit_list_versions`.execute(db);
  return r.rows[0]?.stamp ?? '';
};

export const findVersion = (db: Db, era: UnitEra, sha256: string) =>
  db
    .selectFrom('unit_list_versions')
    .selectAll()
    .where('era', '=', era)
    .where('sha256', '=', sha256)
    .executeTakeFirst();

export const listVersions = (db: Db) =>
  db.selectFrom('unit_list_versions').selectAll().orderBy('id').execute();

/** Records a list version once per (era, sha256); returns its id. Idempotent. */
export async function upsertVersion(db: Db, v: Insertable<UnitListVersionsTable>): Promise<number> {
  const row = await db
    .insertInto('unit_list_versions')
    .values(v)
    .onConflict((oc) => oc.columns(['era', 'sha256']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (row) return row.id;
  return (await findVersion(db, v.era, v.sha256))!.id;
}

export const touchVersion = (db: Db, id: number) =>
  db.updateTable('unit_list_versions').set({ applied_at: sql`now()` }).where('id', '=', id).execute();

/**
 * Inserts or updates units; a row whose content is unchanged is left alone (so that a
 * second import of the same list writes nothing). Returns how many rows were written.
 */
export async function upsertUnits(db: Db, rows: NewUnitRow[]): Promise<number> {
  let written = 0;
  for (let i = 0; i < rows.length; i += 1000) {
    const res = await db
      .insertInto('units')
      .values(rows.slice(i, i + 1000))
      .onConflict((oc) =>
        oc
          .columns(['era', 'code'])
          .doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            full_name: eb.ref('excluded.full_name'),
            level: eb.ref('excluded.level'),
            kind: eb.ref('excluded.kind'),
            parent_code: eb.ref('excluded.parent_code'),
            province_code: eb.ref('excluded.province_code'),
            search_name: eb.ref('excluded.search_name'),
            version_id: eb.ref('excluded.version_id'),
          }))
          .where(
            sql<boolean>`(units.name, units.full_name, units.level, units.kind, units.parent_code, units.province_code, units.search_name) IS DISTINCT FROM (excluded.name, excluded.full_name, excluded.level, excluded.kind, excluded.parent_code, excluded.province_code, excluded.search_name)`,
          ),
      )
      .executeTakeFirst();
    written += Number(res.numInsertedOrUpdatedRows ?? 0);
  }
  return written;
}

/** Codes of one era present in the database. */
export const unitCodes = async (db: Db, era: UnitEra, level?: UnitLevel) => {
  let q = db.selectFrom('units').select('code').where('era', '=', era);
  if (level) q = q.where('level', '=', level);
  return new Set((await q.execute()).map((r) => r.code));
};

/** Adds successor pairs; pairs already present are skipped. Returns how many were new. */
export async function insertSuccessors(
  db: Db,
  rows: { old_code: string; new_code: string; level: 'commune'; source: string }[],
): Promise<number> {
  let added = 0;
  for (let i = 0; i < rows.length; i += 2000) {
    const res = await db
      .insertInto('unit_successors')
      .values(rows.slice(i, i + 2000))
      .onConflict((oc) => oc.columns(['old_code', 'new_code']).doNothing())
      .executeTakeFirst();
    added += Number(res.numInsertedOrUpdatedRows ?? 0);
  }
  return added;
}
