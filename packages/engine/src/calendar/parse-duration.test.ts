import { describe, expect, it } from 'vitest';
import { isGridflowError } from '../errors.js';
import { parseWorkingDuration } from './parse-duration.js';

describe('parseWorkingDuration', () => {
  it.each([
    ['3 working days', { unit: 'workingDays', amount: 3 }],
    ['1 working day', { unit: 'workingDays', amount: 1 }],
    ['0 working days', { unit: 'workingDays', amount: 0 }],
    ['3个工作日', { unit: 'workingDays', amount: 3 }],
    ['2 working hours', { unit: 'workingHours', amount: 2 }],
    ['1.5 Working  Hours', { unit: 'workingHours', amount: 1.5 }],
    ['4工作小时', { unit: 'workingHours', amount: 4 }],
  ])('keeps %j as calendar time', (text, expected) => {
    expect(parseWorkingDuration(text)).toEqual(expected);
  });

  it.each([
    ['3 days', 3 * 86_400_000],
    ['1 day', 86_400_000],
    ['4h', 4 * 3_600_000],
    ['2 hours', 2 * 3_600_000],
    ['90 minutes', 90 * 60_000],
    ['  15 min ', 15 * 60_000],
    ['30s', 30_000],
    ['250 ms', 250],
    ['2天', 2 * 86_400_000],
    ['1 week', 7 * 86_400_000],
  ])('turns %j into milliseconds', (text, ms) => {
    expect(parseWorkingDuration(text)).toEqual({ unit: 'ms', amount: ms });
  });

  it.each(['', 'soon', '3', 'days', '-1 day', '3 fortnights', '1.5 working days', '3 working', 'two hours'])(
    'rejects %j as VALIDATION_FAILED naming the field',
    (text) => {
      let error: unknown;
      try {
        parseWorkingDuration(text, 'advance');
      } catch (caught) {
        error = caught;
      }
      expect(isGridflowError(error, 'VALIDATION_FAILED')).toBe(true);
      expect((error as { details: Record<string, unknown> }).details.field).toBe('advance');
    },
  );
});

describe('parseWorkingDuration and prototype names', () => {
  it.each(['3 constructor', '3 toString', '2 __proto__', '1 hasOwnProperty'])(
    'refuses %j as a duration instead of reading the prototype chain',
    (text) => {
      expect(() => parseWorkingDuration(text)).toThrow(/is not a duration/);
    },
  );
});
