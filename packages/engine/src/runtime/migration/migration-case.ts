import type { AnyMachineSnapshot } from 'xstate';
import type { CaseRecord, CommitRequest, JournalEntry, TimerRecord } from '../../storage/storage.js';
import type { Actor } from '../../types.js';
import { deadlineName } from '../../flow/deadline-name.js';
import { type PersistedSnapshot, projectCase, statePath, toCaseView } from '../../case/case-view.js';
import type { EngineContext } from '../engine-context.js';
import { type CheckedPlan, mappedState, stateValueOf } from './migration-plan.js';
import { planMigrationTimers, type TimerChanges } from './migration-timers.js';
import type { MigrationCaseReport } from './migration-types.js';
import { storedCommit } from '../commands/stored-json.js';

/**
 * One case's migration: the report, and the commit when it can go ahead.
 *
 * @example
 * ```ts
 * const { report, request } = prepareMigration(ctx, checked, record, timers, SYSTEM_ACTOR, now);
 * if (request) await storage.commit(request);
 * ```
 */
export interface PreparedMigration {
  report: MigrationCaseReport;
  request: CommitRequest | null;
}

const NO_TIMERS = { kept: [], started: [], cancelled: [] };

/**
 * Build one case's migration at `now` without writing: map its state, transform its context, resolve the target
 * snapshot, decide its timers, and assemble the commit (case on the new version, one `gridflow.migrate` journal
 * entry carrying the target snapshot, timer writes). A case that cannot go gets a report with a `problem`.
 *
 * @example
 * ```ts
 * const prepared = prepareMigration(ctx, checkPlan(ctx.flows, plan), record, [], SYSTEM_ACTOR, ctx.clock.now());
 * ```
 */
export function prepareMigration(
  ctx: EngineContext,
  checked: CheckedPlan,
  current: CaseRecord,
  timers: readonly TimerRecord[],
  actor: Actor,
  now: Date,
): PreparedMigration {
  const { plan, target } = checked;
  const toPath = mappedState(plan, current.state);
  const fail = (problem: string): PreparedMigration => ({
    report: {
      caseId: current.id,
      fromState: current.state,
      toState: toPath ?? '',
      timers: NO_TIMERS,
      ok: false,
      problem,
    },
    request: null,
  });
  if (current.flowId !== plan.flow || current.flowVersion !== plan.from) {
    return fail(`case is on ${current.flowId}@${current.flowVersion}, not ${plan.flow}@${plan.from}`);
  }
  if (current.status !== 'active') return fail('case is done');
  if (toPath === undefined) return fail(`state "${current.state}" is not mapped`);
  const source = current.snapshot as PersistedSnapshot;
  let snapshot: AnyMachineSnapshot;
  try {
    const context = plan.context
      ? plan.context(structuredClone(source.context), { case: toCaseView(current) })
      : source.context;
    snapshot = target.machine.resolveState({ value: stateValueOf(toPath), context } as never);
  } catch (error) {
    return fail(`the target snapshot could not be built: ${(error as Error).message}`);
  }
  const persisted = target.machine.getPersistedSnapshot(snapshot) as unknown as PersistedSnapshot;
  const toState = statePath(persisted.value);
  const version = current.version + 1;
  const meta = { actor, at: now.toISOString() };
  const changes = planMigrationTimers(ctx, checked, snapshot, timers, {
    caseId: current.id,
    version,
    now,
    event: { type: 'gridflow.migrate', meta },
  });
  const record: CaseRecord = {
    ...current,
    flowVersion: target.version,
    state: toState,
    status: persisted.status === 'done' ? 'done' : 'active',
    snapshot: persisted,
    version,
    ...projectCase(target, persisted, current),
    dueAt: migratedDueAt(checked, current.dueAt, changes),
    updatedAt: now,
  };
  if (record.requesterId === null) record.requesterId = current.requesterId;
  const iso = (list: MigrationCaseReport['timers']['kept']) =>
    list.map((t) => ({ key: t.key, dueAt: t.dueAt.toISOString() }));
  const entry: JournalEntry = {
    caseId: current.id,
    seq: version,
    type: 'gridflow.migrate',
    event: {
      type: 'gridflow.migrate',
      from: plan.from,
      to: plan.to,
      fromState: current.state,
      toState,
      snapshot: persisted,
      timers: { kept: iso(changes.kept), started: iso(changes.started), cancelled: iso(changes.cancelled) },
      meta,
    },
    actor,
    flowVersion: target.version,
    fromState: current.state,
    toState,
    at: now,
    causationId: null,
    idempotencyKey: null,
  };
  return {
    report: {
      caseId: current.id,
      fromState: current.state,
      toState,
      timers: { kept: changes.kept, started: changes.started, cancelled: changes.cancelled },
      ok: true,
    },
    request: storedCommit({
      case: record,
      expectedVersion: current.version,
      journal: [entry],
      cancelTimers: changes.cancelTimers,
      scheduleTimers: changes.scheduleTimers,
      outbox: [],
      idempotency: null,
      consumeTimer: null,
    }),
  };
}

/** The case's deadline after migration: a pending target deadline, else none if one was cancelled, else as was. */
function migratedDueAt(checked: CheckedPlan, previous: Date | null, changes: TimerChanges): Date | null {
  const { deadlines } = checked.target;
  const running = changes.pending
    .filter((t) => deadlines.includes(deadlineName(t.key)))
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())[0];
  if (running) return running.dueAt;
  const stopped = changes.cancelled.some((t) => checked.source.deadlines.includes(deadlineName(t.key)));
  return stopped ? null : previous;
}
