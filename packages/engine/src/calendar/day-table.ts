import type { HolidayYear } from './holiday-year.js';
import { isWeekend, parseIsoDay, yearOf } from './local-day.js';

/**
 * Which local days are working days, precomputed from holiday data so a lookup is one `Map` probe. Years without
 * data fall back to Monday to Friday. Immutable: adding a year builds a new table, so a computation in flight
 * never sees half-applied data.
 *
 * @internal
 */
export interface DayTable {
  isWorking(day: number): boolean;
  isCoveredYear(year: number): boolean;
  /** The first year in the local years of `[fromDay, toDay]` without data, if any. */
  firstUncoveredYear(fromDay: number, toDay: number): number | undefined;
  readonly years: readonly number[];
}

/** Build a table from years of data; a later year's notice wins for a date two notices both list. @internal */
export function buildDayTable(data: Iterable<HolidayYear>): DayTable {
  const sorted = [...data].sort((a, b) => a.year - b.year);
  const exceptions = new Map<number, boolean>();
  for (const year of sorted) {
    for (const text of year.holidays) exceptions.set(parseIsoDay(text)!, false);
    for (const text of year.makeUpWorkdays) exceptions.set(parseIsoDay(text)!, true);
  }
  const covered = new Set(sorted.map((year) => year.year));
  return {
    isWorking: (day) => exceptions.get(day) ?? !isWeekend(day),
    isCoveredYear: (year) => covered.has(year),
    firstUncoveredYear(fromDay, toDay) {
      const last = yearOf(Math.max(fromDay, toDay));
      for (let year = yearOf(Math.min(fromDay, toDay)); year <= last; year++) {
        if (!covered.has(year)) return year;
      }
      return undefined;
    },
    years: [...covered],
  };
}
