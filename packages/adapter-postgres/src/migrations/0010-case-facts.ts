import type { Migration } from './migration.js';

/**
 * Migration 10: the case-facts projection. One row per case, written by the commit that changes the case (or
 * by a refresh), holding the extractor's facts as columns the reports aggregate over, the sign-for windows
 * and the whole facts document (for the handling view), the extractor's version, and the case columns the
 * reports scope by. The indexes serve the three ways a case matters to a period (received in it, closed in
 * it, open at its end) and the dashboard's open-case counts. Existing cases get their rows from
 * `engine.refreshCaseFacts` (or the first report over them).
 *
 * @example
 * ```ts
 * MIGRATIONS.find((m) => m.version === 10)?.name; // 'case facts'
 * ```
 */
export const caseFactsMigration: Migration = {
  version: 10,
  name: 'case facts',
  sql: (t) => `
create table ${t.caseFacts} (
  tenant_id text not null,
  case_id text not null,
  flow_id text not null,
  org_unit text not null,
  state text not null,
  status text not null,
  case_version integer not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  extractor text not null,
  included boolean not null,
  received_at timestamptz,
  closed_at timestamptz,
  due_at timestamptz,
  overdue_at timestamptz,
  reminded_at timestamptz,
  rating text,
  resolved boolean,
  returns integer not null default 0,
  reopens integer not null default 0,
  sign_for jsonb not null default '[]',
  last_opened_at timestamptz,
  last_signed_at timestamptz,
  last_late_at timestamptz,
  last_due_at timestamptz,
  last_ended_at timestamptz,
  facts jsonb,
  primary key (tenant_id, case_id)
);
create index case_facts_received_idx on ${t.caseFacts} (tenant_id, org_unit, received_at) where included;
create index case_facts_closed_idx on ${t.caseFacts} (tenant_id, org_unit, closed_at) where included;
create index case_facts_open_idx on ${t.caseFacts} (tenant_id, org_unit, state) where status = 'active';

create function ${t.saveFactsFunction}(p_tenant text, p_rows jsonb) returns integer
language sql as $fn$
  with incoming as (
    select distinct on (r.case_id) r.*
    from jsonb_to_recordset(p_rows) as r(
      i integer, case_id text, flow_id text, org_unit text, state text, status text, case_version integer,
      created_at timestamptz, updated_at timestamptz, extractor text, included boolean,
      received_at timestamptz, closed_at timestamptz, due_at timestamptz, overdue_at timestamptz,
      reminded_at timestamptz, rating text, resolved boolean, returns integer, reopens integer,
      sign_for jsonb, last_opened_at timestamptz, last_signed_at timestamptz, last_late_at timestamptz,
      last_due_at timestamptz, last_ended_at timestamptz, facts jsonb)
    order by r.case_id, r.case_version desc, r.i desc
  ), saved as (
    insert into ${t.caseFacts} as f (tenant_id, case_id, flow_id, org_unit, state, status, case_version,
      created_at, updated_at, extractor, included, received_at, closed_at, due_at, overdue_at, reminded_at,
      rating, resolved, returns, reopens, sign_for, last_opened_at, last_signed_at, last_late_at, last_due_at,
      last_ended_at, facts)
    select p_tenant, case_id, flow_id, org_unit, state, status, case_version, created_at, updated_at,
      extractor, included, received_at, closed_at, due_at, overdue_at, reminded_at, rating, resolved,
      coalesce(returns, 0), coalesce(reopens, 0), coalesce(sign_for, '[]'), last_opened_at, last_signed_at,
      last_late_at, last_due_at, last_ended_at, facts
    from incoming
    on conflict (tenant_id, case_id) do update set
      flow_id = excluded.flow_id, org_unit = excluded.org_unit, state = excluded.state,
      status = excluded.status, case_version = excluded.case_version, created_at = excluded.created_at,
      updated_at = excluded.updated_at, extractor = excluded.extractor, included = excluded.included,
      received_at = excluded.received_at, closed_at = excluded.closed_at, due_at = excluded.due_at,
      overdue_at = excluded.overdue_at, reminded_at = excluded.reminded_at, rating = excluded.rating,
      resolved = excluded.resolved, returns = excluded.returns, reopens = excluded.reopens,
      sign_for = excluded.sign_for, last_opened_at = excluded.last_opened_at,
      last_signed_at = excluded.last_signed_at, last_late_at = excluded.last_late_at,
      last_due_at = excluded.last_due_at, last_ended_at = excluded.last_ended_at, facts = excluded.facts
    where f.case_version <= excluded.case_version
    returning 1
  )
  select count(*)::integer from saved
$fn$;
`,
};
