import { validationError } from '@gridflow/engine';
import type { PgClientLike, PGliteLike } from './pg-client-like.js';
import { pgliteDriver } from './pglite-driver.js';
import { poolDriver } from './pool-driver.js';
import type { SqlDriver } from './sql-driver.js';

/**
 * Pick the driver by what the client can do: a client with its own `transaction` is an embedded
 * single-connection database (PGlite); one that hands out connections with `connect` is a pool.
 *
 * @example
 * ```ts
 * const driver = toSqlDriver(new PGlite());
 * ```
 */
export function toSqlDriver(client: PgClientLike): SqlDriver {
  if (typeof (client as Partial<PGliteLike>).transaction === 'function') {
    return pgliteDriver(client as PGliteLike);
  }
  if (typeof (client as { connect?: unknown }).connect === 'function') {
    return poolDriver(client as Exclude<PgClientLike, PGliteLike>);
  }
  throw validationError('options.client', 'must be a pg Pool or a PGlite instance');
}
