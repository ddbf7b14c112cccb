import { validationError } from '../errors.js';

/**
 * A duration read from text: working days or working hours (counted by the calendar), or plain milliseconds.
 *
 * @example
 * ```ts
 * const d: ParsedDuration = { unit: 'workingDays', amount: 3 };
 * ```
 */
export interface ParsedDuration {
  /** Unit of `amount`. */
  unit: 'workingDays' | 'workingHours' | 'ms';
  /** How many of `unit`. */
  amount: number;
}

const MS_PER_UNIT: Record<string, number> = {
  ms: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  秒: 1000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  分钟: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hrs: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  小时: 3_600_000,
  个小时: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
  天: 86_400_000,
  w: 604_800_000,
  week: 604_800_000,
  weeks: 604_800_000,
};

const WORKING_UNITS: Record<string, 'workingDays' | 'workingHours'> = {
  'working day': 'workingDays',
  'working days': 'workingDays',
  wd: 'workingDays',
  工作日: 'workingDays',
  个工作日: 'workingDays',
  'working hour': 'workingHours',
  'working hours': 'workingHours',
  wh: 'workingHours',
  工作小时: 'workingHours',
  个工作小时: 'workingHours',
};

/**
 * Read a duration such as `'3 working days'`, `'2 working hours'`, `'3 days'`, `'4h'`, `'90 minutes'` or
 * `'3个工作日'`. Calendar units stay symbolic (the calendar turns them into instants); everything else becomes
 * milliseconds. Working days must be whole. Throws `VALIDATION_FAILED` naming `field` for anything else.
 *
 * @example
 * ```ts
 * parseWorkingDuration('3 working days'); // { unit: 'workingDays', amount: 3 }
 * parseWorkingDuration('90 minutes');     // { unit: 'ms', amount: 5_400_000 }
 * ```
 */
export function parseWorkingDuration(text: string, field = 'duration'): ParsedDuration {
  const match = typeof text === 'string' ? /^(\d+(?:\.\d+)?)\s*(\D.*)$/.exec(text.trim()) : null;
  const amount = Number(match?.[1]);
  const unit = match?.[2]?.trim().toLowerCase().replace(/\s+/g, ' ') ?? '';
  const working = Object.hasOwn(WORKING_UNITS, unit) ? WORKING_UNITS[unit] : undefined;
  if (match && working && (working === 'workingHours' || Number.isInteger(amount))) {
    return { unit: working, amount };
  }
  const scale = Object.hasOwn(MS_PER_UNIT, unit) ? MS_PER_UNIT[unit] : undefined;
  if (match && scale !== undefined) return { unit: 'ms', amount: Math.round(amount * scale) };
  const hint = working
    ? 'working days must be a whole number'
    : 'is not a duration like "3 working days" or "4h"';
  throw validationError(field, `${JSON.stringify(text)} ${hint}`);
}
