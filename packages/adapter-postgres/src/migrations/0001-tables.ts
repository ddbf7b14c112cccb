import type { Migration } from './migration.js';

/**
 * The tables. Every primary key starts with `tenant_id`, so the schema can later be distributed by tenant
 * (Citus) and every index serves one tenant's queries. Ids, states and org units use the "C" collation: byte
 * order makes state-prefix matches index-friendly and sorts ids as JavaScript does.
 *
 * @example
 * ```ts
 * await tx.exec(tablesMigration.sql(sqlNames('gridflow')));
 * ```
 */
export const tablesMigration: Migration = {
  version: 1,
  name: 'tables',
  sql: (t) => `
create table ${t.flowVersions} (
  tenant_id text collate "C" not null,
  flow_id text collate "C" not null,
  version integer not null,
  hash text not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, flow_id, version)
);

create table ${t.cases} (
  tenant_id text collate "C" not null,
  id text collate "C" not null,
  flow_id text collate "C" not null,
  flow_version integer not null,
  state text collate "C" not null,
  status text not null check (status in ('active', 'done')),
  snapshot jsonb not null,
  version integer not null,
  org_unit text collate "C" not null,
  assignee text collate "C",
  requester_id text collate "C",
  handling_units text[] not null default '{}',
  due_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (tenant_id, id)
) with (fillfactor = 80);
create index cases_worklist_idx on ${t.cases} (tenant_id, org_unit, state, created_at desc, id desc);
create index cases_parallel_idx on ${t.cases} (tenant_id, org_unit, created_at desc, id desc) where state like '%,%';
create index cases_overdue_idx on ${t.cases} (tenant_id, due_at) where status = 'active' and due_at is not null;
create index cases_assignee_idx on ${t.cases} (tenant_id, assignee, created_at desc, id desc) where assignee is not null;
create index cases_requester_idx on ${t.cases} (tenant_id, requester_id, created_at desc, id desc) where requester_id is not null;
create index cases_flow_state_idx on ${t.cases} (tenant_id, flow_id, state, created_at desc, id desc);
create index cases_created_idx on ${t.cases} (tenant_id, created_at desc, id desc);

create table ${t.journal} (
  tenant_id text collate "C" not null,
  case_id text collate "C" not null,
  seq integer not null,
  type text not null,
  event jsonb not null,
  actor jsonb not null,
  flow_version integer not null,
  from_state text,
  to_state text not null,
  at timestamptz not null,
  causation_id text,
  idempotency_key text,
  primary key (tenant_id, case_id, seq)
);

create table ${t.idempotencyKeys} (
  tenant_id text collate "C" not null,
  key text collate "C" not null,
  case_id text collate "C" not null,
  fingerprint text not null,
  version integer not null,
  created_at timestamptz not null,
  primary key (tenant_id, key)
);

create table ${t.timers} (
  tenant_id text collate "C" not null,
  id text collate "C" not null,
  case_id text collate "C" not null,
  key text collate "C" not null,
  event jsonb not null,
  due_at timestamptz not null,
  provisional boolean not null default false,
  plan jsonb,
  lease_token text,
  lease_owner text,
  lease_until timestamptz,
  primary key (tenant_id, id),
  unique (tenant_id, case_id, key)
);
create index timers_due_idx on ${t.timers} (tenant_id, due_at, id);
create index timers_provisional_idx on ${t.timers} (tenant_id, due_at, id) where provisional;

create table ${t.outbox} (
  tenant_id text collate "C" not null,
  id text collate "C" not null,
  case_id text collate "C" not null,
  type text not null,
  payload jsonb,
  idempotency_key text not null,
  status text not null check (status in ('pending', 'delivered', 'dead')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null,
  last_error text,
  created_at timestamptz not null,
  delivered_at timestamptz,
  lease_token text,
  lease_owner text,
  lease_until timestamptz,
  primary key (tenant_id, id)
);
create index outbox_due_idx on ${t.outbox} (tenant_id, status, next_attempt_at);
create index outbox_list_idx on ${t.outbox} (tenant_id, status, created_at, id);
create index outbox_case_idx on ${t.outbox} (tenant_id, case_id, created_at, id);
`,
};
