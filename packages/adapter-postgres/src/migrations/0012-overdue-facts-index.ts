import type { Migration } from './migration.js';

/**
 * Migration 12: the open cases whose facts recorded an SLA breach, newest first, as a small partial index. The
 * `overdue` worklist is the union of two index-driven arms (a running deadline passed, from the cases' indexes,
 * and a recorded breach, from this one), so a page of breached cases walks this index until it is full instead
 * of joining every breached case of the district, and a district with none reads nothing.
 *
 * @example
 * ```ts
 * MIGRATIONS.find((m) => m.version === 12)?.name; // 'overdue facts index'
 * ```
 */
export const overdueFactsIndexMigration: Migration = {
  version: 12,
  name: 'overdue facts index',
  sql: (
    t,
  ) => `create index case_facts_overdue_idx on ${t.caseFacts} (tenant_id, created_at desc, case_id collate "C" desc)
  where status = 'active' and overdue_at is not null;`,
};
