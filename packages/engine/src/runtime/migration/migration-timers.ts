import { randomUUID } from 'node:crypto';
import { type AnyMachineSnapshot, type AnyStateMachine, type AnyStateNode, getNextTransitions } from 'xstate';
import type { TimerRecord } from '../../storage/storage.js';
import { planActions } from '../commands/action-plan.js';
import type { EngineContext } from '../engine-context.js';
import { type CheckedPlan, mappedState } from './migration-plan.js';
import type { MigrationTimer } from './migration-types.js';
import { withTransitionScope } from '../../flow/working-time.js';

/**
 * The timer writes of one case's migration, and what they mean for the report.
 *
 * @example
 * ```ts
 * const { cancelTimers, scheduleTimers, kept } = planMigrationTimers(ctx, checked, snapshot, timers, at);
 * ```
 */
export interface TimerChanges {
  cancelTimers: string[];
  scheduleTimers: TimerRecord[];
  /** Timers pending once the migration commits (kept and started). */
  pending: TimerRecord[];
  kept: MigrationTimer[];
  started: MigrationTimer[];
  cancelled: MigrationTimer[];
}

/** A delayed (`after`) transition of an active target state: its event type is also its timer key. */
interface DelayedSlot {
  key: string;
  delay: unknown;
  delayName: string;
  path: string;
}

const AFTER = 'xstate.after.';

function walk(node: AnyStateNode, visit: (node: AnyStateNode) => void): void {
  visit(node);
  for (const child of Object.values(node.states)) walk(child, visit);
}

/** The delay name and the state path of an `after` timer key (`xstate.after.<delay>.<stateId>`). */
function parseAfterKey(machine: AnyStateMachine, key: string): { delayName: string; path: string } | null {
  if (!key.startsWith(AFTER)) return null;
  const rest = key.slice(AFTER.length);
  const dot = rest.indexOf('.');
  if (dot < 0) return null;
  const stateId = rest.slice(dot + 1);
  let path: string | null = null;
  walk(machine.root, (node) => {
    if (node.id === stateId) path = node.path.join('.');
  });
  return path === null ? null : { delayName: rest.slice(0, dot), path };
}

function delayedSlots(snapshot: AnyMachineSnapshot): DelayedSlot[] {
  const slots = new Map<string, DelayedSlot>();
  for (const node of (snapshot as unknown as { _nodes: AnyStateNode[] })._nodes) {
    for (const t of node.after) {
      slots.set(t.eventType, {
        key: t.eventType,
        delay: t.delay,
        delayName: String(t.delay),
        path: node.path.join('.'),
      });
    }
  }
  return [...slots.values()];
}

const report = (t: TimerRecord): MigrationTimer => ({ key: t.key, dueAt: t.dueAt });

/**
 * Decide the case's timers under the plan's policy (see `MigrationTimerPolicy`). A pending `after` timer carries
 * over to a target delayed transition with the same delay name on the same state path, or on the state the plan
 * maps its state to; it keeps its due time (and working-time plan), under the target's key if that differs.
 * Other delayed events carry over when an active target state still takes their event type.
 *
 * @example
 * ```ts
 * planMigrationTimers(ctx, checked, target.machine.resolveState({ value: 'working', context }),
 *   await storage.listTimers(caseId), { caseId, version: 4, now, event: { type: 'gridflow.migrate' } });
 * ```
 */
export function planMigrationTimers(
  ctx: EngineContext,
  checked: CheckedPlan,
  snapshot: AnyMachineSnapshot,
  pending: readonly TimerRecord[],
  at: { caseId: string; version: number; now: Date; event: Record<string, unknown> },
): TimerChanges {
  const changes: TimerChanges = {
    cancelTimers: [],
    scheduleTimers: [],
    pending: [],
    kept: [],
    started: [],
    cancelled: [],
  };
  // A case migrated into a final state is done: nothing of it may fire any more.
  const carry = checked.timers !== 'drop' && snapshot.status !== 'done';
  const slots = carry ? delayedSlots(snapshot) : [];
  const taken = new Set<string>();
  const handled = new Set(carry ? getNextTransitions(snapshot).map((t) => t.eventType) : []);
  for (const timer of pending) {
    const slot = carry ? carrySlot(checked, slots, taken, timer) : undefined;
    if (slot) {
      taken.add(slot.key);
      const moved = slot.key === timer.key ? timer : renamed(timer, slot.key);
      if (moved !== timer) {
        changes.cancelTimers.push(timer.key);
        changes.scheduleTimers.push(moved);
      }
      changes.pending.push(moved);
      changes.kept.push(report(moved));
    } else if (!timer.key.startsWith(AFTER) && handled.has(timer.event.type)) {
      changes.pending.push(timer);
      changes.kept.push(report(timer));
    } else {
      changes.cancelTimers.push(timer.key);
      changes.cancelled.push(report(timer));
    }
  }
  if (carry && checked.timers === 'replan') {
    const fresh = startSlots(
      ctx,
      checked,
      snapshot,
      slots.filter((s) => !taken.has(s.key)),
      at,
    );
    changes.scheduleTimers.push(...fresh);
    changes.pending.push(...fresh);
    changes.started.push(...fresh.map(report));
  }
  return changes;
}

function carrySlot(
  checked: CheckedPlan,
  slots: DelayedSlot[],
  taken: Set<string>,
  timer: TimerRecord,
): DelayedSlot | undefined {
  const source = parseAfterKey(checked.source.machine, timer.key);
  if (!source) return undefined;
  const mapped = mappedState(checked.plan, source.path);
  return slots.find(
    (s) =>
      !taken.has(s.key) && s.delayName === source.delayName && (s.path === source.path || s.path === mapped),
  );
}

function renamed(timer: TimerRecord, key: string): TimerRecord {
  return { ...timer, id: randomUUID(), key, event: { type: key } };
}

/** Start target delays as entering the state would: the delay evaluated now, with the engine's calendar. */
function startSlots(
  ctx: EngineContext,
  checked: CheckedPlan,
  snapshot: AnyMachineSnapshot,
  slots: DelayedSlot[],
  at: { caseId: string; version: number; now: Date; event: Record<string, unknown> },
): TimerRecord[] {
  if (slots.length === 0) return [];
  const delays = (checked.target.machine.implementations.delays ?? {}) as Record<string, unknown>;
  const args = { context: snapshot.context, event: at.event };
  const { result, plans, uncovered } = withTransitionScope(at.now, ctx.calendar, () =>
    slots.map((slot) => {
      const ref = typeof slot.delay === 'string' ? delays[slot.delay] : slot.delay;
      const ms = typeof ref === 'function' ? ref(args, undefined) : ref;
      return {
        type: 'xstate.raise',
        params: { event: { type: slot.key }, id: slot.key, delay: typeof ms === 'number' ? ms : undefined },
      };
    }),
  );
  for (const error of uncovered) ctx.emitError(error, 'calendar');
  const plan = planActions(checked.target, result, { ...at, delays: plans, newId: randomUUID });
  return plan.scheduleTimers;
}
