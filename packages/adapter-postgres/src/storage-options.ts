import { z } from 'zod';
import type { SqlDriver } from './client/sql-driver.js';
import { runMigrations } from './migrate.js';
import { clientOption, schemaOption } from './option-schemas.js';

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
  client: clientOption,
  schema: schemaOption,
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
