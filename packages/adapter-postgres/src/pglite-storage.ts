import { mkdirSync } from 'node:fs';
import { parseOptions } from '@gridflow/engine';
import { z } from 'zod';
import type { PGliteLike } from './client/pg-client-like.js';
import { importOptionalPeer } from './client/optional-peer.js';
import { schemaOption } from './option-schemas.js';
import { type PostgresStorage, postgresStorage } from './postgres-storage.js';

/**
 * Options of {@link pgliteStorage}.
 *
 * @example
 * ```ts
 * const options: PgliteStorageOptions = { dataDir: './.data/gridflow' };
 * ```
 */
export interface PgliteStorageOptions {
  /** Directory PGlite keeps its files in (created if missing); omit for a database in memory only. */
  dataDir?: string;
  /** Schema holding gridflow's tables; default `gridflow`. */
  schema?: string;
  /** Tenant (district) every row is scoped to; default `default`. */
  tenantId?: string;
}

const optionsSchema = z.object({
  dataDir: z.string().min(1, 'must not be empty').optional(),
  schema: schemaOption,
  tenantId: z.string().min(1, 'must not be empty').default('default'),
});

/**
 * The embedded default: gridflow on PGlite (Postgres compiled to WASM, in this process), no server needed.
 * The storage owns the PGlite instance and closes it on `dispose()`. Needs `@electric-sql/pglite` installed.
 *
 * @example
 * ```ts
 * import { pgliteStorage } from '@gridflow/adapter-postgres';
 * const storage = await pgliteStorage({ dataDir: './.data/gridflow' });
 * const engine = createEngine({ storage, flows, directory });
 * ```
 */
export async function pgliteStorage(options: PgliteStorageOptions = {}): Promise<PostgresStorage> {
  // Checked before PGlite starts, so a bad option leaves no open database behind.
  const { dataDir, schema, tenantId } = parseOptions(optionsSchema, options);
  const { PGlite } = (await importOptionalPeer(
    '@electric-sql/pglite',
    'pgliteStorage',
    () => import('@electric-sql/pglite'),
  )) as { PGlite: new (dataDir?: string) => PGliteLike };
  // PGlite creates only the last folder of a path; a fresh checkout has none of `.data/...`.
  if (dataDir && !dataDir.includes('://')) mkdirSync(dataDir, { recursive: true });
  const client = new PGlite(dataDir);
  return postgresStorage({ client, schema, tenantId, closeClient: true });
}
