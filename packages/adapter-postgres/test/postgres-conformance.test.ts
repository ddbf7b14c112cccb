import { describeStorageConformance } from '@gridflow/engine/testing';
import { afterAll, beforeAll } from 'vitest';
import { postgresStorage } from '../src/index.js';
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
    return {
      storage,
      peer,
      inspect: sqlInspector(db, schema, 'district-a'),
      teardown: async () => {
        await storage.dispose?.();
        await peer?.dispose?.();
        await db.dropSchema(schema);
      },
    };
  },
});
