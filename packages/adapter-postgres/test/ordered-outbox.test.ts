import type { ClaimedOutbox, CommitRequest, Storage } from '@gridflow/engine';
import {
  CONFORMANCE_EPOCH,
  makeCaseRecord,
  makeCreateCommit,
  makeOutboxRecord,
  makeUpdateCommit,
  uniqueId,
} from '@gridflow/engine/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, postgresStorage } from '../src/index.js';
import { toSqlDriver } from '../src/client/to-sql-driver.js';
import { MIGRATIONS } from '../src/migrations/index.js';
import { commitPayload } from '../src/storage/commit-transition.js';
import { sqlNames } from '../src/sql-names.js';
import { openTestDatabase, type TestDatabase } from './test-database.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

/** Claim and deliver until nothing is left; the ids in the order they were handed out. */
async function drain(storage: Storage): Promise<string[]> {
  const order: string[] = [];
  for (;;) {
    const rows: ClaimedOutbox[] = await storage.claimOutbox({
      now: CONFORMANCE_EPOCH,
      limit: 100,
      leaseMs: 60_000,
      owner: 'test',
    });
    if (rows.length === 0) return order;
    for (const row of rows) {
      order.push(row.id);
      await storage.settleOutbox(row.id, row.leaseToken, { status: 'delivered', at: CONFORMANCE_EPOCH });
    }
  }
}

describe('ordered outbox rows on Postgres', () => {
  it('holds all but the first row of each key in a set-based batch and numbers them in request order', async () => {
    const schema = db.freshSchemaName();
    const storage = postgresStorage({ client: db.client, schema });
    try {
      const [busy, fresh] = [uniqueId('key'), uniqueId('key')];
      const first = makeCaseRecord();
      const waiting = makeOutboxRecord(first.id, { orderingKey: busy });
      await storage.commit(makeCreateCommit(first, { outbox: [waiting] }));
      const cases = Array.from({ length: 20 }, () => makeCaseRecord());
      for (const record of cases) await storage.commit(makeCreateCommit(record));
      // Twenty plain updates: the batch goes the set-based way. Even cases add one row of the busy key, odd
      // ones two rows of a fresh key.
      const requests: CommitRequest[] = cases.map((record, i) => {
        const key = i % 2 === 0 ? busy : fresh;
        const outbox = Array.from({ length: i % 2 === 0 ? 1 : 2 }, () =>
          makeOutboxRecord(record.id, { orderingKey: key }),
        );
        return makeUpdateCommit(record, {}, { outbox });
      });
      const [row] = await db.sql(
        `select ${sqlNames(schema).commitBatchFunction}($1, $2::jsonb) as outcomes`,
        ['default', JSON.stringify(requests.map(commitPayload))],
      );
      expect((row!.outcomes as Array<{ path?: string }>).every((o) => o.path === 'set')).toBe(true);

      const stored = await db.sql(
        `select id, status, ordering_key from "${schema}".outbox where ordering_key is not null order by order_seq`,
      );
      const expected = [waiting.id, ...requests.flatMap((r) => r.outbox.map((o) => o.id))];
      const byKey = (key: string) =>
        expected.filter((id) => stored.find((s) => s.id === id)?.ordering_key === key);
      expect(stored.filter((s) => s.ordering_key === busy).map((s) => s.id)).toEqual(byKey(busy));
      expect(stored.filter((s) => s.ordering_key === fresh).map((s) => s.id)).toEqual(byKey(fresh));
      expect(stored.filter((s) => s.status === 'pending').map((s) => s.id)).toEqual([
        waiting.id,
        byKey(fresh)[0],
      ]);

      const order = await drain(storage);
      expect(order.filter((id) => byKey(busy).includes(id))).toEqual(byKey(busy));
      expect(order.filter((id) => byKey(fresh).includes(id))).toEqual(byKey(fresh));
    } finally {
      await storage.dispose?.();
      await db.dropSchema(schema);
    }
  });

  it('upgrades a schema at version 7 with outbox rows in place, which stay deliverable', async () => {
    const schema = db.freshSchemaName();
    const t = sqlNames(schema);
    const driver = toSqlDriver(db.client);
    await driver.exec(`create schema ${t.schema};
create table ${t.migrations} (version integer primary key, name text not null, applied_at timestamptz not null default now());`);
    for (const migration of MIGRATIONS.filter((m) => m.version <= 7)) {
      await driver.exec(migration.sql(t));
      await db.sql(`insert into ${t.migrations} (version, name) values ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
    }
    const record = makeCaseRecord();
    const { orderingKey, ...old } = makeOutboxRecord(record.id);
    const request = { ...commitPayload(makeCreateCommit(record)), outbox: [old] };
    await db.sql(`select ${t.commitFunction}($1, $2::jsonb)`, ['default', JSON.stringify(request)]);

    expect(await migrate({ client: db.client, schema })).toEqual({
      applied: MIGRATIONS.filter((m) => m.version > 7).map((m) => m.version),
      version: MIGRATIONS.at(-1)!.version,
    });
    const storage = postgresStorage({ client: db.client, schema });
    try {
      expect((await storage.listOutbox({ status: 'pending' })).items).toEqual([
        { ...old, orderingKey: null },
      ]);
      expect(await drain(storage)).toEqual([old.id]);
    } finally {
      await storage.dispose?.();
      await db.dropSchema(schema);
    }
  });
});
