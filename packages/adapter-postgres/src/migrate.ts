import { parseOptions } from '@gridflow/engine';
import { z } from 'zod';
import type { PgClientLike } from './client/pg-client-like.js';
import type { SqlDriver } from './client/sql-driver.js';
import { toSqlDriver } from './client/to-sql-driver.js';
import { MIGRATIONS } from './migrations/index.js';
import { clientOption, schemaOption } from './option-schemas.js';
import { sqlNames } from './sql-names.js';

/** First key of gridflow's advisory locks ('gf'); the second is the schema's hash. */
const LOCK_NAMESPACE = 0x6766;

/**
 * Options of {@link migrate}.
 *
 * @example
 * ```ts
 * const options: MigrateOptions = { client: pool, schema: 'gridflow' };
 * ```
 */
export interface MigrateOptions {
  /** A `pg` Pool or a PGlite instance. */
  client: PgClientLike;
  /** Schema holding gridflow's tables; created if missing. Default `gridflow`. */
  schema?: string;
}

/**
 * What {@link migrate} did.
 *
 * @example
 * ```ts
 * const { applied, version } = await migrate({ client: pool });
 * console.log(`now at ${version}, applied ${applied.length}`);
 * ```
 */
export interface MigrateResult {
  /** Versions applied by this call (empty when the schema was already current). */
  applied: number[];
  /** The schema's version afterwards. */
  version: number;
}

const optionsSchema = z.object({ client: clientOption, schema: schemaOption });

/**
 * Bring gridflow's schema up to date. Idempotent, and safe to run from several processes at once: each run
 * takes a transaction-scoped advisory lock for the schema, so the others wait and then find nothing to do.
 * Every migration commits together with its `schema_migrations` row, or not at all.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { migrate } from '@gridflow/adapter-postgres';
 * await migrate({ client: new pg.Pool({ connectionString: process.env.DATABASE_URL }) });
 * ```
 */
export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const { client, schema } = parseOptions(optionsSchema, options);
  return runMigrations(toSqlDriver(client), schema);
}

/**
 * {@link migrate} on an existing driver (the storage's `init` uses it).
 *
 * @example
 * ```ts
 * await runMigrations(toSqlDriver(pool), 'gridflow');
 * ```
 */
export async function runMigrations(driver: SqlDriver, schema: string): Promise<MigrateResult> {
  const t = sqlNames(schema);
  return driver.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1, hashtext($2))', [LOCK_NAMESPACE, schema]);
    await tx.exec(`create schema if not exists ${t.schema};
create table if not exists ${t.migrations} (
  version integer primary key,
  name text not null,
  applied_at timestamptz not null default now()
);`);
    const rows = await tx.query<{ version: number }>(`select version from ${t.migrations}`);
    const done = new Set(rows.map((row) => row.version));
    const applied: number[] = [];
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;
      await tx.exec(migration.sql(t));
      await tx.query(`insert into ${t.migrations} (version, name) values ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    return { applied, version: Math.max(0, ...done, ...applied) };
  });
}
