import { deadlineIn, transitionTime } from '../../flow/working-time.js';
import type { WorkingDuration } from './sla-policy.js';

const MINUTE_HOURS = 1 / 60;

const atOrBefore = (hours: number, target: number) => Date.parse(deadlineIn(hours, 'workingHours')) <= target;

/**
 * Working hours (minute precision) from the transition's time until `until`; 0 when `until` has passed.
 * Only valid inside an engine transition.
 *
 * Why a search: machine code cannot reach the calendar, and the engine lends it only "now + amount"
 * ({@link deadlineIn}). That function grows with the amount, so the largest amount whose deadline is not after
 * `until` is the working time left. A `workingHoursBetween` helper in the engine would replace this.
 *
 * @example
 * ```ts
 * assign({ remaining: ({ context }) => workingHoursUntil(context.deadline) })
 * ```
 */
export function workingHoursUntil(until: string): number {
  const target = Date.parse(until);
  if (target <= Date.parse(transitionTime())) return 0;
  let high = 8;
  while (atOrBefore(high, target)) high *= 2;
  let low = 0;
  while (high - low > MINUTE_HOURS / 2) {
    const mid = (low + high) / 2;
    if (atOrBefore(mid, target)) low = mid;
    else high = mid;
  }
  return Math.round(low * 60) / 60;
}

/**
 * A working duration in working hours, measuring a working day as the office hours of the next one.
 * Only valid inside an engine transition.
 *
 * @example
 * ```ts
 * toWorkingHours({ amount: 2, unit: 'workingDays' }); // 16 on an 8-hour office day
 * ```
 */
export function toWorkingHours(duration: WorkingDuration): number {
  if (duration.unit === 'workingHours') return duration.amount;
  return duration.amount * workingHoursUntil(deadlineIn(1, 'workingDays'));
}
