import { type Clock, systemClock } from '@gridflow/engine';

/**
 * A clock that goes on from `start` at the speed of real time: the demo's district keeps living after the
 * simulated weeks, its timers firing as their due times come.
 *
 * @example
 * ```ts
 * const clock = runningClock(simulation.clock.now());
 * clock.now(); // start, plus however long the process has been serving
 * ```
 */
export function runningClock(start: Date, realNow: () => number = Date.now): Clock {
  const offset = start.getTime() - realNow();
  return { now: () => new Date(realNow() + offset), sleep: systemClock.sleep };
}
