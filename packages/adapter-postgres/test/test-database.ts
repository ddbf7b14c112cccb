import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import type { PgClientLike } from '../src/index.js';

/**
 * Where the tests run: the real server named by `DATABASE_URL` when set, embedded PGlite otherwise.
 *
 * @example
 * ```ts
 * const db = await openTestDatabase();
 * const schema = db.freshSchemaName();
 * ```
 */
export interface TestDatabase {
  kind: 'postgres' | 'pglite';
  /** The client tests give to `postgresStorage`. */
  client: PgClientLike;
  /** A second, independent client on the same database (another pool, as another process would have); null on PGlite. */
  openPeer(): PgClientLike | null;
  /** Raw statements for inspectors and fixtures, never through the adapter. */
  // biome-ignore lint/suspicious/noExplicitAny: raw rows in tests are read field by field.
  sql<R = Record<string, any>>(text: string, values?: unknown[]): Promise<R[]>;
  freshSchemaName(): string;
  dropSchema(schema: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Open the test database for one test file.
 *
 * @example
 * ```ts
 * let db: TestDatabase;
 * beforeAll(async () => { db = await openTestDatabase(); });
 * afterAll(() => db.close());
 * ```
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const url = process.env.DATABASE_URL;
  const base = {
    freshSchemaName: () => `gf_test_${randomBytes(6).toString('hex')}`,
  };
  if (url) {
    const pools: pg.Pool[] = [];
    const openPool = (): pg.Pool => {
      const pool = new pg.Pool({ connectionString: url, max: 10 });
      pool.on('error', () => {}); // idle clients killed by the server in tests are not failures
      pools.push(pool);
      return pool;
    };
    const pool = openPool();
    return {
      ...base,
      kind: 'postgres',
      client: pool,
      openPeer: openPool,
      sql: async (text, values) => (await pool.query(text, values)).rows,
      dropSchema: async (schema) => {
        await pool.query(`drop schema if exists "${schema}" cascade`);
      },
      close: async () => {
        await Promise.all(pools.map((p) => p.end()));
      },
    };
  }
  const dump = inject('pgliteDump');
  const db = dump ? new PGlite({ loadDataDir: new Blob([await readFile(dump)]) }) : new PGlite();
  return {
    ...base,
    kind: 'pglite',
    client: db,
    openPeer: () => null,
    sql: async (text, values) => (await db.query(text, values)).rows as never[],
    dropSchema: async (schema) => {
      await db.exec(`drop schema if exists "${schema}" cascade`);
    },
    close: () => db.close(),
  };
}
