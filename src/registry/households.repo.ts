import type { Db } from '../db/index.js';
import type { Tx } from './registry.repo.js';

/** SQL for households and their memberships. */
export const findHousehold = (db: Db | Tx, id: string) =>
  db.selectFrom('households').selectAll().where('id', '=', id).executeTakeFirst();

export const householdExists = async (db: Db | Tx, id: string) =>
  (await db.selectFrom('households').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;

export const insertHouseholdTx = (
  trx: Tx,
  h: {
    id: string;
    head_pid: string;
    unit_code: string;
    unit_name: string | null;
    address_line: string | null;
  },
) =>
  trx
    .insertInto('households')
    .values({ ...h, created_at: undefined })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();

export const setHeadTx = (trx: Tx, id: string, headPid: string | null) =>
  trx.updateTable('households').set({ head_pid: headPid }).where('id', '=', id).execute();

/** Ends the current membership of `pid` (any household); returns the ended rows. */
export const endMembershipTx = (trx: Tx, pid: string, until: string) =>
  trx
    .updateTable('household_members')
    .set({ until })
    .where('pid', '=', pid)
    .where('until', 'is', null)
    .returning(['household_id', 'relation'])
    .execute();

export const insertMembershipTx = (
  trx: Tx,
  m: { household_id: string; pid: string; relation: string; since: string },
) =>
  trx
    .insertInto('household_members')
    .values({ ...m, until: null, id: undefined })
    .execute();

/** Current members with what a household view shows of them. */
export const currentMembers = (db: Db | Tx, householdId: string) =>
  db
    .selectFrom('household_members as m')
    .innerJoin('persons as p', 'p.pid', 'm.pid')
    .select(['m.pid', 'm.relation', 'm.since', 'p.full_name', 'p.date_of_birth', 'p.sex', 'p.status'])
    .where('m.household_id', '=', householdId)
    .where('m.until', 'is', null)
    .orderBy('m.since')
    .orderBy('m.pid')
    .execute();
