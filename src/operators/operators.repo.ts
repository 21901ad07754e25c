import type { Generated, Insertable, Selectable } from 'kysely';
import type { Db } from '../db/index.js';

export interface OperatorsTable {
  username: string;
  display_name: string;
  password_hash: string;
  roles: string[];
  units: string[];
  disabled: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface OperatorSessionsTable {
  token_hash: string;
  username: string;
  created_at: Generated<Date>;
  expires_at: Date;
}

export type OperatorRow = Selectable<OperatorsTable>;

declare module '../db/tables.js' {
  interface Tables {
    operators: OperatorsTable;
    operator_sessions: OperatorSessionsTable;
  }
}

type NewOperator = Insertable<OperatorsTable>;

export const insertOperator = (db: Db, row: NewOperator) =>
  db
    .insertInto('operators')
    .values(row)
    .onConflict((oc) => oc.column('username').doNothing())
    .returningAll()
    .executeTakeFirst();

export const findOperator = (db: Db, username: string) =>
  db.selectFrom('operators').selectAll().where('username', '=', username).executeTakeFirst();

export const countOperators = async (db: Db) =>
  Number(
    (
      await db
        .selectFrom('operators')
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

export const insertSession = (db: Db, row: Insertable<OperatorSessionsTable>) =>
  db.insertInto('operator_sessions').values(row).execute();

export const findSessionOperator = (db: Db, tokenHash: string) =>
  db
    .selectFrom('operator_sessions as s')
    .innerJoin('operators as o', 'o.username', 's.username')
    .select(['o.username', 'o.display_name', 'o.roles', 'o.units', 'o.disabled', 's.expires_at'])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();

export const deleteSession = (db: Db, tokenHash: string) =>
  db.deleteFrom('operator_sessions').where('token_hash', '=', tokenHash).execute();

export const listOperators = (db: Db) =>
  db
    .selectFrom('operators')
    .select(['username', 'display_name', 'roles', 'units', 'disabled'])
    .orderBy('username')
    .execute();
