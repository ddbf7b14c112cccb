import type { Calendar } from '@gridflow/engine';

/**
 * The first `count` working days from `startDate` on, as local dates (`YYYY-MM-DD`, China time): weekends and
 * holidays are skipped and make-up working days (调休) are kept, as the calendar says.
 *
 * @example
 * ```ts
 * workingDates(chinaCalendar(), '2026-09-14', 30); // […, '2026-09-20' (a make-up Sunday), …, '2026-10-08', …]
 * ```
 */
export function workingDates(calendar: Calendar, startDate: string, count: number): string[] {
  const dates: string[] = [];
  const day = new Date(`${startDate}T12:00:00+08:00`);
  for (let guard = 0; dates.length < count && guard < count * 3 + 30; guard++) {
    if (calendar.isWorkingDay(day)) dates.push(localDate(day));
    day.setTime(day.getTime() + 86_400_000);
  }
  return dates;
}

function localDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
