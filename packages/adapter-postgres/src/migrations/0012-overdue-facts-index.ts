import type { Migration } from './migration.js';

/**
 * Migration 12: two small partial indexes, newest first, for the `overdue` worklist, which is the union of two
 * arms: the open cases whose running deadline has passed (`cases_open_deadline_idx`: open cases with a
 * deadline only, so a page skips no closed case and no case without one) and the open cases whose facts
 * recorded an SLA breach (`case_facts_overdue_idx`). A page of either arm walks its index until it is full
 * instead of sorting or joining every overdue case of the district, and a district with none reads nothing.
 *
 * @example
 * ```ts
 * MIGRATIONS.find((m) => m.version === 12)?.name; // 'overdue indexes'
 * ```
 */
export const overdueFactsIndexMigration: Migration = {
  version: 12,
  name: 'overdue indexes',
  sql: (
    t,
  ) => `create index case_facts_overdue_idx on ${t.caseFacts} (tenant_id, created_at desc, case_id collate "C" desc)
  where status = 'active' and overdue_at is not null;
create index cases_open_deadline_idx on ${t.cases} (tenant_id, created_at desc, id desc)
  where status = 'active' and due_at is not null;`,
};
