import { describeStorageConformance } from '@gridflow/engine/conformance';
import { afterAll, beforeAll } from 'vitest';
import { type PostgresStorage, postgresStorage } from '../src/index.js';
import { sqlInspector } from './sql-inspector.js';
import { openTestDatabase, type TestDatabase } from './test-database.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

describeStorageConformance({
  name: process.env.DATABASE_URL ? 'postgres' : 'postgres on PGlite',
  setup: async () => {
    const schema = db.freshSchemaName();
    const storage = postgresStorage({ client: db.client, schema, tenantId: 'district-a' });
    await storage.init?.();
    const peerClient = db.openPeer();
    const peer = peerClient
      ? postgresStorage({ client: peerClient, schema, tenantId: 'district-a' })
      : undefined;
    const reopened: PostgresStorage[] = [];
    return {
      storage,
      peer,
      // A restart, as far as the store can tell: a fresh pool and storage over the same schema.
      reopen: () => {
        const client = db.openPeer();
        if (!client) throw new Error('only a server can be reopened; PGlite in memory is not durable');
        const again = postgresStorage({ client, schema, tenantId: 'district-a' });
        reopened.push(again);
        return again;
      },
      inspect: sqlInspector(db, schema, 'district-a'),
      teardown: async () => {
        await storage.dispose?.();
        await peer?.dispose?.();
        for (const again of reopened) await again.dispose?.();
        await db.dropSchema(schema);
      },
    };
  },
});
