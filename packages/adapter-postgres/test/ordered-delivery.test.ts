import { runOrderedDelivery } from '@gridflow/engine/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresStorage } from '../src/index.js';
import { openTestDatabase, type TestDatabase } from './test-database.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

describe(`ordered effects on ${process.env.DATABASE_URL ? 'postgres' : 'PGlite'}`, () => {
  it('delivers 1,000 effects over 50 keys through two engines in commit order per key, each once', async () => {
    const schema = db.freshSchemaName();
    const storage = postgresStorage({ client: db.client, schema });
    // On a server the second engine has its own pool, as another process would; PGlite has one connection.
    const peerClient = db.openPeer();
    const peer = peerClient ? postgresStorage({ client: peerClient, schema }) : storage;
    try {
      await storage.init?.();
      const report = await runOrderedDelivery({
        storages: [storage, peer],
        effects: 1000,
        keys: 50,
        seed: 23,
      });
      expect(report).toMatchObject({
        committed: 1000,
        delivered: 1000,
        outOfOrder: [],
        overlaps: [],
        duplicates: [],
      });
      expect(report.failures).toBeGreaterThan(100);
      const [left] = await db.sql(
        `select count(*)::int as n from "${schema}".outbox where status <> 'delivered'`,
      );
      expect(left!.n).toBe(0);
    } finally {
      await storage.dispose?.();
      if (peer !== storage) await peer.dispose?.();
      await db.dropSchema(schema);
    }
  }, 180_000);
});
