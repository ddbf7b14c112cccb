import { z } from 'zod';
import { GridflowError, parseOptions, validationError } from '../errors.js';
import type { Calendar } from './calendar.js';
import { buildDayTable } from './day-table.js';
import { type HolidayYear, holidayYearInput, parseHolidayYear } from './holiday-year.js';
import { chinaHolidayData } from './holidays-cn.js';
import { dayOf, isoDay } from './local-day.js';
import { DEFAULT_OFFICE_HOURS, officeHoursInput, toOfficePeriods } from './office-hours.js';
import { addDays, addOfficeTime, daysBetween, officeTimeBetween } from './working-day-math.js';

/**
 * Options of {@link chinaCalendar}, validated at construction (a bad field throws `VALIDATION_FAILED` naming it).
 *
 * @example
 * ```ts
 * const options: ChinaCalendarOptions = { strict: true, officeHours: [['08:30', '12:00'], ['14:00', '17:30']] };
 * ```
 */
export interface ChinaCalendarOptions {
  /**
   * Throw `CALENDAR_UNCOVERED` instead of computing a deadline that crosses a year without official data.
   * Default `false`: such deadlines use Monday to Friday and the engine marks them provisional.
   */
  strict?: boolean;
  /** Extra years, or corrections replacing a bundled year with the same `year`. */
  years?: HolidayYear[];
  /** Office hours that working hours count, local `HH:MM` pairs. Default 09:00–12:00 and 13:30–17:30. */
  officeHours?: Array<[string, string]>;
  /** Start from the data bundled with this release (2020 to 2026). Default `true`. */
  bundledData?: boolean;
}

/**
 * The default {@link Calendar}: China's working days (工作日) with official holidays and make-up working days
 * (调休), in Asia/Shanghai time.
 *
 * @example
 * ```ts
 * const calendar = chinaCalendar();
 * calendar.addYear({ year: 2027, holidays: [...], makeUpWorkdays: [...], source: '国办发明电〔2026〕N号' });
 * calendar.coveredYears(); // [2020, ..., 2027]
 * ```
 */
export interface ChinaCalendar extends Calendar {
  /** Whether deadlines crossing an uncovered year throw (see {@link ChinaCalendarOptions.strict}). */
  readonly strict: boolean;
  /** Add or replace one year of data (validated), then tell `onDataAdded` listeners. */
  addYear(data: HolidayYear): void;
  /** The years with official data, ascending. */
  coveredYears(): number[];
  /**
   * Office hours on working days between two instants (negative when `to` is earlier), the inverse of
   * `addWorkingHours`: useful for "working time left" on an SLA.
   */
  workingHoursBetween(from: Date, to: Date): number;
  /** Called with the added year after each `addYear`; the engine re-plans provisional deadlines. */
  onDataAdded(listener: (years: number[]) => void): () => void;
}

const optionsSchema = z.strictObject({
  strict: z.boolean().optional(),
  years: z.array(holidayYearInput).optional(),
  officeHours: officeHoursInput.optional(),
  bundledData: z.boolean().optional(),
});

function checkInstant(value: Date, field: string): number {
  const ms = value instanceof Date ? value.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw validationError(field, 'must be a valid Date');
  return ms;
}

/**
 * The longest working time the calendar computes: about ten years. No deadline a district sets comes near it,
 * and the day-by-day arithmetic stays well under a millisecond; anything longer is a caller's mistake (a unit
 * mix-up, an unchecked number), refused with a typed error instead of a loop that never ends.
 */
const MAX_WORKING_DAYS = 2_500;
const MAX_WORKING_HOURS = MAX_WORKING_DAYS * 24;

function checkAmount(value: number, field: string, whole: boolean): void {
  const ok = Number.isFinite(value) && value >= 0 && (!whole || Number.isSafeInteger(value));
  if (!ok)
    throw validationError(field, whole ? 'must be a whole number, 0 or more' : 'must be a number, 0 or more');
  const max = whole ? MAX_WORKING_DAYS : MAX_WORKING_HOURS;
  if (value > max) throw validationError(field, `must be at most ${max} (about ten years of working time)`);
}

