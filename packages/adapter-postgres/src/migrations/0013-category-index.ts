import type { Migration } from './migration.js';

/**
 * A case's category read from its snapshot, as `caseCategory` in `@gridflow/engine` reads it: the context's
 * `request.category` (a work order's request as filed), else the context's `category`, when it is a JSON
 * string. The worklist's `category` filter compares this expression, so it matches the index below.
 *
 * @example
 * ```ts
 * where.push(`${CASE_CATEGORY_SQL} = $2`);
 * ```
 */
export const CASE_CATEGORY_SQL = `coalesce(
  case when jsonb_typeof(snapshot #> '{context,request,category}') = 'string'
    then snapshot #>> '{context,request,category}' end,
  case when jsonb_typeof(snapshot #> '{context,category}') = 'string'
    then snapshot #>> '{context,category}' end)`;

/**
 * Migration 13: an expression index on each case's category (see {@link CASE_CATEGORY_SQL}), newest first, so
 * a worklist filtered by category (the command centre's 问题类别) pages and counts from the index instead of
 * reading every case of the subtree. Existing cases are indexed as it is built: no backfill is needed.
 *
 * @example
 * ```ts
 * MIGRATIONS.find((m) => m.version === 13)?.name; // 'category index'
 * ```
 */
export const categoryIndexMigration: Migration = {
  version: 13,
  name: 'category index',
  sql: (t) =>
    `create index cases_category_idx on ${t.cases} (tenant_id, (${CASE_CATEGORY_SQL}), created_at desc, id desc);`,
};
