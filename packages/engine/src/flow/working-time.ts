import type { Calendar } from '../calendar/calendar.js';
import { type GridflowError, isGridflowError } from '../errors.js';
import type { TimerPlan } from '../storage/storage.js';

/** What the engine lends machine code for the duration of one synchronous XState transition. */
interface TransitionScope {
  now: Date;
  calendar: Calendar;
  /** Working-time delays computed during this transition, to attach plans and provisional flags to timers. */
  plans: Array<{ delayMs: number; plan: TimerPlan; provisional: boolean }>;
  /** `CALENDAR_UNCOVERED` errors a strict calendar raised; the engine reports them and goes on provisionally. */
  uncovered: GridflowError[];
}

let current: TransitionScope | null = null;

/**
 * Run `fn` (a pure XState transition) with the calendar and time that working-time helpers read.
 * XState transitions are synchronous, so one module-level slot is safe.
 *
 * @internal
 */
export function withTransitionScope<T>(
  now: Date,
  calendar: Calendar,
  fn: () => T,
): { result: T; plans: TransitionScope['plans']; uncovered: GridflowError[] } {
  const previous = current;
  const scope: TransitionScope = { now, calendar, plans: [], uncovered: [] };
  current = scope;
  try {
    return { result: fn(), plans: scope.plans, uncovered: scope.uncovered };
  } finally {
    current = previous;
  }
}

function requireScope(helper: string): TransitionScope {
  if (!current) {
    throw new Error(
      `${helper}() needs the gridflow engine: it can only be evaluated inside engine.send/createCase`,
    );
  }
  return current;
}

/**
 * A fixed amount, or one computed from the transition's `{ context, event }`.
 *
 * @inline
 */
type Amount<TArgs> = number | ((args: TArgs) => number);

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** Monday-to-Friday fallback (China time) for a strict calendar that refused an uncovered year. */
function weekdaysOnly(from: Date, unit: TimerPlan['unit'], amount: number): Date {
  if (unit === 'workingHours') return new Date(from.getTime() + amount * 3_600_000);
  let at = from.getTime();
  for (let left = amount; left > 0; ) {
    at += DAY_MS;
    const weekday = new Date(at + CHINA_OFFSET_MS).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return new Date(at);
}

function addWorkingTime(scope: TransitionScope, unit: TimerPlan['unit'], amount: number): Date {
  const { calendar, now } = scope;
  return unit === 'workingDays'
    ? calendar.addWorkingDays(now, amount)
    : calendar.addWorkingHours(now, amount);
}

function planned(unit: TimerPlan['unit'], amount: number, scope: TransitionScope): Date {
  let due: Date;
  let provisional: boolean;
  try {
    due = addWorkingTime(scope, unit, amount);
    provisional = !scope.calendar.covers(scope.now, due);
  } catch (error) {
    // Intake never fails because of the calendar: report the strict calendar's error, plan Monday-to-Friday.
    if (!isGridflowError(error, 'CALENDAR_UNCOVERED')) throw error;
    scope.uncovered.push(error);
    due = weekdaysOnly(scope.now, unit, amount);
    provisional = true;
  }
  scope.plans.push({
    delayMs: due.getTime() - scope.now.getTime(),
    plan: { from: scope.now, amount, unit },
    provisional,
  });
  return due;
}

function workingDelay<TArgs>(unit: TimerPlan['unit'], amount: Amount<TArgs>) {
  return (args: TArgs): number => {
    const scope = requireScope(unit);
    const n = typeof amount === 'function' ? amount(args) : amount;
    return planned(unit, n, scope).getTime() - scope.now.getTime();
  };
}

/**
 * A named delay of `amount` Chinese working days (调休 aware), for `setup({ delays })`. The engine turns the
 * resulting `after` or delayed `raise` into a durable timer that remembers the plan, so it can be re-planned
 * when a year's holiday data is added.
 *
 * @example
 * ```ts
 * setup({ delays: { slaDeadline: workingDays(({ context }) => context.slaDays) } })
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: the default must fit every machine's delay arguments in setup().
export function workingDays<TArgs = any>(amount: Amount<TArgs>): (args: TArgs) => number {
  return workingDelay('workingDays', amount);
}

/**
 * A named delay of `amount` working hours (office hours on working days), for `setup({ delays })`.
 *
 * @example
 * ```ts
 * setup({ delays: { signForLimit: workingHours(2) } })
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: the default must fit every machine's delay arguments in setup().
export function workingHours<TArgs = any>(amount: Amount<TArgs>): (args: TArgs) => number {
  return workingDelay('workingHours', amount);
}

/**
 * The ISO instant `amount` working days or hours from the event's time, for use inside `assign`
 * (e.g. to store a deadline in context). Only valid inside an engine transition.
 *
 * @example
 * ```ts
 * assign({ replyDue: () => deadlineIn(5, 'workingDays') })
 * ```
 */
export function deadlineIn(amount: number, unit: TimerPlan['unit'] = 'workingDays'): string {
  const scope = requireScope('deadlineIn');
  try {
    return addWorkingTime(scope, unit, amount).toISOString();
  } catch (error) {
    if (!isGridflowError(error, 'CALENDAR_UNCOVERED')) throw error;
    scope.uncovered.push(error);
    return weekdaysOnly(scope.now, unit, amount).toISOString();
  }
}

/**
 * The engine's current time inside a transition (the accepted event's time), as an ISO string.
 *
 * @example
 * ```ts
 * assign({ closedAt: () => transitionTime() })
 * ```
 */
export function transitionTime(): string {
  return requireScope('transitionTime').now.toISOString();
}
