import { z } from 'zod';
import { parseOptions, validationError } from '../errors.js';
import type { Clock } from './clock.js';

/**
 * A clock that moves only when told, for tests: a 15-working-day SLA runs in milliseconds.
 *
 * @example
 * ```ts
 * const clock = virtualClock('2026-09-28T09:00:00+08:00');
 * clock.advanceBy(60_000);
 * clock.now(); // 2026-09-28T01:01:00.000Z
 * ```
 */
export interface VirtualClock extends Clock {
  /** Move to `at` (never backwards); sleepers whose time has come wake up. */
  set(at: Date | string): void;
  /** Move forward by `ms` milliseconds; sleepers whose time has come wake up. */
  advanceBy(ms: number): void;
}

/**
 * Create a {@link VirtualClock} starting at `start` (default: 2026-01-05 09:00 China time, a Monday).
 *
 * @example
 * ```ts
 * const engine = createEngine({ ...options, clock: virtualClock('2026-09-28T09:00:00+08:00') });
 * ```
 */
export function virtualClock(start: Date | string = '2026-01-05T09:00:00+08:00'): VirtualClock {
  let now = toTime(start, 'start');
  const sleepers = new Set<{ until: number; wake: () => void }>();
  const wakeDue = () => {
    for (const sleeper of sleepers) if (sleeper.until <= now) sleeper.wake();
  };
  return {
    now: () => new Date(now),
    sleep(ms, signal) {
      return new Promise<void>((resolve) => {
        const sleeper = { until: now + ms, wake: () => done() };
        const done = () => {
          sleepers.delete(sleeper);
          signal?.removeEventListener('abort', done);
          resolve();
        };
        if (signal?.aborted || ms <= 0) return resolve();
        sleepers.add(sleeper);
        signal?.addEventListener('abort', done, { once: true });
      });
    },
    set(at) {
      now = Math.max(now, toTime(at, 'at'));
      wakeDue();
    },
    advanceBy(ms) {
      if (!(ms >= 0)) throw validationError('ms', 'must be a non-negative number');
      now += ms;
      wakeDue();
    },
  };
}

/** A `Date` or an ISO-8601 string that names a real instant. @internal */
export const instantSchema = z.custom<Date | string>(
  (v) => (v instanceof Date || typeof v === 'string') && !Number.isNaN(new Date(v).getTime()),
  'is not a valid date',
);

function toTime(at: Date | string, field: string): number {
  return new Date(parseOptions(instantSchema, at, field)).getTime();
}
