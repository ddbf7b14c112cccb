import { z } from 'zod';
import type { PgClientLike, PGliteLike } from './client/pg-client-like.js';
import { SCHEMA_NAME } from './sql-names.js';

const isClient = (v: unknown): boolean => {
  if (typeof v !== 'object' || v === null) return false;
  const client = v as Partial<PGliteLike> & { connect?: unknown };
  // `toSqlDriver` tells the two apart by these: PGlite has `transaction`, a pg Pool has `connect`.
  return (
    typeof client.query === 'function' &&
    (typeof client.transaction === 'function' || typeof client.connect === 'function')
  );
};

/**
 * The `client` option of every factory here: a `pg` Pool or a PGlite instance.
 *
 * @example
 * ```ts
 * const optionsSchema = z.object({ client: clientOption, schema: schemaOption });
 * ```
 */
export const clientOption = z.custom<PgClientLike>(isClient, {
  error: (issue) => (issue.input === undefined ? 'is required' : 'must be a pg Pool or a PGlite instance'),
});

/**
 * The `schema` option of every factory here: a lower-case SQL identifier, default `gridflow`.
 *
 * @example
 * ```ts
 * schemaOption.parse(undefined); // 'gridflow'
 * ```
 */
export const schemaOption = z
  .string()
  .regex(SCHEMA_NAME, 'must be a lower-case SQL identifier of at most 40 characters')
  .default('gridflow');
