import type { EffectHandler } from '../../effects/effects.js';
import { isPermanentFailure } from '../../effects/effects.js';
import type { ClaimedOutbox } from '../../storage/storage.js';
import type { EngineContext } from '../engine-context.js';

/**
 * Deliver due outbox rows to their handlers: a success settles `delivered`; a failure is retried with
 * exponential backoff with jitter (half fixed, half random) until `maxAttempts`, then dead-lettered (at once for a permanent failure).
 * A row with no handler is dead-lettered with a clear error so nothing is silently dropped; register the
 * handler and retry it. Handlers run outside any case transaction: a failure never touches a case.
 */
export async function drainOutbox(
  ctx: EngineContext,
  handlers: Record<string, EffectHandler>,
): Promise<number> {
  const { storage, tuning } = ctx;
  const rows = await storage.claimOutbox({
    now: ctx.clock.now(),
    limit: tuning.batchSize,
    leaseMs: tuning.leaseMs,
    owner: ctx.instanceId,
  });
  await Promise.all(rows.map((row) => deliver(ctx, handlers, row)));
  return rows.length;
}

async function deliver(
  ctx: EngineContext,
  handlers: Record<string, EffectHandler>,
  row: ClaimedOutbox,
): Promise<void> {
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
    return;
  }
  try {
    if (
      await ctx.storage.settleOutbox(row.id, row.leaseToken, { status: 'delivered', at: ctx.clock.now() })
    ) {
      ctx.events.emit('effect.delivered', { effect: row, attempt });
    }
  } catch (error) {
    ctx.emitError(error, `settle ${row.id}`);
  }
}

async function failed(
  ctx: EngineContext,
  row: ClaimedOutbox,
  attempt: number,
  error: unknown,
): Promise<void> {
  const { tuning } = ctx;
  const message = error instanceof Error ? error.message : String(error);
  try {
    if (isPermanentFailure(error) || attempt >= tuning.maxAttempts) {
      if (await ctx.storage.settleOutbox(row.id, row.leaseToken, { status: 'dead', error: message })) {
        ctx.events.emit('effect.deadLettered', { effect: row, attempt, error });
      }
      return;
    }
    const ceiling = Math.min(tuning.backoffMaxMs, tuning.backoffBaseMs * 2 ** (attempt - 1));
    const nextAttemptAt = new Date(
      ctx.clock.now().getTime() + Math.round(ceiling / 2 + (Math.random() * ceiling) / 2),
    );
    if (
      await ctx.storage.settleOutbox(row.id, row.leaseToken, {
        status: 'retry',
        nextAttemptAt,
        error: message,
      })
    ) {
      ctx.events.emit('effect.failed', { effect: row, attempt, error, nextAttemptAt });
    }
  } catch (settleError) {
    ctx.emitError(settleError, `settle ${row.id}`);
  }
}
