import type { FactsTallyQuery } from '@gridflow/engine';
import type { StoreContext } from './store-context.js';

/**
 * One unit's counts as the tally statement returns them (bigint counts may come back as strings).
 *
 * @example
 * ```ts
 * Number(row.received);
 * ```
 */
export interface TallyRow {
  org_unit: string;
  received: unknown;
  closed: unknown;
  closed_on_time: unknown;
  open_overdue: unknown;
  sign_for_due: unknown;
  signed_for_on_time: unknown;
  rated: unknown;
  satisfied: unknown;
  with_verdict: unknown;
  resolved: unknown;
  returned: unknown;
  reopened: unknown;
  /** Handling times in whole milliseconds of the cases closed in the period, unsorted (float8[]). */
  handling_ms: unknown;
}

interface Statement {
  text: string;
  values: unknown[];
}

/**
 * The projection rows a period's report reads, as a WHERE clause on `case_facts`: the journal-based report's
 * scope (created before `to`, not done before `from` when created before it), narrowed to the three ways a
 * case can count (received in the period, closed in it, or open at its end), each a range on an index.
 * Parameters: `$1` tenant, `$2` from, `$3` to, then the units and flow when given.
 *
 * @example
 * ```ts
 * const { text, values } = scopedFactsSql(ctx, { period });
 * ```
 */
export function scopedFactsSql(
  ctx: StoreContext,
  query: { period: FactsTallyQuery['period']; orgUnits?: readonly string[]; flowId?: string },
): Statement {
  const { from, to } = query.period;
  const values: unknown[] = [ctx.tenantId, from.toISOString(), to.toISOString()];
  const where = [
    'tenant_id = $1',
    'created_at < $3::timestamptz',
    `not (status = 'done' and updated_at < $2::timestamptz and created_at < $2::timestamptz)`,
  ];
  if (query.orgUnits) where.push(`org_unit = any($${values.push([...query.orgUnits])}::text[])`);
  if (query.flowId !== undefined) where.push(`flow_id = $${values.push(query.flowId)}`);
  return { text: where.join(' and '), values };
}

/**
 * The area report in one statement: counts grouped by the unit a case belongs to, and each unit's handling
 * times (whole milliseconds, unsorted; the adapter sorts them and merges them into each rolled-up row's
 * median). Each case adds 0 or 1 to each count by the same definitions as `tallyCases`. The columns it reads
 * are all in the covering index `case_facts_tally_idx`, so the scan is index-only; the sign-for windows
 * (jsonb) are read from the table only for a case received in the period whose last window opened at or
 * after the period's end (a CASE evaluates its subquery only for the rows that reach it), to pick the last
 * window opened before `to`; `offset 0` keeps that verdict computed once per case, not once per count.
 * Parameters after the scope's: `asOf`.
 *
 * @example
 * ```ts
 * const { text, values } = tallySql(ctx, query);
 * ```
 */
export function tallySql(ctx: StoreContext, query: FactsTallyQuery): Statement {
  const scope = scopedFactsSql(ctx, query);
  const values = [...scope.values];
  const asOf = `$${values.push(query.period.asOf.toISOString())}::timestamptz`;
  const counted = `${scope.text} and included and (
  (received_at >= $2::timestamptz and received_at < $3::timestamptz)
  or (closed_at >= $2::timestamptz and closed_at < $3::timestamptz)
  or (received_at < $3::timestamptz and (closed_at is null or closed_at >= $3::timestamptz)))`;
  const verdict = (w: string) => `case
    when ${w}signed < $3::timestamptz then
      case when ${w}late is not null or ${w}signed > ${w}due then 'late' else 'onTime' end
    when ${w}late < $3::timestamptz then 'late'
    when not coalesce(${w}ended < $3::timestamptz, false) and ${w}due < ${asOf} then 'late'
  end`;
  // Handling times in whole milliseconds, as the engine computes them, so the adapter's hours (ms / 3,600,000)
  // are the same doubles as the engine's. Instants are whole milliseconds (JavaScript dates), so rounding the
  // float8 seconds is exact, and cheaper than the numeric extract.
  const text = `with scoped as (
  select case_id, org_unit, received_at, closed_at, due_at, overdue_at, rating, resolved, returns, reopens,
    last_opened_at, last_signed_at as signed, last_late_at as late, last_due_at as due, last_ended_at as ended,
    coalesce(received_at >= $2::timestamptz and received_at < $3::timestamptz, false) as rec,
    coalesce(closed_at >= $2::timestamptz and closed_at < $3::timestamptz, false) as clo
  from ${ctx.t.caseFacts} where ${counted}
), judged as (
  select s.*, case
    when not s.rec or s.last_opened_at is null then null
    when s.last_opened_at < $3::timestamptz then ${verdict('s.')}
    else (select ${verdict('w.')} from (
      select (e.w->>'signedForAt')::timestamptz as signed, (e.w->>'lateAt')::timestamptz as late,
        (e.w->>'dueAt')::timestamptz as due, (e.w->>'endedAt')::timestamptz as ended
      from ${ctx.t.caseFacts} f, jsonb_array_elements(f.sign_for) with ordinality as e(w, i)
      where f.tenant_id = $1 and f.case_id = s.case_id and (e.w->>'openedAt')::timestamptz < $3::timestamptz
      order by e.i desc limit 1) w)
  end as response
  from scoped s offset 0
)
select org_unit,
  count(*) filter (where rec) as received,
  count(*) filter (where rec and response is not null) as sign_for_due,
  count(*) filter (where rec and response = 'onTime') as signed_for_on_time,
  count(*) filter (where clo) as closed,
  count(*) filter (where clo and (overdue_at is null or overdue_at >= closed_at)) as closed_on_time,
  count(*) filter (where not clo and received_at < $3::timestamptz
    and (closed_at is null or closed_at >= $3::timestamptz)
    and (overdue_at < $3::timestamptz or (closed_at is null and due_at < ${asOf}))) as open_overdue,
  count(*) filter (where clo and rating is not null) as rated,
  count(*) filter (where clo and rating in ('verySatisfied', 'satisfied', 'basicallySatisfied')) as satisfied,
  count(*) filter (where clo and resolved is not null) as with_verdict,
  count(*) filter (where clo and resolved) as resolved,
  count(*) filter (where clo and returns > 0) as returned,
  count(*) filter (where clo and reopens > 0) as reopened,
  array_agg(round(date_part('epoch', closed_at - received_at) * 1000)) filter (where clo) as handling_ms
from judged group by org_unit`;
  return { text, values };
}
