import { randomUUID } from 'node:crypto';
import type { AnyMachineSnapshot } from 'xstate';
import { GridflowError, isGridflowError } from '../../errors.js';
import type { FlowDefinition } from '../../flow/define-flow.js';
import type { CaseRecord, CommitRequest, JournalEntry, TimerRecord } from '../../storage/storage.js';
import type { Actor, GridflowEvent } from '../../types.js';
import { deadlineName } from '../../flow/deadline-name.js';
import { type ActionPlan, planActions } from './action-plan.js';
import { type PersistedSnapshot, projectCase, statePath } from '../../case/case-view.js';
import type { EngineContext } from '../engine-context.js';
import { pureInitialTransition, pureTransition } from './pure-transition.js';
import { refusalReason } from './refusal-reason.js';
import { withTransitionScope } from '../../flow/working-time.js';
import { storedCommit } from './stored-json.js';

/** A transition ready to commit, and what it did. */
export interface PreparedTransition {
  request: CommitRequest;
  entry: JournalEntry;
  provisional: TimerRecord[];
}

type ActionList = Parameters<typeof planActions>[1];

/** Run a pure XState step with the engine's calendar and time lent to working-time helpers. */
function step(ctx: EngineContext, now: Date, run: () => [AnyMachineSnapshot, ActionList]) {
  const { result, plans, uncovered } = withTransitionScope(now, ctx.calendar, run);
  for (const error of uncovered) ctx.emitError(error, 'calendar');
  const [snapshot, actions] = result;
  if (snapshot.status === 'error') {
    // XState catches what an adapter throws inside a step (the calendar, for a working-time delay): an outage
    // is not the caller's bad input, so it keeps its own code.
    if (isGridflowError(snapshot.error, 'ADAPTER_FAILED')) throw snapshot.error;
    throw new GridflowError('VALIDATION_FAILED', `the machine failed: ${String(snapshot.error)}`, {
      cause: snapshot.error,
      details: { field: 'event' },
    });
  }
  return { snapshot, actions, plans };
}

function caseDueAt(
  flow: FlowDefinition,
  previous: Date | null,
  plan: ActionPlan,
  firedKey: string | null,
): Date | null {
  if (flow.deadlines.length === 0) return null;
  const isDeadline = (key: string) => flow.deadlines.includes(deadlineName(key));
  const scheduled = plan.scheduleTimers.find((t) => isDeadline(t.key));
  if (scheduled) return scheduled.dueAt;
  // A deadline that fired stays on the case (it is overdue now); one cancelled otherwise is no longer running.
  const cancelled = plan.cancelTimers.some((key) => isDeadline(key) && key !== firedKey);
  return cancelled ? null : previous;
}

/**
 * Build the commit for creating a case: validated input → the initial transition → rows.
 */
export function prepareCreate(
  ctx: EngineContext,
  flow: FlowDefinition,
  args: {
    caseId: string;
    orgUnit: string;
    orgChain: string[];
    requesterId: string | null;
    input: Record<string, unknown>;
    actor: Actor;
  },
  extras: { idempotencyKey: string | null; causationId: string | null; fingerprint: string | null },
): PreparedTransition {
  const now = ctx.clock.now();
  const meta = { actor: args.actor, at: now.toISOString() };
  const machineInput = {
    ...args.input,
    caseId: args.caseId,
    orgUnit: args.orgUnit,
    orgChain: args.orgChain,
    requesterId: args.requesterId,
    meta,
  };
  const { snapshot, actions, plans } = step(ctx, now, () =>
    pureInitialTransition(flow.machine, machineInput),
  );
  const persisted = flow.machine.getPersistedSnapshot(snapshot) as unknown as PersistedSnapshot;
  const plan = planActions(flow, actions, {
    caseId: args.caseId,
    version: 1,
    now,
    delays: plans,
    newId: randomUUID,
  });
  const state = statePath(persisted.value);
  const record: CaseRecord = {
    id: args.caseId,
    flowId: flow.id,
    flowVersion: flow.version,
    state,
    status: persisted.status === 'done' ? 'done' : 'active',
    snapshot: persisted,
    version: 1,
    ...projectCase(flow, persisted, { orgUnit: args.orgUnit }),
    dueAt: caseDueAt(flow, null, plan, null),
    createdAt: now,
    updatedAt: now,
  };
  if (record.requesterId === null) record.requesterId = args.requesterId;
  const entry: JournalEntry = {
    caseId: args.caseId,
    seq: 1,
    type: 'gridflow.create',
    event: { type: 'gridflow.create', flowId: flow.id, input: machineInput },
    actor: args.actor,
    flowVersion: flow.version,
    fromState: null,
    toState: state,
    at: now,
    causationId: extras.causationId,
    idempotencyKey: extras.idempotencyKey,
  };
  return finish(record, null, entry, plan, extras, null);
}

