import type { EventMeta } from '../../types.js';
import type { EscalationState } from '../escalation/escalation-ladder.js';
import type { WorkingDuration } from '../sla/sla-policy.js';
import type { WorkOrderEventType, WorkOrderPayload } from './work-order-events.js';
import type { WorkOrderContext } from './work-order-context.js';

/**
 * A caller event as the machine sees it: payload plus the engine's `meta`.
 *
 * @example
 * ```ts
 * const e: WorkOrderCallerEvent<'urge'> = { type: 'urge', note: '请尽快处理', meta };
 * ```
 */
export type WorkOrderCallerEvent<K extends WorkOrderEventType = WorkOrderEventType> = {
  [T in K]: { type: T; meta: EventMeta } & WorkOrderPayload<T>;
}[K];

/**
 * Events only timers send (by the system actor): SLA reminder and breach, sign-for overdue, late report-in, and
 * (v3) the end of an approved suspension.
 *
 * @example
 * ```ts
 * const e: WorkOrderTimerEvent = { type: 'sla.reminder', fraction: 0.5, meta };
 * ```
 */
export type WorkOrderTimerEvent =
  | { type: 'sla.breach'; meta: EventMeta }
  | { type: 'sla.reminder'; fraction: number; meta: EventMeta }
  | { type: 'signFor.overdue'; meta: EventMeta }
  | { type: 'whistle.late'; whistleId: string; unit: string; meta: EventMeta }
  | { type: 'suspension.limit'; meta: EventMeta };

/**
 * Every event a work-order machine handles.
 *
 * @example
 * ```ts
 * const e: WorkOrderMachineEvent = { type: 'sla.breach', meta };
 * ```
 */
export type WorkOrderMachineEvent = WorkOrderCallerEvent | WorkOrderTimerEvent;

const stamp = (meta: EventMeta) => ({ by: meta.actor.id, at: meta.at });
const unique = (units: Array<string | null | undefined>) => [
  ...new Set(units.filter((u): u is string => !!u)),
];

/**
 * Lead, co-handling, escalated and summoned units: everyone whose staff see the case and may act on it as their
 * roles and the events' scopes allow (only the lead unit handles it; an escalated unit supervises it).
 */
export function handlingUnitsOf(
  c: Pick<WorkOrderContext, 'leadUnit' | 'coUnits' | 'escalation' | 'whistles'>,
): string[] {
  return unique([
    c.leadUnit,
    ...c.coUnits,
    // Every unit the case went up to, on whichever ladder (v3 switches to the lead unit's chain at dispatch).
    ...c.escalation.steps.map((s) => s.to),
    ...c.whistles.flatMap((w) => w.summons.map((s) => s.unit)),
  ]);
}

/**
 * v3: the ladder of a case its lead unit now handles is that unit's own chain (from `meta.chains`, which the
 * engine fills from the directory), so a department's case goes up to the command centre, not to the resident's
 * community. The tier is the highest unit of that chain the case was already escalated to.
 */
export function handlingLadder(c: WorkOrderContext, leadUnit: string, meta: EventMeta): EscalationState {
  const { ladder, steps } = c.escalation;
  const top = ladder.at(-1);
  // Without the engine (a machine driven by hand) there is no directory: the unit, then the top of the ladder.
  const chain = meta.chains?.[leadUnit] ?? (top && top !== leadUnit ? [leadUnit, top] : [leadUnit]);
  const tier = Math.max(0, ...steps.map((s) => (s.to ? chain.indexOf(s.to) : -1)));
  return { ladder: [...chain], tier, steps };
}

/**
 * 派单 / 改派: a new lead and co-handling units; the previous assignee no longer holds it. With `handlingChain`
 * (v3) the escalation ladder becomes the lead unit's chain.
 */
export function dispatchPatch(
  c: WorkOrderContext,
  e: WorkOrderCallerEvent<'dispatch' | 'reassign'>,
  handlingChain = false,
) {
  const coUnits = unique(e.coUnits ?? []).filter((u) => u !== e.leadUnit);
  const escalation = handlingChain ? handlingLadder(c, e.leadUnit, e.meta) : c.escalation;
  const next = { ...c, leadUnit: e.leadUnit, coUnits, escalation };
  return {
    ...(handlingChain ? { escalation } : {}),
    leadUnit: e.leadUnit,
    coUnits,
    assignee: null,
    dispatchedAt: e.meta.at,
    signedForAt: null,
    signForOverdue: false,
    dispatches: [
      ...c.dispatches,
      {
        ...stamp(e.meta),
        leadUnit: e.leadUnit,
        coUnits,
        note: e.type === 'dispatch' ? (e.note ?? null) : e.reason,
      },
    ],
    handlingUnits: handlingUnitsOf(next),
  };
}

