import type { DayTable } from './day-table.js';
import { dayOf, dayStart } from './local-day.js';

/** One office period of a working day, in milliseconds after local midnight. @internal */
export interface OfficePeriod {
  start: number;
  end: number;
}

function nextWorkingDay(table: DayTable, day: number): number {
  let next = day;
  while (!table.isWorking(next)) next++;
  return next;
}

/**
 * `days` working days after `from` at the same local time of day; a rest-day start first moves to the next
 * working day's midnight. Loops day by day: a 60-day SLA touches ~90 days, a few microseconds. @internal
 */
export function addDays(table: DayTable, from: number, days: number): number {
  let day = dayOf(from);
  let timeOfDay = from - dayStart(day);
  if (!table.isWorking(day)) {
    day = nextWorkingDay(table, day + 1);
    timeOfDay = 0;
  }
  for (let left = days; left > 0; ) {
    day++;
    if (table.isWorking(day)) left--;
  }
  return dayStart(day) + timeOfDay;
}

/** The largest `n` with `addDays(from, n) <= to`, and its negation when `to < from`. @internal */
export function daysBetween(table: DayTable, from: number, to: number): number {
  if (to < from) {
    const n = daysBetween(table, to, from);
    return n === 0 ? 0 : -n;
  }
  let day = dayOf(from);
  let timeOfDay = from - dayStart(day);
  if (!table.isWorking(day)) {
    day = nextWorkingDay(table, day + 1);
    timeOfDay = 0;
  }
  const toDay = dayOf(to);
  if (toDay <= day) return 0;
  let count = 0;
  for (let d = day + 1; d < toDay; d++) if (table.isWorking(d)) count++;
  if (table.isWorking(toDay) && to - dayStart(toDay) >= timeOfDay) count++;
  return count;
}

/**
 * The earliest instant by which `ms` of office time on working days has passed since `from`, so two working
 * hours from 10:00 end at 12:00, not after lunch. @internal
 */
export function addOfficeTime(
  table: DayTable,
  periods: readonly OfficePeriod[],
  from: number,
  ms: number,
): number {
  if (ms <= 0) return from;
  const first = periods[0]!.start;
  const daily = periods.reduce((sum, period) => sum + period.end - period.start, 0);
  let remaining = ms;
  let day = dayOf(from);
  let timeOfDay = from - dayStart(day);
  for (;;) {
    if (table.isWorking(day)) {
      if (timeOfDay <= first && remaining > daily) {
        remaining -= daily;
      } else {
        for (const { start, end } of periods) {
          if (timeOfDay >= end) continue;
          const begin = Math.max(start, timeOfDay);
          if (remaining <= end - begin) return dayStart(day) + begin + remaining;
          remaining -= end - begin;
        }
      }
    }
    day++;
    timeOfDay = 0;
  }
}

/** Office time on working days inside `[from, to]`, negative when `to < from`. @internal */
export function officeTimeBetween(
  table: DayTable,
  periods: readonly OfficePeriod[],
  from: number,
  to: number,
): number {
  if (to < from) return -officeTimeBetween(table, periods, to, from) || 0;
  let total = 0;
  for (let day = dayOf(from); day <= dayOf(to); day++) {
    if (!table.isWorking(day)) continue;
    const midnight = dayStart(day);
    for (const { start, end } of periods) {
      total += Math.max(0, Math.min(midnight + end, to) - Math.max(midnight + start, from));
    }
  }
  return total;
}
