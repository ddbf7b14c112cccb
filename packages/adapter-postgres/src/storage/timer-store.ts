import type { ClaimedTimer, ClaimRequest, TimerRecord } from '@gridflow/engine';
import { TIMER_COLUMNS, toDate, toTimerRecord } from './row-mappers.js';
import type { StoreContext } from './store-context.js';

/**
 * Lease due timers. `FOR UPDATE SKIP LOCKED` lets concurrent claimers take disjoint rows without waiting on
 * each other; the lease (token + `lease_until`) makes an unfinished claim claimable again once it expires,
 * so a crashed claimer's timers are fired by someone else.
 *
 * @example
 * ```ts
 * const timers = await claimDueTimers(ctx, { now: new Date(), limit: 100, leaseMs: 30_000, owner: 'a' });
 * ```
 */
export async function claimDueTimers(ctx: StoreContext, request: ClaimRequest): Promise<ClaimedTimer[]> {
  const rows = await ctx.driver.query(
    `with due as (
  select id from ${ctx.t.timers}
  where tenant_id = $1 and due_at <= $2::timestamptz and (lease_until is null or lease_until <= $2::timestamptz)
  order by due_at, id limit $3 for update skip locked
)
update ${ctx.t.timers} as t
set lease_token = gen_random_uuid()::text, lease_owner = $4, lease_until = $5::timestamptz
from due where t.tenant_id = $1 and t.id = due.id
returning ${prefixed('t', TIMER_COLUMNS)}`,
    [ctx.tenantId, request.now.toISOString(), request.limit, request.owner, leaseEnd(request)],
    true,
  );
  return rows
    .map((row) => ({
      ...toTimerRecord(row),
      leaseToken: row.leaseToken as string,
      leaseUntil: toDate(row.leaseUntil),
    }))
    .sort(byDueThenId);
}

/**
 * Delete a claimed timer if the lease is still this claimer's.
 *
 * @example
 * ```ts
 * await dropTimer(ctx, timer.id, timer.leaseToken);
 * ```
 */
export async function dropTimer(ctx: StoreContext, timerId: string, leaseToken: string): Promise<boolean> {
  const rows = await ctx.driver.query(
    `delete from ${ctx.t.timers} where tenant_id = $1 and id = $2 and lease_token = $3 returning id`,
    [ctx.tenantId, timerId, leaseToken],
    true,
  );
  return rows.length > 0;
}

/**
 * Timers of one case, soonest first.
 *
 * @example
 * ```ts
 * const timers = await listTimers(ctx, 'c-1');
 * ```
 */
export async function listTimers(ctx: StoreContext, caseId: string): Promise<TimerRecord[]> {
  const rows = await ctx.driver.query(
    `select ${TIMER_COLUMNS} from ${ctx.t.timers} where tenant_id = $1 and case_id = $2 order by due_at, id`,
    [ctx.tenantId, caseId],
    true,
  );
  return rows.map(toTimerRecord);
}

/**
 * Provisional timers, soonest first.
 *
 * @example
 * ```ts
 * const timers = await listProvisionalTimers(ctx, 500);
 * ```
 */
export async function listProvisionalTimers(ctx: StoreContext, limit: number): Promise<TimerRecord[]> {
  const rows = await ctx.driver.query(
    `select ${TIMER_COLUMNS} from ${ctx.t.timers} where tenant_id = $1 and provisional
order by due_at, id limit $2`,
    [ctx.tenantId, limit],
    true,
  );
  return rows.map(toTimerRecord);
}

/**
 * Move a timer, and the case's `dueAt` with it when that was the same instant. One statement: every CTE
 * sees the timer's old due time.
 *
 * @example
 * ```ts
 * await rescheduleTimer(ctx, 't-1', new Date('2027-01-08T10:00:00Z'), false);
 * ```
 */
export async function rescheduleTimer(
  ctx: StoreContext,
  timerId: string,
  dueAt: Date,
  provisional: boolean,
): Promise<void> {
  await ctx.driver.query(
    `with old as (
  select case_id, due_at from ${ctx.t.timers} where tenant_id = $1 and id = $2
), moved as (
  update ${ctx.t.timers} set due_at = $3::timestamptz, provisional = $4 where tenant_id = $1 and id = $2
  returning id
)
update ${ctx.t.cases} as c set due_at = $3::timestamptz
from old where c.tenant_id = $1 and c.id = old.case_id and c.due_at = old.due_at`,
    [ctx.tenantId, timerId, dueAt.toISOString(), provisional],
    true,
  );
}

/**
 * The earliest due time among the tenant's timers.
 *
 * @example
 * ```ts
 * const next = await nextTimerDue(ctx);
 * ```
 */
export async function nextTimerDue(ctx: StoreContext): Promise<Date | null> {
  const [row] = await ctx.driver.query<{ dueAt: unknown }>(
    `select min(due_at) as "dueAt" from ${ctx.t.timers} where tenant_id = $1`,
    [ctx.tenantId],
    true,
  );
  return row?.dueAt ? toDate(row.dueAt) : null;
}

/**
 * `t.id, t.case_id as "caseId", …` from a select list, for RETURNING after a join.
 *
 * @example
 * ```ts
 * prefixed('t', 'id, due_at as "dueAt"'); // t.id, t.due_at as "dueAt"
 * ```
 */
export function prefixed(alias: string, columns: string): string {
  return columns
    .split(',')
    .map((column) => `${alias}.${column.trim()}`)
    .join(', ');
}

/**
 * When a lease taken now ends.
 *
 * @example
 * ```ts
 * leaseEnd({ now, leaseMs: 30_000, limit: 1, owner: 'a' });
 * ```
 */
export function leaseEnd(request: ClaimRequest): string {
  return new Date(request.now.getTime() + request.leaseMs).toISOString();
}

function byDueThenId(a: TimerRecord, b: TimerRecord): number {
  return a.dueAt.getTime() - b.dueAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
