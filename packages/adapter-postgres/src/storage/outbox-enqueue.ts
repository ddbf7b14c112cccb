import { type OutboxRecord, validationError } from '@gridflow/engine';
import type { StoreContext } from './store-context.js';

/**
 * Insert one unordered outbox row outside a commit, unless a row with its id exists (`on conflict do nothing`,
 * so two processes enqueueing the same effect add one row). A new row NOTIFYs the dispatchers in the
 * same statement, as a commit with outbox rows does.
 *
 * @example
 * ```ts
 * const added = await enqueueOutbox(ctx, { ...row, id: 'effect:abc', orderingKey: null });
 * ```
 */
export async function enqueueOutbox(ctx: StoreContext, record: OutboxRecord): Promise<boolean> {
  if (record.orderingKey != null) {
    throw validationError('record.orderingKey', 'must be null: enqueueOutbox takes unordered rows only');
  }
  const rows = await ctx.driver.query(
    `with added as (
  insert into ${ctx.t.outbox} (tenant_id, id, case_id, type, payload, idempotency_key, status, attempts,
    next_attempt_at, last_error, created_at, delivered_at)
  values ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9::timestamptz, $10, $11::timestamptz, $12::timestamptz)
  on conflict (tenant_id, id) do nothing
  returning id
)
select id, pg_notify($13, 'outbox:' || $1) as woke from added`,
    [
      ctx.tenantId,
      record.id,
      record.caseId,
      record.type,
      JSON.stringify(record.payload ?? null),
      record.idempotencyKey,
      record.status,
      record.attempts,
      record.nextAttemptAt.toISOString(),
      record.lastError,
      record.createdAt.toISOString(),
      record.deliveredAt?.toISOString() ?? null,
      ctx.t.channel,
    ],
    true,
  );
  return rows.length > 0;
}
