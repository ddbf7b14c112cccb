import { z } from 'zod';
import type { PgClientLike } from './client/pg-client-like.js';
import type { SqlDriver } from './client/sql-driver.js';
import { runMigrations } from './migrate.js';
import { SCHEMA_NAME } from './sql-names.js';

/**
 * The options every gridflow store on Postgres takes (`postgresStorage`, `postgresPointsLedger`): the client,
 * the schema, the tenant, and whether to migrate on first use.
 *
 * @example
 * ```ts
 * const optionsSchema = z.object({ ...connectionOptions, closeClient: z.boolean().default(false) });
 * ```
 */
export const connectionOptions = {
  client: z.custom<PgClientLike>(
    (v) => typeof v === 'object' && v !== null && typeof (v as { query?: unknown }).query === 'function',
    'must be a pg Pool or a PGlite instance',
  ),
  schema: z
    .string()
    .regex(SCHEMA_NAME, 'must be a lower-case SQL identifier of at most 40 characters')
    .default('gridflow'),
  tenantId: z.string().min(1, 'must not be empty').default('default'),
  migrate: z.boolean().default(true),
};

/**
 * Run the schema's pending migrations on first use (when `migrate` is on), once: later calls wait for the same
 * run, and a failed run is tried again by the next call rather than failing forever.
 *
 * @example
 * ```ts
 * const init = migrateOnce(driver, 'gridflow', true);
 * await init();
 * ```
 */
export function migrateOnce(driver: SqlDriver, schema: string, migrate: boolean): () => Promise<void> {
  let ready: Promise<void> | null = null;
  return () => {
    ready ??= (migrate ? runMigrations(driver, schema).then(() => undefined) : Promise.resolve()).catch(
      (error: unknown) => {
        ready = null;
        throw error;
      },
    );
    return ready;
  };
}
