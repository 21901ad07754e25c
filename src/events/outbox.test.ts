import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/app.js';
import { type BulkPerson, registerBulk } from '../registry/index.js';
import { systemActor } from '../shared/context.js';
import { listOutbox } from './index.js';
import { eventsTestApp, registerBirthViaApi } from './test-kit.js';

let t: TestApp;
beforeAll(async () => {
  t = await eventsTestApp();
});
afterAll(() => t.close());

const outboxOf = (pid: string) =>
  t.database.db.selectFrom('outbox').selectAll().where('subject', '=', pid).orderBy('position').execute();

describe('the outbox', () => {
  it('gets a person.born row in the same transaction as the birth', async () => {
    const pid = await registerBirthViaApi(t, { givenName: 'Ánh', dateOfBirth: '2024-02-03' });
    const rows = await outboxOf(pid);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: 'person.born', subject: pid, unit_codes: ['01'] });
    expect(rows[0]!.fields).toEqual(expect.arrayContaining(['givenName', 'dateOfBirth', 'status']));
    expect(rows[0]!.payload).toEqual({
      pid,
      type: 'person.born',
      effectiveDate: '2024-02-03',
      unitCodes: ['01'],
      fields: rows[0]!.fields,
      version: 1,
    });
    const listed = await listOutbox(t.database.db, { after: rows[0]!.position - 1, limit: 1 });
    expect(listed).toEqual([
      { position: rows[0]!.position, type: 'person.born', recordedAt: expect.any(String) },
    ]);
  });

  it('gets nothing when the registry write fails after the outbox insert', async () => {
    // A trigger makes the projection write (after the outbox insert) fail for one name.
    await sql`CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.given_name = 'Hỏng' THEN RAISE EXCEPTION 'refused by test'; END IF; RETURN NEW; END $$`.execute(
      t.database.db,
    );
    await sql`CREATE TRIGGER test_refuse BEFORE INSERT ON persons FOR EACH ROW EXECUTE FUNCTION test_refuse()`.execute(
      t.database.db,
    );
    const before = await t.database.db
      .selectFrom('outbox')
      .select((e) => e.fn.countAll().as('n'))
      .executeTakeFirst();
    await expect(registerBirthViaApi(t, { givenName: 'Hỏng' })).rejects.toThrow(/birth failed: 500/);
    const after = await t.database.db
      .selectFrom('outbox')
      .select((e) => e.fn.countAll().as('n'))
      .executeTakeFirst();
    expect(Number(after!.n)).toBe(Number(before!.n));
    await sql`DROP TRIGGER test_refuse ON persons`.execute(t.database.db);
  });

  it('says person.moved with the old and new units', async () => {
    const pid = await registerBirthViaApi(t, { givenName: 'Dũng', dateOfBirth: '1990-01-01' });
    const move = async (unitCode: string, from: string) => {
      const version = (
        await t.app.inject({
          url: `/api/v1/persons/${pid}`,
          headers: { authorization: `Bearer ${t.adminToken}` },
        })
      ).json().version;
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/persons/${pid}/residence`,
        headers: {
          authorization: `Bearer ${t.adminToken}`,
          'idempotency-key': `mv-${pid}-${unitCode}`,
          'if-match': `"${version}"`,
        },
        payload: {
          kind: 'permanent',
          place: { unitCode },
          newHousehold: true,
          from,
          sourceDocument: { kind: 'residence_application', number: `CT-${unitCode}` },
        },
      });
      expect(res.statusCode).toBe(200);
    };
    await move('01', '2015-01-01');
    await move('79', '2020-01-01');
    const rows = await outboxOf(pid);
    expect(rows.map((r) => r.type)).toEqual(['person.born', 'person.moved', 'person.moved']);
    expect(rows[2]!.unit_codes).toEqual(['01', '79']);
    expect(rows[2]!.fields).toEqual(['permanentResidence']);
  });

  it('gets rows from the bulk path only when asked', async () => {
    const person = (pid: string): BulkPerson => ({
      pid,
      birth: {
        familyName: 'Lê',
        middleName: 'Văn',
        ethnicity: 'Kinh',
        nationality: 'VN',
        givenName: 'Bình',
        sex: 'male',
        dateOfBirth: '1980-05-05',
        placeOfBirth: { unitCode: '48' },
        sourceDocument: { kind: 'birth_certificate', number: `B-${pid}` },
      },
      actions: [],
    });
    const admin = { ...systemActor('test'), roles: ['admin' as const] };
    await registerBulk(t.database, admin, [person('048080000001')]);
    expect(await outboxOf('048080000001')).toHaveLength(0);
    const r = await registerBulk(t.database, admin, [person('048080000002')], { emitEvents: true });
    expect(r.written).toBe(1);
    const rows = await outboxOf('048080000002');
    expect(rows.map((x) => [x.type, x.unit_codes])).toEqual([['person.born', ['48']]]);
  });
});
