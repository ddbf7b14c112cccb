/**
 * Day arithmetic in China Standard Time. China has kept UTC+8 without daylight saving since 1991, so a fixed
 * offset is exact for every date a case can have and needs no time-zone database.
 */
const DAY_MS = 86_400_000;
const OFFSET_MS = 8 * 3_600_000;

/** Local day number (days since 1970-01-01 in UTC+8) of an instant given in epoch milliseconds. @internal */
export function dayOf(ms: number): number {
  return Math.floor((ms + OFFSET_MS) / DAY_MS);
}

/** Epoch milliseconds of local midnight starting day `day`. @internal */
export function dayStart(day: number): number {
  return day * DAY_MS - OFFSET_MS;
}

/** True for local Saturdays and Sundays (1970-01-01 was a Thursday). @internal */
export function isWeekend(day: number): boolean {
  const weekday = (((day + 4) % 7) + 7) % 7;
  return weekday === 0 || weekday === 6;
}

/** The Gregorian year of a day number by arithmetic alone (Hinnant's civil-from-days): no allocation. @internal */
export function yearOf(day: number): number {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  return yoe + era * 400 + (mp >= 10 ? 1 : 0);
}

/** The day number of a `YYYY-MM-DD` date, or `undefined` when it is not a real calendar date. @internal */
export function parseIsoDay(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, date);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== date) {
    return undefined;
  }
  return ms / DAY_MS;
}

/** The `YYYY-MM-DD` local date of a day number (for messages and tests). @internal */
export function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
