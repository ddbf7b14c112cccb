import type { SqlNames } from '../sql-names.js';
import { orderedOutboxInsert } from './0008-ordered-insert.js';

/** The outbox rows of one commit request, numbered in their order (`n`). */
const OUTBOX_ROWS = `rows from (jsonb_to_recordset(p->'outbox') as (id text, "caseId" text, type text, payload jsonb,
      "idempotencyKey" text, "orderingKey" text, status text, attempts integer, "nextAttemptAt" timestamptz,
      "lastError" text, "createdAt" timestamptz, "deliveredAt" timestamptz)) with ordinality as o(id, "caseId",
      type, payload, "idempotencyKey", "orderingKey", status, attempts, "nextAttemptAt", "lastError", "createdAt",
      "deliveredAt", n)`;

/**
 * `gf_commit` as migration 6 left it, with one change: a request flagged `ordered` (some outbox row has an
 * ordering key) inserts its outbox rows through {@link orderedOutboxInsert}. Requests without ordered rows run
 * the same statements as before.
 *
 * @example
 * ```ts
 * const sql = orderedCommitFunction(sqlNames('gridflow'));
 * ```
 */
export function orderedCommitFunction(t: SqlNames): string {
  return `
create or replace function ${t.commitFunction}(p_tenant text, p jsonb) returns jsonb
language plpgsql as $fn$
declare
  c jsonb := p->'case';
  v_case_id text := p->'case'->>'id';
  v_expected integer := (p->>'expectedVersion')::integer;
  v_idem jsonb := p->'idempotency';
  v_consume jsonb := p->'consumeTimer';
  v_units text[];
  v_j jsonb;
  v_current integer;
  v_seen record;
begin
  if jsonb_typeof(v_idem) = 'object' then
    insert into ${t.idempotencyKeys} (tenant_id, key, case_id, fingerprint, version, created_at)
    values (p_tenant, v_idem->>'key', v_idem->>'caseId', v_idem->>'fingerprint', (v_idem->>'version')::integer,
      (v_idem->>'createdAt')::timestamptz)
    on conflict (tenant_id, key) do nothing;
    if not found then
      select key, case_id, fingerprint, version, created_at into v_seen
      from ${t.idempotencyKeys} where tenant_id = p_tenant and key = v_idem->>'key';
      return jsonb_build_object('status', 'duplicate', 'record', jsonb_build_object('key', v_seen.key,
        'caseId', v_seen.case_id, 'fingerprint', v_seen.fingerprint, 'version', v_seen.version,
        'createdAt', v_seen.created_at));
    end if;
  end if;

  if jsonb_typeof(v_consume) = 'object' then
    delete from ${t.timers}
    where tenant_id = p_tenant and id = v_consume->>'id' and lease_token = v_consume->>'leaseToken';
    if not found then
      raise exception using errcode = 'GF410', message = 'gridflow: the consumed timer is gone or its lease was lost';
    end if;
  end if;

  if jsonb_array_length(c->'handlingUnits') = 0 then
    v_units := '{}';
  else
    v_units := array(select jsonb_array_elements_text(c->'handlingUnits'));
  end if;

  if v_expected is null then
    insert into ${t.cases} (tenant_id, id, flow_id, flow_version, state, status, snapshot, version, org_unit,
      assignee, requester_id, handling_units, due_at, created_at, updated_at)
    values (p_tenant, v_case_id, c->>'flowId', (c->>'flowVersion')::integer, c->>'state', c->>'status',
      c->'snapshot', (c->>'version')::integer, c->>'orgUnit', c->>'assignee', c->>'requesterId',
      v_units, (c->>'dueAt')::timestamptz, (c->>'createdAt')::timestamptz, (c->>'updatedAt')::timestamptz)
    on conflict (tenant_id, id) do nothing;
  else
    update ${t.cases} set flow_id = c->>'flowId', flow_version = (c->>'flowVersion')::integer,
      state = c->>'state', status = c->>'status', snapshot = c->'snapshot', version = (c->>'version')::integer,
      org_unit = c->>'orgUnit', assignee = c->>'assignee', requester_id = c->>'requesterId',
      handling_units = v_units, due_at = (c->>'dueAt')::timestamptz, updated_at = (c->>'updatedAt')::timestamptz
    where tenant_id = p_tenant and id = v_case_id and version = v_expected;
  end if;
  if not found then
    select version into v_current from ${t.cases} where tenant_id = p_tenant and id = v_case_id;
    raise exception using errcode = 'GF409', message = 'gridflow: case version conflict',
      detail = coalesce(v_current::text, '');
  end if;

  if jsonb_array_length(p->'journal') = 1 then
    v_j := p->'journal'->0;
    insert into ${t.journal} (tenant_id, case_id, seq, type, event, actor, flow_version, from_state, to_state, at,
      causation_id, idempotency_key)
    values (p_tenant, v_j->>'caseId', (v_j->>'seq')::integer, v_j->>'type', v_j->'event', v_j->'actor',
      (v_j->>'flowVersion')::integer, v_j->>'fromState', v_j->>'toState', (v_j->>'at')::timestamptz,
      v_j->>'causationId', v_j->>'idempotencyKey');
  else
    insert into ${t.journal} (tenant_id, case_id, seq, type, event, actor, flow_version, from_state, to_state, at,
      causation_id, idempotency_key)
    select p_tenant, j."caseId", j.seq, j.type, j.event, j.actor, j."flowVersion", j."fromState", j."toState", j.at,
      j."causationId", j."idempotencyKey"
    from jsonb_to_recordset(p->'journal') as j("caseId" text, seq integer, type text, event jsonb, actor jsonb,
      "flowVersion" integer, "fromState" text, "toState" text, at timestamptz, "causationId" text,
      "idempotencyKey" text);
  end if;

  if jsonb_array_length(p->'cancelTimers') > 0 or jsonb_array_length(p->'scheduleTimers') > 0 then
    delete from ${t.timers}
    where tenant_id = p_tenant and case_id = v_case_id and key in (
      select jsonb_array_elements_text(p->'cancelTimers')
      union all
      select s->>'key' from jsonb_array_elements(p->'scheduleTimers') as s);
    insert into ${t.timers} (tenant_id, id, case_id, key, event, due_at, provisional, plan)
    select p_tenant, s.id, s."caseId", s.key, s.event, s."dueAt", s.provisional, s.plan
    from jsonb_to_recordset(p->'scheduleTimers') as s(id text, "caseId" text, key text, event jsonb,
      "dueAt" timestamptz, provisional boolean, plan jsonb)
    on conflict (tenant_id, id) do update set case_id = excluded.case_id, key = excluded.key,
      event = excluded.event, due_at = excluded.due_at, provisional = excluded.provisional, plan = excluded.plan,
      lease_token = null, lease_owner = null, lease_until = null;
  end if;

  if jsonb_array_length(p->'outbox') > 0 then
    if (p->>'ordered')::boolean then
${orderedOutboxInsert(t, { keys: "jsonb_array_elements(p->'outbox') as r", rows: OUTBOX_ROWS, order: 'o.n' })}
    else
      insert into ${t.outbox} (tenant_id, id, case_id, type, payload, idempotency_key, status, attempts,
        next_attempt_at, last_error, created_at, delivered_at)
      select p_tenant, o.id, o."caseId", o.type, o.payload, o."idempotencyKey", o.status, o.attempts,
        o."nextAttemptAt", o."lastError", o."createdAt", o."deliveredAt"
      from jsonb_to_recordset(p->'outbox') as o(id text, "caseId" text, type text, payload jsonb,
        "idempotencyKey" text, status text, attempts integer, "nextAttemptAt" timestamptz, "lastError" text,
        "createdAt" timestamptz, "deliveredAt" timestamptz);
    end if;
  end if;

  -- NOTIFY is transactional: listeners hear it only once this commit is visible.
  if (p->>'wakeTimers')::boolean then
    perform pg_notify('${t.channel}', 'timers:' || p_tenant);
  end if;
  if (p->>'wakeOutbox')::boolean then
    perform pg_notify('${t.channel}', 'outbox:' || p_tenant);
  end if;
  return '{"status":"committed"}'::jsonb;
end
$fn$;
`;
}
