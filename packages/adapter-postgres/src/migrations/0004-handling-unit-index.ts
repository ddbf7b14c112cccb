import type { Migration } from './migration.js';

/**
 * Migration 4: a GIN index on `handling_units`, so a department's worklist (`handlingUnit` filter: the cases it
 * handles as lead or co-handling unit, wherever they belong) is index-driven instead of a scan of the tenant.
 *
 * @example
 * ```ts
 * MIGRATIONS.at(-1)?.name; // 'handling unit index'
 * ```
 */
export const handlingUnitIndexMigration: Migration = {
  version: 4,
  name: 'handling unit index',
  sql: (t) => `create index cases_handling_units_idx on ${t.cases} using gin (handling_units);`,
};
