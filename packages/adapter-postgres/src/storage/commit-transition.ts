import type { CommitOutcome, CommitRequest, TimerRecord } from '@gridflow/engine';
import { factsRowJson } from './case-facts-rows.js';
import { toIdempotencyRecord } from './row-mappers.js';
import type { StoreContext } from './store-context.js';

/** SQLSTATEs raised by the commit function (migration 2). */
const VERSION_CONFLICT = 'GF409';
const TIMER_GONE = 'GF410';

/**
 * A commit request as the server-side function reads it: the request plus the two wake-up flags, and
 * `ordered` when an outbox row carries an ordering key.
 *
 * @example
 * ```ts
 * const text = JSON.stringify(commitPayload(request));
 * ```
 */
export function commitPayload(request: CommitRequest): Record<string, unknown> {
  // Due "now" by the engine's clock (virtual in tests) or the wall clock, whichever is later.
  const now = Math.max(request.case.updatedAt.getTime(), Date.now());
  const payload: Record<string, unknown> = {
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
  };
  // Only then does the commit function lock keys and number rows (migration 8); without it, nothing changes.
  if (request.outbox.some((row) => row.orderingKey != null)) payload.ordered = true;
  return payload;
}

/**
 * Apply one transition with one call of the server-side commit function: one round trip, one statement, so
 * a failed check leaves nothing behind.
 *
 * @example
 * ```ts
 * const outcome = await commitTransition(ctx, request);
 * if (outcome.status === 'conflict') console.log(outcome.currentVersion);
 * ```
 */
export async function commitTransition(ctx: StoreContext, request: CommitRequest): Promise<CommitOutcome> {
  try {
    const payload = JSON.stringify(commitPayload(request));
    const [row] = await ctx.driver.query<{ outcome: ServerOutcome }>(
      request.facts ? commitWithFactsSql(ctx) : `select ${ctx.t.commitFunction}($1, $2::jsonb) as outcome`,
      request.facts
        ? [ctx.tenantId, payload, JSON.stringify([factsRowJson(request.facts)])]
        : [ctx.tenantId, payload],
      true,
    );
    return toCommitOutcome(row!.outcome);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === VERSION_CONFLICT) return conflict((error as { detail?: string }).detail);
    if (code === TIMER_GONE) return { status: 'timer-gone' };
    throw error;
  }
}

/**
 * What the commit functions return for one request (the batch function also reports refusals this way).
 *
 * @example
 * ```ts
 * const outcome: ServerOutcome = { status: 'conflict', detail: '4' };
 * ```
 */
export type ServerOutcome =
  | { status: 'committed' | 'timer-gone' }
  | { status: 'duplicate'; record: Record<string, unknown> }
  | { status: 'conflict'; detail: string | null }
  | { status: 'error'; code: string; message: string };

/**
 * The contract's outcome for a server outcome; an `error` becomes a thrown error carrying its SQLSTATE.
 *
 * @example
 * ```ts
 * toCommitOutcome({ status: 'committed' }); // { status: 'committed' }
 * ```
 */
export function toCommitOutcome(outcome: ServerOutcome): CommitOutcome {
  switch (outcome.status) {
    case 'duplicate':
      return { status: 'duplicate', record: toIdempotencyRecord(outcome.record) };
    case 'conflict':
      return conflict(outcome.detail);
    case 'error':
      throw Object.assign(new Error(outcome.message), { code: outcome.code });
    default:
      return { status: outcome.status };
  }
}

function conflict(detail: string | null | undefined): CommitOutcome {
  return { status: 'conflict', currentVersion: detail ? Number(detail) : null };
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

/**
 * The commit and the case's facts in one statement, so in one transaction: the facts are saved only when the
 * commit function says `committed` (a refused commit raises or answers otherwise, and writes nothing).
 *
 * @example
 * ```ts
 * await ctx.driver.query(commitWithFactsSql(ctx), [tenant, payload, factsJson], true);
 * ```
 */
export function commitWithFactsSql(ctx: StoreContext): string {
  return `with c as (select ${ctx.t.commitFunction}($1, $2::jsonb) as outcome),
f as (select ${ctx.t.saveFactsFunction}($1, $3::jsonb) as saved from c where c.outcome->>'status' = 'committed')
select (select outcome from c) as outcome, (select saved from f) as saved`;
}

/**
 * A batch commit and the facts of its committed requests in one statement; each facts row carries `i`, its
 * request's place in the batch, to be matched with the outcome at that place.
 *
 * @example
 * ```ts
 * await ctx.driver.query(commitManyWithFactsSql(ctx), [tenant, payloads, factsRows], true);
 * ```
 */
export function commitManyWithFactsSql(ctx: StoreContext): string {
  return `with c as (select ${ctx.t.commitBatchFunction}($1, $2::jsonb) as outcomes),
f as (select ${ctx.t.saveFactsFunction}($1, (
  select coalesce(jsonb_agg(e.r), '[]'::jsonb) from jsonb_array_elements($3::jsonb) as e(r)
  where c.outcomes->((e.r->>'i')::int)->>'status' = 'committed')) as saved from c)
select (select outcomes from c) as outcomes, (select saved from f) as saved`;
}
