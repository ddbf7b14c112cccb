// A pure driver for flow machines, used by the machine-level tests of the community flows. It runs XState's
// pure transitions inside the engine's transition scope (so working-day delays resolve) on a plain Monday-to-
// Friday calendar, and keeps effects and pending timers as data. The engine-level tests use createTestEngine.
import { type AnyStateMachine, initialTransition, transition } from 'xstate';
import type { Calendar } from '../../calendar/calendar.js';
import { withTransitionScope } from '../../flow/working-time.js';
import type { Actor } from '../../types.js';

const DAY = 86_400_000;
const isWeekday = (at: Date) => at.getUTCDay() !== 0 && at.getUTCDay() !== 6;

export const weekdayCalendar: Calendar = {
  isWorkingDay: isWeekday,
  addWorkingDays(from, days) {
    let at = new Date(from);
    for (let left = days; left > 0; ) {
      at = new Date(at.getTime() + DAY);
      if (isWeekday(at)) left--;
    }
    return at;
  },
  addWorkingHours: (from, hours) => new Date(from.getTime() + hours * 3_600_000),
  workingDaysBetween: (from, to) => Math.round((to.getTime() - from.getTime()) / DAY),
  covers: () => true,
};

type Action = { type: string; params?: Record<string, unknown> };
type Timer = { id: string; event: { type: string }; dueAt: Date };

export function driveMachine(machine: AnyStateMachine, input: Record<string, unknown>, start: string) {
  let now = new Date(start);
  const effects: Action[] = [];
  let timers: Timer[] = [];
  const apply = (fn: () => [unknown, unknown[]]) => {
    const { result } = withTransitionScope(now, weekdayCalendar, fn);
    for (const action of result[1] as Action[]) {
      const params = action.params as { event?: { type: string }; id?: string; delay?: number } | undefined;
      if (action.type === 'xstate.raise' && params?.delay !== undefined && params.event) {
        timers.push({
          id: params.id ?? params.event.type,
          event: params.event,
          dueAt: new Date(now.getTime() + params.delay),
        });
      } else if (action.type === 'xstate.cancel') {
        const { sendId } = action.params as { sendId: string };
        timers = timers.filter((t) => t.id !== sendId);
      } else if (!action.type.startsWith('xstate.')) effects.push(action);
    }
    return result[0];
  };
  // biome-ignore lint/suspicious/noExplicitAny: the driver serves every flow machine
  let snapshot: any = apply(() =>
    initialTransition(machine, { ...input, meta: { actor: input.actor, at: now.toISOString() } }),
  );
  return {
    effects,
    get timers() {
      return timers;
    },
    get state(): string {
      return typeof snapshot.value === 'string' ? snapshot.value : JSON.stringify(snapshot.value);
    },
    get context() {
      return snapshot.context;
    },
    get done(): boolean {
      return snapshot.status === 'done';
    },
    send(actor: Actor, type: string, payload: Record<string, unknown> = {}) {
      const event = { type, ...payload, meta: { actor, at: now.toISOString() } };
      snapshot = apply(() => transition(machine, snapshot, event));
    },
    /** Move the clock to `at`, firing due timers in order as the system would. */
    advanceTo(at: string) {
      now = new Date(at);
      for (let due = timers.find((t) => t.dueAt <= now); due; due = timers.find((t) => t.dueAt <= now)) {
        timers = timers.filter((t) => t !== due);
        const fired = {
          ...due.event,
          meta: { actor: { id: 'system', roles: ['system'], orgUnit: '*' }, at: now.toISOString() },
        };
        snapshot = apply(() => transition(machine, snapshot, fired));
      }
    },
  };
}
