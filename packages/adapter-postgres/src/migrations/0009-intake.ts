import type { Migration } from './migration.js';

/**
 * Migration 9: the intake's quarantine and pollers' cursors. A quarantine row keeps the outside record as
 * received in a `json` column (not `jsonb`: it keeps the body's text, key order and `\u0000` escapes as they
 * came) and its reason in columns, so people can count refusals by code and field. One row per
 * `(source, external_id)`: the unique key lets a repeated refusal update its row atomically
 * (`on conflict do update`); records without an outside id (`null`) each get their own row.
 *
 * @example
 * ```ts
 * await tx.exec(intakeMigration.sql(sqlNames('gridflow')));
 * ```
 */
export const intakeMigration: Migration = {
  version: 9,
  name: 'intake quarantine and cursors',
  sql: (t) => `
create table ${t.intakeQuarantine} (
  tenant_id text collate "C" not null,
  id text collate "C" not null,
  source text collate "C" not null,
  external_id text collate "C",
  raw json not null,
  reason_code text not null,
  reason_field text,
  reason_message text not null,
  status text not null check (status in ('open', 'resolved', 'discarded')),
  attempts integer not null,
  case_id text collate "C",
  note text,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (tenant_id, id),
  unique (tenant_id, source, external_id)
);
create index intake_quarantine_list_idx on ${t.intakeQuarantine} (tenant_id, created_at, id);
create index intake_quarantine_status_idx on ${t.intakeQuarantine} (tenant_id, status, created_at, id);
create index intake_quarantine_source_idx on ${t.intakeQuarantine} (tenant_id, source, status, created_at, id);

create table ${t.intakeCursors} (
  tenant_id text collate "C" not null,
  name text collate "C" not null,
  value text not null,
  updated_at timestamptz not null,
  primary key (tenant_id, name)
);
`,
};
