import type {
  ClaimedOutbox,
  ClaimRequest,
  OutboxRecord,
  OutboxSettlement,
  OutboxStatus,
  Page,
} from '@gridflow/engine';
import { decodeCursor, encodeCursor, pageSize } from './page-cursor.js';
import { OUTBOX_COLUMNS, toDate, toOutboxRecord } from './row-mappers.js';
import type { StoreContext } from './store-context.js';
import { leaseEnd, prefixed } from './timer-store.js';

/**
 * Lease pending outbox rows that are ready, the same way timers are leased (`SKIP LOCKED` + lease). Rows
 * behind an earlier unfinished row of their ordering key are stored `held`, not `pending` (migration 8), so
 * this statement hands out at most the first row of a key without looking at the others.
 *
 * @example
 * ```ts
 * const rows = await claimOutbox(ctx, { now: new Date(), limit: 50, leaseMs: 30_000, owner: 'a' });
 * ```
 */
export async function claimOutbox(ctx: StoreContext, request: ClaimRequest): Promise<ClaimedOutbox[]> {
  const rows = await ctx.driver.query(
    `with ready as (
  select id from ${ctx.t.outbox}
  where tenant_id = $1 and status = 'pending' and next_attempt_at <= $2::timestamptz
    and (lease_until is null or lease_until <= $2::timestamptz)
  order by next_attempt_at, id limit $3 for update skip locked
)
update ${ctx.t.outbox} as o
set lease_token = gen_random_uuid()::text, lease_owner = $4, lease_until = $5::timestamptz
from ready where o.tenant_id = $1 and o.id = ready.id
returning ${prefixed('o', OUTBOX_COLUMNS)}`,
    [ctx.tenantId, request.now.toISOString(), request.limit, request.owner, leaseEnd(request)],
    true,
  );
  return rows
    .map((row) => ({
      ...toOutboxRecord(row),
      leaseToken: row.leaseToken as string,
      leaseUntil: toDate(row.leaseUntil),
    }))
    .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || (a.id < b.id ? -1 : 1));
}

/**
 * Record one attempt's result under the lease: `attempts` +1 (not for a deferred retry), lease cleared,
 * fields as the settlement says. When an ordered row is delivered, a trigger lets the next row of its key go.
 *
 * @example
 * ```ts
 * await settleOutbox(ctx, row.id, row.leaseToken, { status: 'delivered', at: new Date() });
 * ```
 */
export async function settleOutbox(
  ctx: StoreContext,
  id: string,
  leaseToken: string,
  settlement: OutboxSettlement,
): Promise<boolean> {
  const nextAttemptAt = settlement.status === 'retry' ? settlement.nextAttemptAt.toISOString() : null;
  const error = settlement.status === 'delivered' ? null : settlement.error;
  const deliveredAt = settlement.status === 'delivered' ? settlement.at.toISOString() : null;
  const counted = settlement.status === 'retry' && settlement.deferred ? 0 : 1;
  const rows = await ctx.driver.query(
    `update ${ctx.t.outbox} set status = $4, attempts = attempts + $8::integer,
  next_attempt_at = coalesce($5::timestamptz, next_attempt_at),
  last_error = case when $4 = 'delivered' then last_error else $6 end,
  delivered_at = $7::timestamptz, lease_token = null, lease_owner = null, lease_until = null
where tenant_id = $1 and id = $2 and lease_token = $3 and status = 'pending'
returning id`,
    [
      ctx.tenantId,
      id,
      leaseToken,
      settlement.status === 'retry' ? 'pending' : settlement.status,
      nextAttemptAt,
      error,
      deliveredAt,
      counted,
    ],
    true,
  );
  return rows.length > 0;
}

/**
 * Outbox rows oldest first, filtered by status and case, keyset-paged.
 *
 * @example
 * ```ts
 * const dead = await listOutbox(ctx, { status: 'dead', limit: 20 });
 * ```
 */
export async function listOutbox(
  ctx: StoreContext,
  query: { status?: OutboxStatus; caseId?: string; limit?: number; cursor?: string | null },
): Promise<Page<OutboxRecord>> {
  const limit = pageSize(query.limit);
  const values: unknown[] = [ctx.tenantId];
  const where = ['tenant_id = $1'];
  const param = (value: unknown): string => {
    values.push(value);
    return `$${values.length}`;
  };
  // Held rows are pending ones waiting behind their ordering key.
  if (query.status === 'pending') where.push(`status in ('pending', 'held')`);
  else if (query.status !== undefined) where.push(`status = ${param(query.status)}`);
  if (query.caseId !== undefined) where.push(`case_id = ${param(query.caseId)}`);
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    where.push(`(created_at, id) > (${param(after.at.toISOString())}::timestamptz, ${param(after.id)})`);
  }
  const rows = await ctx.driver.query(
    `select ${OUTBOX_COLUMNS} from ${ctx.t.outbox} where ${where.join(' and ')}
order by created_at, id limit ${param(limit + 1)}`,
    values,
    true,
  );
  const items = rows.slice(0, limit).map(toOutboxRecord);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null };
}

/**
 * Put a dead row back to pending, attempts reset, ready at `now` (a trigger holds it again if an earlier row
 * of its ordering key is unfinished).
 *
 * @example
 * ```ts
 * await retryOutbox(ctx, 'c-1:3:0', new Date());
 * ```
 */
export async function retryOutbox(ctx: StoreContext, id: string, now: Date): Promise<boolean> {
  const rows = await ctx.driver.query(
    `update ${ctx.t.outbox} set status = 'pending', attempts = 0, next_attempt_at = $3::timestamptz,
  lease_token = null, lease_owner = null, lease_until = null
where tenant_id = $1 and id = $2 and status = 'dead'
returning id`,
    [ctx.tenantId, id, now.toISOString()],
    true,
  );
  return rows.length > 0;
}

/**
 * Mark a dead row `discarded`: kept, never attempted again. A trigger lets the next row of its key go.
 *
 * @example
 * ```ts
 * await discardOutbox(ctx, 'c-1:3:0');
 * ```
 */
export async function discardOutbox(ctx: StoreContext, id: string): Promise<boolean> {
  const rows = await ctx.driver.query(
    `update ${ctx.t.outbox} set status = 'discarded', lease_token = null, lease_owner = null, lease_until = null
where tenant_id = $1 and id = $2 and status = 'dead'
returning id`,
    [ctx.tenantId, id],
    true,
  );
  return rows.length > 0;
}

/**
 * For each id, the unfinished rows of its ordering key numbered after it, while it is unfinished itself.
 *
 * @example
 * ```ts
 * const counts = await countHeldBack(ctx, ['c-1:3:0']);
 * ```
 */
export async function countHeldBack(ctx: StoreContext, ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.driver.query<{ id: string; held: number }>(
    `select x.id, count(e.id)::integer as held
from unnest($2::text[]) as x(id)
left join ${ctx.t.outbox} o on o.tenant_id = $1 and o.id = x.id and o.ordering_key is not null
  and o.status in ('pending', 'held', 'dead')
left join ${ctx.t.outbox} e on e.tenant_id = $1 and e.ordering_key = o.ordering_key
  and e.status in ('pending', 'held', 'dead') and e.order_seq > o.order_seq
group by x.id`,
    [ctx.tenantId, ids],
    true,
  );
  return new Map(rows.map((row) => [row.id, row.held]));
}