/** 退单: counted, and the unit stops handling until the order is dispatched again. */
export function returnPatch(c: WorkOrderContext, e: WorkOrderCallerEvent<'return'>) {
  const next = { ...c, leadUnit: null, coUnits: [] };
  return {
    returns: [
      ...c.returns,
      { ...stamp(e.meta), unit: c.leadUnit ?? e.meta.actor.orgUnit, reason: e.reason, review: null },
    ],
    returnCount: c.returnCount + 1,
    leadUnit: null,
    coUnits: [],
    assignee: null,
    handlingUnits: handlingUnitsOf(next),
  };
}

/** v2 退单审核: a rejected return puts the order back with the unit that returned it. */
export function reviewPatch(
  c: WorkOrderContext,
  e: WorkOrderCallerEvent<'reviewReturn'>,
  restoreCoUnits = false,
) {
  const last = c.returns.at(-1);
  const review = { ...stamp(e.meta), upheld: e.upheld, note: e.note };
  const returns = last ? [...c.returns.slice(0, -1), { ...last, review }] : c.returns;
  if (e.upheld || !last) return { returns };
  // v3: the dispatch stands as it was, co-handling units included; v2 gave the order back to the lead alone.
  const dispatch = c.dispatches.at(-1);
  const coUnits = restoreCoUnits && dispatch?.leadUnit === last.unit ? dispatch.coUnits : [];
  const next = { ...c, leadUnit: last.unit, coUnits };
  return {
    returns,
    leadUnit: last.unit,
    ...(restoreCoUnits ? { coUnits } : {}),
    dispatchedAt: e.meta.at,
    handlingUnits: handlingUnitsOf(next),
  };
}

/** 吹哨: each summoned department gets a report-in deadline and may act on the case. */
export function whistlePatch(
  c: WorkOrderContext,
  e: WorkOrderCallerEvent<'whistle'>,
  within: WorkingDuration,
  dueAt: string,
) {
  const summons = unique(e.departments).map((unit) => ({ unit, dueAt, reportedAt: null, late: false }));
  const id = `w${c.whistles.length + 1}`;
  const whistles = [...c.whistles, { ...stamp(e.meta), id, reason: e.reason, within, summons }];
  return { whistles, handlingUnits: handlingUnitsOf({ ...c, whistles }) };
}

/** The newest whistle still waiting for `unit` (or the one named). */
export function openSummons(c: WorkOrderContext, unit: string, whistleId?: string) {
  const candidates = c.whistles.filter((w) => !whistleId || w.id === whistleId).reverse();
  for (const whistle of candidates) {
    const summons = whistle.summons.find((s) => s.unit === unit && s.reportedAt === null);
    if (summons) return { whistle, summons };
  }
  return undefined;
}

/** Mark one summons reported in (报到) or late. */
export function summonsPatch(
  c: WorkOrderContext,
  whistleId: string,
  unit: string,
  change: Partial<{ reportedAt: string; late: boolean }>,
) {
  return {
    whistles: c.whistles.map((w) =>
      w.id !== whistleId
        ? w
        : { ...w, summons: w.summons.map((s) => (s.unit === unit ? { ...s, ...change } : s)) },
    ),
  };
}

/** True for 不满意 and 非常不满意. */
export const isUnsatisfied = (rating: string | null | undefined) =>
  rating === 'unsatisfied' || rating === 'veryUnsatisfied';

/**
 * v3: the standing rating, if unsatisfied and not appealed yet (申诉: one appeal per rating), with when it was given.
 */
export function appealableRating(c: WorkOrderContext) {
  if (!isUnsatisfied(c.rating)) return undefined;
  const index = c.followUps.map((f) => f.rating !== null).lastIndexOf(true);
  const rated = c.followUps[index];
  if (!rated?.rating || (c.appeals ?? []).some((a) => a.followUp === index)) return undefined;
  return { rating: rated.rating, ratedAt: rated.at, followUp: index };
}
