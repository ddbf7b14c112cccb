import type { CommitOutcome, CommitRequest, TimerRecord } from '@gridflow/engine';
import { toIdempotencyRecord } from './row-mappers.js';
import type { StoreContext } from './store-context.js';

/** SQLSTATEs raised by the commit function (migration 2). */
const VERSION_CONFLICT = 'GF409';
const TIMER_GONE = 'GF410';

/**
 * Apply a transition with one call of the server-side commit function: one round trip, one statement, so a
 * failed check leaves nothing behind. Wake-ups are requested when a timer is due by the commit's own time
 * or an outbox row is ready then.
 *
 * @example
 * ```ts
 * const outcome = await commitTransition(ctx, request);
 * if (outcome.status === 'conflict') console.log(outcome.currentVersion);
 * ```
 */
export async function commitTransition(ctx: StoreContext, request: CommitRequest): Promise<CommitOutcome> {
  // Due "now" by the engine's clock (virtual in tests) or the wall clock, whichever is later.
  const now = Math.max(request.case.updatedAt.getTime(), Date.now());
  const payload = JSON.stringify({
    case: request.case,
    expectedVersion: request.expectedVersion,
    journal: request.journal,
    cancelTimers: request.cancelTimers,
    scheduleTimers: lastPerKey(request.scheduleTimers),
    outbox: request.outbox,
    idempotency: request.idempotency,
    consumeTimer: request.consumeTimer,
    wakeTimers: request.scheduleTimers.some((timer) => timer.dueAt.getTime() <= now),
    wakeOutbox: request.outbox.some((row) => row.nextAttemptAt.getTime() <= now),
  });
  try {
    const [row] = await ctx.driver.query<{ outcome: { status: string; record?: Record<string, unknown> } }>(
      `select ${ctx.t.commitFunction}($1, $2::jsonb) as outcome`,
      [ctx.tenantId, payload],
      true,
    );
    const outcome = row!.outcome;
    if (outcome.status === 'duplicate')
      return { status: 'duplicate', record: toIdempotencyRecord(outcome.record!) };
    return { status: 'committed' };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === VERSION_CONFLICT) {
      const detail = (error as { detail?: string }).detail ?? '';
      return { status: 'conflict', currentVersion: detail === '' ? null : Number(detail) };
    }
    if (code === TIMER_GONE) return { status: 'timer-gone' };
    throw error;
  }
}

/** Scheduling a key twice in one commit keeps the last, as replacing by key one after the other would. */
function lastPerKey(timers: TimerRecord[]): TimerRecord[] {
  if (timers.length < 2) return timers;
  const byKey = new Map<string, TimerRecord>();
  for (const timer of timers) {
    byKey.delete(timer.key);
    byKey.set(timer.key, timer);
  }
  return [...byKey.values()];
}
