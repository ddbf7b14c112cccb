import type { SqlNames } from '../sql-names.js';
import { orderedOutboxInsert } from './0008-ordered-insert.js';

/** The outbox rows of the batch's committed requests, numbered in their request's order (`n`). */
const BATCH_OUTBOX_ROWS = `unnest(v_ok) as b(i),
      rows from (jsonb_to_recordset(p->b.i->'outbox') as (id text, "caseId" text, type text, payload jsonb,
      "idempotencyKey" text, "orderingKey" text, status text, attempts integer, "nextAttemptAt" timestamptz,
      "lastError" text, "createdAt" timestamptz, "deliveredAt" timestamptz)) with ordinality as o(id, "caseId",
      type, payload, "idempotencyKey", "orderingKey", status, attempts, "nextAttemptAt", "lastError", "createdAt",
      "deliveredAt", n)`;

/**
 * `gf_commit_set` as migration 5 left it, with one change: when a committed request of the set is flagged
 * `ordered`, the set's outbox rows go through {@link orderedOutboxInsert} (the keys of the whole set locked
 * in one order, after the cases). Sets without ordered rows run the same statements as before.
 *
 * @example
 * ```ts
 * const sql = orderedCommitSetFunction(sqlNames('gridflow'));
 * ```
 */
export function orderedCommitSetFunction(t: SqlNames): string {
  return `
create or replace function ${t.commitSetFunction}(p_tenant text, p jsonb, p_set integer[], p_ids text[])
returns jsonb[]
-- Generic plans: every lookup joins the batch's ids to a primary key, so the plan is right whatever the
-- statistics, and a batch is not re-planned on every call.
language plpgsql set plan_cache_mode = force_generic_plan as $fn$
declare
  v_outcomes jsonb[] := array_fill(null::jsonb, array[jsonb_array_length(p)]);
  v_timer_ids text[];
  v_ok integer[] := '{}';
  v_ok_timer_ids text[] := '{}';
  v_checked record;
  v_wake_timers boolean;
  v_wake_outbox boolean;
begin
  -- Lock in the single commit's order: consumed timers, then cases, each by id.
  v_timer_ids := array(select p->i->'consumeTimer'->>'id' from unnest(p_set) as i
    where jsonb_typeof(p->i->'consumeTimer') = 'object');
  perform 1 from unnest(v_timer_ids) as x(id)
  join ${t.timers} tm on tm.tenant_id = p_tenant and tm.id = x.id order by tm.id for update of tm;
  perform 1 from unnest(p_ids) as x(id)
  join ${t.cases} c on c.tenant_id = p_tenant and c.id = x.id order by c.id for update of c;

  -- Check each request in the single commit's order: timer lease, then case version.
  for v_checked in
    select s.i, p->s.i->'consumeTimer'->>'id' as timer_id,
      jsonb_typeof(p->s.i->'consumeTimer') = 'object' and tm.id is null as timer_gone,
      c.version is distinct from (p->s.i->>'expectedVersion')::integer as conflict,
      c.version as current_version
    from unnest(p_set) as s(i)
    left join ${t.timers} tm on tm.tenant_id = p_tenant and tm.id = p->s.i->'consumeTimer'->>'id'
      and tm.lease_token = p->s.i->'consumeTimer'->>'leaseToken'
    left join ${t.cases} c on c.tenant_id = p_tenant and c.id = p->s.i->'case'->>'id'
  loop
    if v_checked.timer_gone then
      v_outcomes[v_checked.i + 1] := '{"status":"timer-gone","path":"set"}'::jsonb;
    elsif v_checked.conflict then
      v_outcomes[v_checked.i + 1] := jsonb_build_object('status', 'conflict',
        'detail', coalesce(v_checked.current_version::text, ''), 'path', 'set');
    else
      v_outcomes[v_checked.i + 1] := '{"status":"committed","path":"set"}'::jsonb;
      v_ok := v_ok || v_checked.i;
      if v_checked.timer_id is not null then
        v_ok_timer_ids := v_ok_timer_ids || v_checked.timer_id;
      end if;
    end if;
  end loop;

  delete from ${t.timers} tm using unnest(v_ok_timer_ids) as x(id) where tm.tenant_id = p_tenant and tm.id = x.id;

  update ${t.cases} as c set flow_id = u.c->>'flowId', flow_version = (u.c->>'flowVersion')::integer,
    state = u.c->>'state', status = u.c->>'status', snapshot = u.c->'snapshot',
    version = (u.c->>'version')::integer, org_unit = u.c->>'orgUnit', assignee = u.c->>'assignee',
    requester_id = u.c->>'requesterId',
    handling_units = array(select jsonb_array_elements_text(u.c->'handlingUnits')),
    due_at = (u.c->>'dueAt')::timestamptz, updated_at = (u.c->>'updatedAt')::timestamptz
  from (select p->i->'case' as c from unnest(v_ok) as i) u
  where c.tenant_id = p_tenant and c.id = u.c->>'id';

  insert into ${t.journal} (tenant_id, case_id, seq, type, event, actor, flow_version, from_state, to_state,
    at, causation_id, idempotency_key)
  select p_tenant, j."caseId", j.seq, j.type, j.event, j.actor, j."flowVersion", j."fromState", j."toState",
    j.at, j."causationId", j."idempotencyKey"
  from unnest(v_ok) as i,
    jsonb_to_recordset(p->i->'journal') as j("caseId" text, seq integer, type text, event jsonb, actor jsonb,
      "flowVersion" integer, "fromState" text, "toState" text, at timestamptz, "causationId" text,
      "idempotencyKey" text);

  delete from ${t.timers} tm
  using (
    select p->i->'case'->>'id' as case_id, k.key
    from unnest(v_ok) as i,
      lateral (
        select jsonb_array_elements_text(p->i->'cancelTimers')
        union all
        select s->>'key' from jsonb_array_elements(p->i->'scheduleTimers') as s
      ) as k(key)
  ) d
  where tm.tenant_id = p_tenant and tm.case_id = d.case_id and tm.key = d.key;

  insert into ${t.timers} (tenant_id, id, case_id, key, event, due_at, provisional, plan)
  select p_tenant, s.id, s."caseId", s.key, s.event, s."dueAt", s.provisional, s.plan
  from unnest(v_ok) as i,
    jsonb_to_recordset(p->i->'scheduleTimers') as s(id text, "caseId" text, key text, event jsonb,
      "dueAt" timestamptz, provisional boolean, plan jsonb)
  on conflict (tenant_id, id) do update set case_id = excluded.case_id, key = excluded.key,
    event = excluded.event, due_at = excluded.due_at, provisional = excluded.provisional, plan = excluded.plan,
    lease_token = null, lease_owner = null, lease_until = null;

  if exists (select 1 from unnest(v_ok) as i where (p->i->>'ordered')::boolean) then
${orderedOutboxInsert(t, {
  keys: "unnest(v_ok) as i, jsonb_array_elements(p->i->'outbox') as r",
  rows: BATCH_OUTBOX_ROWS,
  order: 'b.i, o.n',
})}
  else
    insert into ${t.outbox} (tenant_id, id, case_id, type, payload, idempotency_key, status, attempts,
      next_attempt_at, last_error, created_at, delivered_at)
    select p_tenant, o.id, o."caseId", o.type, o.payload, o."idempotencyKey", o.status, o.attempts,
      o."nextAttemptAt", o."lastError", o."createdAt", o."deliveredAt"
    from unnest(v_ok) as i,
      jsonb_to_recordset(p->i->'outbox') as o(id text, "caseId" text, type text, payload jsonb,
        "idempotencyKey" text, status text, attempts integer, "nextAttemptAt" timestamptz, "lastError" text,
        "createdAt" timestamptz, "deliveredAt" timestamptz);
  end if;

  select coalesce(bool_or((p->i->>'wakeTimers')::boolean), false),
    coalesce(bool_or((p->i->>'wakeOutbox')::boolean), false)
  into v_wake_timers, v_wake_outbox
  from unnest(v_ok) as i;
  -- NOTIFY is transactional: listeners hear it only once this commit is visible.
  if v_wake_timers then
    perform pg_notify('${t.channel}', 'timers:' || p_tenant);
  end if;
  if v_wake_outbox then
    perform pg_notify('${t.channel}', 'outbox:' || p_tenant);
  end if;
  return v_outcomes;
end
$fn$;
`;
}
