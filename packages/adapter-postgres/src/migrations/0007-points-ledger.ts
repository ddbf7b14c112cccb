import type { Migration } from './migration.js';

/**
 * Migration 7: the points ledger (积分台账) of `postgresPointsLedger`. `points_entries` is append-only,
 * one row per award or redemption, keyed by its idempotency key; `points_balances` holds each person's running
 * balance and is the row a movement locks, so the overdraft check and the write are one atomic step per person.
 * `gf_points_record` does that step in one round trip and reports an existing key instead of writing twice.
 *
 * @example
 * ```ts
 * await db.query(`select ${t.schema}.gf_points_record($1, $2::jsonb) as outcome`, [tenantId, JSON.stringify(m)]);
 * ```
 */
export const pointsLedgerMigration: Migration = {
  version: 7,
  name: 'points ledger',
  sql: (t) => `
create table ${t.schema}."points_balances" (
  tenant_id text collate "C" not null,
  person_id text collate "C" not null,
  balance bigint not null check (balance >= 0),
  entries bigint not null,
  primary key (tenant_id, person_id)
);

create table ${t.schema}."points_entries" (
  tenant_id text collate "C" not null,
  idempotency_key text collate "C" not null,
  person_id text collate "C" not null,
  seq bigint not null,
  kind text not null check (kind in ('award', 'redeem')),
  amount bigint not null check (amount > 0),
  reason text not null,
  case_id text collate "C",
  at timestamptz not null,
  balance_after bigint not null check (balance_after >= 0),
  primary key (tenant_id, idempotency_key),
  unique (tenant_id, person_id, seq)
);

create or replace function ${t.schema}."gf_points_record"(p_tenant text, p jsonb) returns jsonb
language plpgsql as $fn$
declare
  v_person text := p->>'personId';
  v_amount bigint := (p->>'amount')::bigint;
  v_balance bigint;
  v_entries bigint;
  v_entry record;
begin
  -- Lock the person's balance row first: movements of one person take turns from here on.
  insert into ${t.schema}."points_balances" (tenant_id, person_id, balance, entries)
  values (p_tenant, v_person, 0, 0)
  on conflict (tenant_id, person_id) do nothing;
  select balance, entries into v_balance, v_entries from ${t.schema}."points_balances"
  where tenant_id = p_tenant and person_id = v_person for update;

  select * into v_entry from ${t.schema}."points_entries"
  where tenant_id = p_tenant and idempotency_key = p->>'idempotencyKey';
  if found then
    return jsonb_build_object('status', 'existing', 'entry', to_jsonb(v_entry));
  end if;

  if p->>'kind' = 'redeem' and v_amount > v_balance then
    return jsonb_build_object('status', 'insufficient', 'balance', v_balance);
  end if;
  v_balance := v_balance + case when p->>'kind' = 'award' then v_amount else -v_amount end;
  insert into ${t.schema}."points_entries" (tenant_id, idempotency_key, person_id, seq, kind, amount, reason, case_id,
    at, balance_after)
  values (p_tenant, p->>'idempotencyKey', v_person, v_entries + 1, p->>'kind', v_amount, p->>'reason',
    p->>'caseId', (p->>'at')::timestamptz, v_balance)
  returning * into v_entry;
  update ${t.schema}."points_balances" set balance = v_balance, entries = v_entries + 1
  where tenant_id = p_tenant and person_id = v_person;
  return jsonb_build_object('status', 'recorded', 'entry', to_jsonb(v_entry));
end
$fn$;
`,
};
