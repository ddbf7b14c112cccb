import { mkdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { pgliteStorage, postgresStorage } from '@gridflow/adapter-postgres';
import type { Storage } from '@gridflow/engine';
import pg from 'pg';

/**
 * The demo's storage and how to describe and close it.
 *
 * @example
 * ```ts
 * const { storage, label, close } = await demoStorage({ seed: 42, fresh: false });
 * ```
 */
export interface DemoStorage {
  storage: Storage;
  label: string;
  close(): Promise<void>;
}

/**
 * The embedded default, PGlite in `examples/.data/demo-<seed>` (wiped first, so every run starts empty), or,
 * with `DATABASE_URL` set, a real Postgres server in a schema of its own, `gridflow_demo_<seed>`. The demo
 * never writes into a schema that already holds a run unless `fresh` says to drop it.
 *
 * @example
 * ```ts
 * const { storage } = await demoStorage({ seed: 7, fresh: true });
 * ```
 */
export async function demoStorage(options: { seed: number; fresh: boolean }): Promise<DemoStorage> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dataDir = fileURLToPath(new URL(`../.data/demo-${options.seed}`, import.meta.url));
    await rm(dataDir, { recursive: true, force: true });
    await mkdir(dataDir, { recursive: true });
    const storage = await pgliteStorage({ dataDir, tenantId: 'binjiang' });
    return {
      storage,
      label: `PGlite (embedded Postgres) in examples/.data/demo-${options.seed}`,
      close: async () => storage.dispose?.(),
    };
  }
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const schema = `gridflow_demo_${options.seed}`;
  const found = await pool.query('select 1 from information_schema.schemata where schema_name = $1', [
    schema,
  ]);
  if (found.rowCount) {
    if (!options.fresh) {
      await pool.end();
      throw Object.assign(
        new Error(`schema ${schema} already holds a demo run; pass --fresh to drop it and start over`),
        { name: 'UsageError' },
      );
    }
    await pool.query(`drop schema ${schema} cascade`);
  }
  const storage = postgresStorage({ client: pool, schema, tenantId: 'binjiang' });
  return {
    storage,
    label: `Postgres at DATABASE_URL, schema ${schema}`,
    close: async () => {
      await storage.dispose?.();
      await pool.end();
    },
  };
}
