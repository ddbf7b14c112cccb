import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, postgresStorage } from '../src/index.js';
import { openTestDatabase, type TestDatabase } from './test-database.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

const latest = MIGRATIONS.at(-1)!.version;

describe(`migrate (${process.env.DATABASE_URL ? 'postgres' : 'PGlite'})`, () => {
  it('creates the schema and records every migration once', async () => {
    const schema = db.freshSchemaName();
    try {
      expect(await migrate({ client: db.client, schema })).toEqual({
        applied: MIGRATIONS.map((m) => m.version),
        version: latest,
      });
      const rows = await db.sql(`select version, name from "${schema}".schema_migrations order by version`);
      expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    } finally {
      await db.dropSchema(schema);
    }
  });

  it('does nothing the second time', async () => {
    const schema = db.freshSchemaName();
    try {
      await migrate({ client: db.client, schema });
      expect(await migrate({ client: db.client, schema })).toEqual({ applied: [], version: latest });
    } finally {
      await db.dropSchema(schema);
    }
  });

  it('applies each migration exactly once when several processes migrate at the same moment', async () => {
    const schema = db.freshSchemaName();
    // Separate pools stand in for separate processes; on PGlite the calls still interleave.
    const clients = Array.from({ length: 6 }, () => db.openPeer() ?? db.client);
    try {
      const results = await Promise.all(clients.map((client) => migrate({ client, schema })));
      const applied = results.flatMap((r) => r.applied).sort((a, b) => a - b);
      expect(applied).toEqual(MIGRATIONS.map((m) => m.version));
      expect(results.every((r) => r.version === latest)).toBe(true);
      const [{ count }] = (await db.sql(
        `select count(*)::int as count from "${schema}".schema_migrations`,
      )) as [{ count: number }];
      expect(count).toBe(MIGRATIONS.length);
    } finally {
      await db.dropSchema(schema);
    }
  });

  it('lets a storage migrate on first use and then work', async () => {
    const schema = db.freshSchemaName();
    const storage = postgresStorage({ client: db.client, schema });
    try {
      expect(await storage.loadCase('nothing-yet')).toBeNull();
      expect(await db.sql(`select version from "${schema}".schema_migrations`)).toHaveLength(
        MIGRATIONS.length,
      );
    } finally {
      await storage.dispose?.();
      await db.dropSchema(schema);
    }
  });

  it('leaves the schema alone when told not to migrate', async () => {
    const schema = db.freshSchemaName();
    const storage = postgresStorage({ client: db.client, schema, migrate: false });
    await expect(storage.loadCase('c-1')).rejects.toThrow(/does not exist/);
    expect(await db.sql('select 1 from pg_namespace where nspname = $1', [schema])).toEqual([]);
  });

  it('names the offending option', () => {
    expect(() => postgresStorage({ client: db.client, schema: 'Bad-Name' })).toThrow(/schema/);
    expect(() => postgresStorage({ client: db.client, tenantId: '' })).toThrow(/tenantId/);
    expect(() => postgresStorage({ client: undefined as never })).toThrow(/client/);
  });
});