/**
 * Build the China working-day calendar. All arithmetic is in China Standard Time (UTC+8, no daylight saving).
 *
 * - `addWorkingDays(from, n)`: from a working day, the n-th following working day at the same local time of
 *   day (Friday 10:00 + 1 = Monday 10:00, with 调休 Saturdays counting as working days). From a rest day,
 *   counting starts at midnight of the next working day, as 12345 platforms count an order received at the
 *   weekend from Monday: Saturday + 3 = Thursday 00:00, the end of Wednesday, the third working day. So a
 *   deadline never falls inside a rest day. `n = 0` returns `from`, or that next working-day midnight. Whole
 *   days: office hours play no part.
 * - `addWorkingHours(from, h)`: counts only office hours on working days and returns the earliest instant at
 *   which `h` of them have passed (10:00 + 2h = 12:00; 17:00 + 1h = next working day 09:30).
 * - `workingDaysBetween(from, to)`: the largest `n` with `addWorkingDays(from, n) <= to`; `-workingDaysBetween(to,
 *   from)` when `to` is earlier.
 * - `workingHoursBetween(from, to)`: office hours on working days in `[from, to]`, negative when `to` is earlier.
 * - `covers(from, to)`: every local date's year in `[from, to]` has official data.
 *
 * Years without data count Monday to Friday. In strict mode `addWorkingDays` and `addWorkingHours` throw
 * `GridflowError('CALENDAR_UNCOVERED', ..., { details: { year } })` when `[from, due]` touches such a year;
 * `isWorkingDay` and `workingDaysBetween` never throw for coverage.
 *
 * @example
 * ```ts
 * const calendar = chinaCalendar();
 * calendar.addWorkingDays(new Date('2026-09-30T10:00:00+08:00'), 3); // 2026-10-10T10:00+08:00 (10-10 is a 调休 Saturday)
 * calendar.addWorkingHours(new Date('2026-09-30T16:30:00+08:00'), 2); // 2026-10-08T10:00+08:00
 * ```
 */
export function chinaCalendar(options: ChinaCalendarOptions = {}): ChinaCalendar {
  const {
    strict = false,
    years = [],
    officeHours = DEFAULT_OFFICE_HOURS,
    bundledData = true,
  } = parseOptions(optionsSchema, options);
  const periods = toOfficePeriods(officeHours);
  const data = new Map<number, HolidayYear>();
  for (const year of [...(bundledData ? chinaHolidayData : []), ...years]) data.set(year.year, year);
  let table = buildDayTable(data.values());
  const listeners = new Set<(years: number[]) => void>();

  function guard(from: number, due: number): Date {
    const year = strict ? table.firstUncoveredYear(dayOf(from), dayOf(due)) : undefined;
    if (year !== undefined) {
      throw new GridflowError(
        'CALENDAR_UNCOVERED',
        `no official holiday data for ${year} (deadline from ${isoDay(dayOf(from))} to ${isoDay(dayOf(due))}); add it with addYear`,
        { details: { year, from: new Date(from).toISOString(), due: new Date(due).toISOString() } },
      );
    }
    return new Date(due);
  }

  return {
    strict,
    isWorkingDay: (at) => table.isWorking(dayOf(checkInstant(at, 'at'))),
    addWorkingDays(from, days) {
      const start = checkInstant(from, 'from');
      checkAmount(days, 'days', true);
      return guard(start, addDays(table, start, days));
    },
    addWorkingHours(from, hours) {
      const start = checkInstant(from, 'from');
      checkAmount(hours, 'hours', false);
      return guard(start, addOfficeTime(table, periods, start, Math.round(hours * 3_600_000)));
    },
    workingDaysBetween: (from, to) => daysBetween(table, checkInstant(from, 'from'), checkInstant(to, 'to')),
    workingHoursBetween: (from, to) =>
      officeTimeBetween(table, periods, checkInstant(from, 'from'), checkInstant(to, 'to')) / 3_600_000,
    covers(from, to = from) {
      return (
        table.firstUncoveredYear(dayOf(checkInstant(from, 'from')), dayOf(checkInstant(to, 'to'))) ===
        undefined
      );
    },
    addYear(input) {
      const year = parseHolidayYear(input, 'data');
      data.set(year.year, year);
      table = buildDayTable(data.values());
      let failure: unknown;
      for (const listener of [...listeners]) {
        try {
          listener([year.year]);
        } catch (error) {
          failure ??= error;
        }
      }
      if (failure !== undefined) throw failure;
    },
    coveredYears: () => [...table.years].sort((a, b) => a - b),
    onDataAdded(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
