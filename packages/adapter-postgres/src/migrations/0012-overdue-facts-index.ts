import type { Migration } from './migration.js';

/**
 * Migration 12: the open cases whose facts recorded an SLA breach, as a small partial index. The `overdue`
 * worklist is the union of two index-driven sets (a running deadline passed, from the cases' overdue index,
 * and a recorded breach, from this one), so a district with few overdue cases finds them without reading its
 * other cases' facts.
 *
 * @example
 * ```ts
 * MIGRATIONS.find((m) => m.version === 12)?.name; // 'overdue facts index'
 * ```
 */
export const overdueFactsIndexMigration: Migration = {
  version: 12,
  name: 'overdue facts index',
  sql: (t) => `create index case_facts_overdue_idx on ${t.caseFacts} (tenant_id, case_id)
  where status = 'active' and overdue_at is not null;`,
};
