import type { AdapterLifecycle } from '../types.js';

/**
 * Working-day arithmetic. Instants are `Date`s; days are reckoned in the calendar's time zone
 * (Asia/Shanghai for the China calendar). Implementations are pure: same data, same answers.
 *
 * @example
 * ```ts
 * const due = calendar.addWorkingDays(new Date('2026-09-30T02:00:00Z'), 3);
 * ```
 */
export interface Calendar extends AdapterLifecycle {
  /** True when the local date of `at` is a working day (weekday not on holiday, or a make-up day 调休). */
  isWorkingDay(at: Date): boolean;
  /**
   * The instant `days` working days after `from`, at the same local time of day (a start on a rest day counts
   * from the next working day's start). Throws `CALENDAR_UNCOVERED` in strict mode for an uncovered year.
   */
  addWorkingDays(from: Date, days: number): Date;
  /** The instant `hours` working hours after `from`, counting only the calendar's office hours. */
  addWorkingHours(from: Date, hours: number): Date;
  /** Whole working days from `from` to `to` (negative when `to` is earlier). */
  workingDaysBetween(from: Date, to: Date): number;
  /** True when the calendar has official data for the year of every local date in `[from, to]`. */
  covers(from: Date, to?: Date): boolean;
  /** Subscribe to data being added (the engine re-plans provisional deadlines). Returns unsubscribe. */
  onDataAdded?(listener: (years: number[]) => void): () => void;
}
