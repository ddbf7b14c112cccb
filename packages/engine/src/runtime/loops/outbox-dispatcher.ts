import type { EffectHandler } from '../../effects/effects.js';
import { isPermanentFailure, retryAfterMsOf } from '../../effects/effects.js';
import type { ClaimedOutbox } from '../../storage/storage.js';
import type { EngineContext } from '../engine-context.js';

/**
 * What one pass of the dispatcher did.
 *
 * @example
 * ```ts
 * const { attempted, again } = await dispatchOutbox(ctx, handlers);
 * ```
 */
export interface DispatchResult {
  /** Rows claimed and attempted. */
  attempted: number;
  /** Run again at once: the batch was full, or an ordered row was delivered and let the next of its key go. */
  again: boolean;
}

/**
 * Deliver due outbox rows to their handlers: a success settles `delivered`; a failure is retried with
 * exponential backoff with jitter (half fixed, half random) until `maxAttempts`, then dead-lettered (at once
 * for a permanent failure). A retry-after failure is retried no sooner than its hint and is not counted toward
 * `maxAttempts` (settled `deferred`), so a rate limit alone never dead-letters a row.
 * A row with no handler is dead-lettered with a clear error so nothing is silently dropped; register the
 * handler and retry it. Handlers run outside any case transaction: a failure never touches a case. Storage
 * hands out at most one row per ordering key at a time, so rows of one key reach their handler in order.
 *
 * @example
 * ```ts
 * const loop = new BackgroundLoop(clock, async () => ({ full: (await dispatchOutbox(ctx, handlers)).again }), 1000, onError);
 * ```
 */
export async function dispatchOutbox(
  ctx: EngineContext,
  handlers: Record<string, EffectHandler>,
): Promise<DispatchResult> {
  const { storage, tuning } = ctx;
  const rows = await storage.claimOutbox({
    now: ctx.clock.now(),
    limit: tuning.batchSize,
    leaseMs: tuning.leaseMs,
    owner: ctx.instanceId,
  });
  const delivered = await Promise.all(rows.map((row) => deliver(ctx, handlers, row)));
  const releasedOrdered = rows.some((row, i) => delivered[i] && row.orderingKey !== null);
  return { attempted: rows.length, again: rows.length >= tuning.batchSize || releasedOrdered };
}

async function deliver(
  ctx: EngineContext,
  handlers: Record<string, EffectHandler>,
  row: ClaimedOutbox,
): Promise<boolean> {
  const attempt = row.attempts + 1;
  const handler = handlers[row.type] ?? handlers['*'];
  try {
    if (!handler)
      throw Object.assign(new Error(`no effect handler registered for "${row.type}"`), { retryable: false });
    await handler({
      id: row.id,
      type: row.type,
      caseId: row.caseId,
      payload: row.payload,
      idempotencyKey: row.idempotencyKey,
      attempt,
    });
  } catch (error) {
    await failed(ctx, row, attempt, error);
    return false;
  }
  try {
    if (
      await ctx.storage.settleOutbox(row.id, row.leaseToken, { status: 'delivered', at: ctx.clock.now() })
    ) {
      ctx.events.emit('effect.delivered', { effect: row, attempt });
      return true;
    }
  } catch (error) {
    ctx.emitError(error, `settle ${row.id}`);
  }
  return false;
}

async function failed(
  ctx: EngineContext,
  row: ClaimedOutbox,
  attempt: number,
  error: unknown,
): Promise<void> {
  const { tuning } = ctx;
  const message = error instanceof Error ? error.message : String(error);
  const retryAfterMs = isPermanentFailure(error) ? null : retryAfterMsOf(error);
  try {
    if (retryAfterMs === null && (isPermanentFailure(error) || attempt >= tuning.maxAttempts)) {
      if (await ctx.storage.settleOutbox(row.id, row.leaseToken, { status: 'dead', error: message })) {
        ctx.events.emit('effect.deadLettered', { effect: row, attempt, error });
      }
      return;
    }
    const nextAttemptAt = new Date(ctx.clock.now().getTime() + retryDelay(ctx, attempt, retryAfterMs));
    const settlement = { status: 'retry' as const, nextAttemptAt, error: message };
    if (
      await ctx.storage.settleOutbox(
        row.id,
        row.leaseToken,
        retryAfterMs === null ? settlement : { ...settlement, deferred: true },
      )
    ) {
      ctx.events.emit('effect.failed', { effect: row, attempt, error, nextAttemptAt, retryAfterMs });
    }
  } catch (settleError) {
    ctx.emitError(settleError, `settle ${row.id}`);
  }
}

/**
 * Backoff: exponential with jitter. After a retry-after: the hint (at least `backoffBaseMs`, so a hint of 0
 * cannot spin the loop) plus up to a tenth more, so rows limited together do not all come back at once.
 */
function retryDelay(ctx: EngineContext, attempt: number, retryAfterMs: number | null): number {
  const { tuning } = ctx;
  if (retryAfterMs !== null) {
    const wait = Math.max(retryAfterMs, tuning.backoffBaseMs);
    return Math.ceil(wait + (Math.random() * wait) / 10);
  }
  const ceiling = Math.min(tuning.backoffMaxMs, tuning.backoffBaseMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}
