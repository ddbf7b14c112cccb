import { mkdirSync } from 'node:fs';
import type { PGliteLike } from './client/pg-client-like.js';
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
  schema?: string;
  tenantId?: string;
}

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
  const { PGlite } = (await import('@electric-sql/pglite')) as {
    PGlite: new (dataDir?: string) => PGliteLike;
  };
  // PGlite creates only the last folder of a path; a fresh checkout has none of `.data/...`.
  if (options.dataDir && !options.dataDir.includes('://')) mkdirSync(options.dataDir, { recursive: true });
  const client = new PGlite(options.dataDir);
  return postgresStorage({ client, schema: options.schema, tenantId: options.tenantId, closeClient: true });
}
