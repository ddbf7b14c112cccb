import type { SqlNames } from '../sql-names.js';

/**
 * One versioned schema change. Versions only ever grow; a released migration is never edited, a fix is a new
 * version.
 *
 * @example
 * ```ts
 * const m: Migration = { version: 3, name: 'outbox by type', sql: (t) => `create index … on ${t.outbox} (type)` };
 * ```
 */
export interface Migration {
  /** Schema version this migration brings the database to. */
  version: number;
  /** Short name, shown in `migrate` output. */
  name: string;
  /** The statements, for the schema the names point into. */
  sql(names: SqlNames): string;
}
