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
    const values: unknown[] = [ctx.tenantId, payload];
    const facts = request.facts ? JSON.stringify([factsRowJson(request.facts)]) : null;
    if (facts) values.push(facts);
    const resolve = request.resolveQuarantine;
    if (resolve) values.push(resolve.source, resolve.externalId, request.case.id, resolve.at.toISOString());
    const [row] = await ctx.driver.query<{ outcome: ServerOutcome; resolved?: string | null }>(
      commitSql(ctx, { facts: facts !== null, quarantine: resolve !== undefined }),
      values,
      true,
    );
    const outcome = toCommitOutcome(row!.outcome);
    return row!.resolved ? { status: 'committed', resolvedQuarantineId: row!.resolved } : outcome;
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
 * One commit in one statement, so in one transaction: the commit function (`$1` tenant, `$2` payload), then
 * what is written only when it says `committed` (a refused commit raises or answers otherwise, and writes
 * nothing): the case's facts (`$3`, with `facts`) and the resolution of the record's open quarantine row (the
 * next four: source, external id, case id, time; with `quarantine`), answered as `resolved`, its id or null.
 *
 * @example
 * ```ts
 * await ctx.driver.query(commitSql(ctx, { facts: true, quarantine: false }), [tenant, payload, factsJson], true);
 * ```
 */
export function commitSql(ctx: StoreContext, withs: { facts: boolean; quarantine: boolean }): string {
  if (!withs.facts && !withs.quarantine) return `select ${ctx.t.commitFunction}($1, $2::jsonb) as outcome`;
  const ctes = [`c as (select ${ctx.t.commitFunction}($1, $2::jsonb) as outcome)`];
  const columns = ['(select outcome from c) as outcome'];
  if (withs.facts) {
    ctes.push(`f as (select ${ctx.t.saveFactsFunction}($1, $3::jsonb) as saved from c
  where c.outcome->>'status' = 'committed')`);
    columns.push('(select saved from f) as saved');
  }
  if (withs.quarantine) {
    const at = withs.facts ? 4 : 3;
    ctes.push(`q as (update ${ctx.t.intakeQuarantine} set status = 'resolved', case_id = $${at + 2}::text,
  updated_at = $${at + 3}::timestamptz
  where tenant_id = $1 and source = $${at}::text and external_id = $${at + 1}::text and status = 'open'
    and (select c.outcome->>'status' from c) = 'committed'
  returning id)`);
    columns.push('(select id from q) as resolved');
  }
  return `with ${ctes.join(',\n')}\nselect ${columns.join(', ')}`;
}

/**
 * A batch commit in one statement: the batch function (`$1` tenant, `$2` payloads), then for its committed
 * requests only, the facts rows (`$3`, with `facts`) and the quarantine rows to resolve (the next parameter,
 * with `quarantine`). Each facts or quarantine item carries `i`, its request's place in the batch, matched with
 * the outcome at that place; `resolved` answers `[i, id]` pairs.
 *
 * @example
 * ```ts
 * await ctx.driver.query(commitManySql(ctx, { facts: true, quarantine: false }), [tenant, payloads, factsRows], true);
 * ```
 */
export function commitManySql(ctx: StoreContext, withs: { facts: boolean; quarantine: boolean }): string {
  if (!withs.facts && !withs.quarantine) {
    return `select ${ctx.t.commitBatchFunction}($1, $2::jsonb) as outcomes`;
  }
  const ctes = [`c as (select ${ctx.t.commitBatchFunction}($1, $2::jsonb) as outcomes)`];
  const columns = ['(select outcomes from c) as outcomes'];
  if (withs.facts) {
    ctes.push(`f as (select ${ctx.t.saveFactsFunction}($1, (
  select coalesce(jsonb_agg(e.r), '[]'::jsonb) from jsonb_array_elements($3::jsonb) as e(r)
  where c.outcomes->((e.r->>'i')::int)->>'status' = 'committed')) as saved from c)`);
    columns.push('(select saved from f) as saved');
  }
  if (withs.quarantine) {
    const at = withs.facts ? 4 : 3;
    ctes.push(`q as (update ${ctx.t.intakeQuarantine} as r set status = 'resolved', case_id = e.x->>'caseId',
  updated_at = (e.x->>'at')::timestamptz
  from jsonb_array_elements($${at}::jsonb) as e(x), c
  where r.tenant_id = $1 and r.source = e.x->>'source' and r.external_id = e.x->>'externalId'
    and r.status = 'open' and c.outcomes->((e.x->>'i')::int)->>'status' = 'committed'
  returning (e.x->>'i')::int as i, r.id)`);
    columns.push(`(select coalesce(jsonb_agg(jsonb_build_array(i, id)), '[]'::jsonb) from q) as resolved`);
  }
  return `with ${ctes.join(',\n')}\nselect ${columns.join(', ')}`;
}