/**
 * Build the commit for one event on a loaded case: `transition` → rows. Throws `EVENT_NOT_ACCEPTED` when the
 * current state does not take the event (nothing is written then).
 */
export function prepareSend(
  ctx: EngineContext,
  flow: FlowDefinition,
  current: CaseRecord,
  event: { type: string; [field: string]: unknown },
  actor: Actor,
  extras: {
    idempotencyKey: string | null;
    causationId: string | null;
    fingerprint: string | null;
    consumeTimer: { id: string; key: string; leaseToken: string } | null;
    /** `meta.chains`: the org chains of the units the event references. */
    chains?: Record<string, string[]>;
  },
): PreparedTransition {
  const now = ctx.clock.now();
  const meta = { actor, at: now.toISOString(), ...(extras.chains ? { chains: extras.chains } : {}) };
  const full = { ...event, meta } as GridflowEvent;
  const previous = flow.machine.resolveState(current.snapshot as never);
  const { snapshot, actions, plans } = step(ctx, now, () => pureTransition(flow.machine, previous, full));
  const unchanged = snapshot === previous && actions.length === 0;
  if (unchanged && !withTransitionScope(now, ctx.calendar, () => previous.can(full)).result) {
    const reason = refusalReason(flow, previous, full);
    throw new GridflowError(
      'EVENT_NOT_ACCEPTED',
      `case ${current.id} in state ${current.state} does not accept ${event.type}${reason ? `: ${reason}` : ''}`,
      {
        details: {
          caseId: current.id,
          state: current.state,
          eventType: event.type,
          ...(reason ? { reason } : {}),
        },
      },
    );
  }
  const version = current.version + 1;
  const persisted = flow.machine.getPersistedSnapshot(snapshot) as unknown as PersistedSnapshot;
  const plan = planActions(flow, actions, {
    caseId: current.id,
    version,
    now,
    delays: plans,
    newId: randomUUID,
  });
  const state = statePath(persisted.value);
  const record: CaseRecord = {
    ...current,
    state,
    status: persisted.status === 'done' ? 'done' : 'active',
    snapshot: persisted,
    version,
    ...projectCase(flow, persisted, current),
    dueAt: caseDueAt(flow, current.dueAt, plan, extras.consumeTimer?.key ?? null),
    updatedAt: now,
  };
  if (record.requesterId === null) record.requesterId = current.requesterId;
  const entry: JournalEntry = {
    caseId: current.id,
    seq: version,
    type: event.type,
    event: full,
    actor,
    flowVersion: flow.version,
    fromState: current.state,
    toState: state,
    at: now,
    causationId: extras.causationId,
    idempotencyKey: extras.idempotencyKey,
  };
  return finish(record, current.version, entry, plan, extras, extras.consumeTimer);
}

function finish(
  record: CaseRecord,
  expectedVersion: number | null,
  entry: JournalEntry,
  plan: ActionPlan,
  extras: { idempotencyKey: string | null; fingerprint: string | null },
  consumeTimer: { id: string; leaseToken: string } | null,
): PreparedTransition {
  const request: CommitRequest = storedCommit({
    case: record,
    expectedVersion,
    journal: [entry],
    cancelTimers: plan.cancelTimers,
    scheduleTimers: plan.scheduleTimers,
    outbox: plan.outbox,
    idempotency:
      extras.idempotencyKey === null
        ? null
        : {
            key: extras.idempotencyKey,
            caseId: record.id,
            fingerprint: extras.fingerprint ?? '',
            version: record.version,
            createdAt: record.updatedAt,
          },
    consumeTimer: consumeTimer && { id: consumeTimer.id, leaseToken: consumeTimer.leaseToken },
  });
  const stored = request.journal[0] ?? entry;
  return { request, entry: stored, provisional: request.scheduleTimers.filter((t) => t.provisional) };
}
