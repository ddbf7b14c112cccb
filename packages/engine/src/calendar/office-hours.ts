import { z } from 'zod';
import type { OfficePeriod } from './working-day-math.js';

/**
 * 上午 9:00–12:00, 下午 13:30–17:30: the hours most Chinese government offices and service halls keep.
 *
 * @example
 * ```ts
 * chinaCalendar({ officeHours: [...DEFAULT_OFFICE_HOURS.slice(0, 1), ['14:00', '18:00']] });
 * ```
 */
export const DEFAULT_OFFICE_HOURS: ReadonlyArray<readonly [string, string]> = [
  ['09:00', '12:00'],
  ['13:30', '17:30'],
];

const clock = z
  .string()
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a local time as HH:MM (00:00 to 24:00)');

function toMs(text: string): number {
  return (Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5))) * 60_000;
}

/** Office hours as `[start, end]` pairs, in order and not overlapping. @internal */
export const officeHoursInput = z
  .array(z.tuple([clock, clock]))
  .min(1, 'must list at least one period')
  .superRefine((pairs, ctx) => {
    let previousEnd = -1;
    pairs.forEach(([start, end], index) => {
      if (toMs(start) >= toMs(end)) {
        ctx.addIssue({ code: 'custom', path: [index], message: 'must start before it ends' });
      } else if (toMs(start) < previousEnd) {
        ctx.addIssue({ code: 'custom', path: [index], message: 'must start after the previous period ends' });
      }
      previousEnd = toMs(end);
    });
  });

/** Validated `HH:MM` pairs as millisecond offsets from local midnight. @internal */
export function toOfficePeriods(pairs: ReadonlyArray<readonly [string, string]>): OfficePeriod[] {
  return pairs.map(([start, end]) => ({ start: toMs(start), end: toMs(end) }));
}
