import { describe, expect, it, vi } from 'vitest';
import { isGridflowError } from '../errors.js';
import { chinaCalendar } from './china-calendar.js';
import type { HolidayYear } from './holiday-year.js';

/** An instant given as Beijing local time, e.g. `cst('2026-09-30T10:00')`. */
const cst = (local: string) => new Date(`${local}:00+08:00`);
/** An instant shown as Beijing local time, `YYYY-MM-DDTHH:MM`. */
const local = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16);

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

/** Test-only data for a year without a published notice; not real. */
const FICTIONAL_2027: HolidayYear = {
  year: 2027,
  holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
  makeUpWorkdays: ['2027-01-09'],
  source: 'fictional test data',
};

describe('chinaCalendar working days', () => {
  const calendar = chinaCalendar();

  it('knows holidays, make-up Saturdays and ordinary weekends', () => {
    expect(calendar.isWorkingDay(cst('2026-10-01T10:00'))).toBe(false);
    expect(calendar.isWorkingDay(cst('2026-10-10T10:00'))).toBe(true);
    expect(calendar.isWorkingDay(cst('2026-10-11T10:00'))).toBe(false);
    expect(calendar.isWorkingDay(cst('2026-02-23T10:00'))).toBe(false);
    expect(calendar.isWorkingDay(cst('2026-09-21T10:00'))).toBe(true);
  });

  it('reckons the day in Beijing time, not UTC', () => {
    // 2026-09-30T17:00Z is already 1 October (a holiday) in Beijing.
    expect(calendar.isWorkingDay(new Date('2026-09-30T15:59:59Z'))).toBe(true);
    expect(calendar.isWorkingDay(new Date('2026-09-30T16:00:00Z'))).toBe(false);
  });

  it('skips National Day 2026 and counts the make-up Saturday', () => {
    const from = cst('2026-09-30T10:00');
    expect(local(calendar.addWorkingDays(from, 1))).toBe('2026-10-08T10:00');
    expect(local(calendar.addWorkingDays(from, 3))).toBe('2026-10-10T10:00');
    expect(local(calendar.addWorkingDays(from, 4))).toBe('2026-10-12T10:00');
  });

  it('skips the Spring Festival 2026 break and counts both of its make-up Saturdays', () => {
    const friday = cst('2026-02-13T15:00');
    expect(local(calendar.addWorkingDays(friday, 1))).toBe('2026-02-14T15:00');
    expect(local(calendar.addWorkingDays(friday, 2))).toBe('2026-02-24T15:00');
    expect(local(calendar.addWorkingDays(cst('2026-02-27T09:00'), 1))).toBe('2026-02-28T09:00');
  });

  it('starts counting at midnight of the next working day when the start is a rest day', () => {
    const saturday = cst('2026-03-07T14:00');
    expect(local(calendar.addWorkingDays(saturday, 0))).toBe('2026-03-09T00:00');
    expect(local(calendar.addWorkingDays(saturday, 3))).toBe('2026-03-12T00:00');
    expect(local(calendar.addWorkingDays(cst('2026-10-03T09:00'), 1))).toBe('2026-10-09T00:00');
  });

  it('returns the start itself for zero days on a working day', () => {
    const from = cst('2026-03-10T11:22');
    expect(calendar.addWorkingDays(from, 0).getTime()).toBe(from.getTime());
  });

  it('rejects negative, fractional and non-finite amounts and invalid dates', () => {
    for (const days of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      const error = caught(() => calendar.addWorkingDays(cst('2026-03-10T10:00'), days));
      expect(isGridflowError(error, 'VALIDATION_FAILED') && error.details.field).toBe('days');
    }
    const error = caught(() => calendar.addWorkingHours(new Date('nope'), 1));
    expect(isGridflowError(error, 'VALIDATION_FAILED') && error.details.field).toBe('from');
  });
});

describe('chinaCalendar working hours', () => {
  const calendar = chinaCalendar();

  it('ends at the close of a period rather than after lunch', () => {
    expect(local(calendar.addWorkingHours(cst('2026-03-10T10:00'), 2))).toBe('2026-03-10T12:00');
  });

  it('skips the lunch break', () => {
    expect(local(calendar.addWorkingHours(cst('2026-03-10T11:00'), 2))).toBe('2026-03-10T14:30');
    expect(local(calendar.addWorkingHours(cst('2026-03-10T11:45'), 0.5))).toBe('2026-03-10T13:45');
  });

  it('carries over to the next morning', () => {
    expect(local(calendar.addWorkingHours(cst('2026-03-10T17:00'), 1))).toBe('2026-03-11T09:30');
    expect(local(calendar.addWorkingHours(cst('2026-03-10T20:00'), 1))).toBe('2026-03-11T10:00');
    expect(local(calendar.addWorkingHours(cst('2026-03-10T07:00'), 1))).toBe('2026-03-10T10:00');
  });

  it('skips a weekend and whole working days', () => {
    expect(local(calendar.addWorkingHours(cst('2026-03-13T16:00'), 8))).toBe('2026-03-16T17:00');
    expect(local(calendar.addWorkingHours(cst('2026-03-09T09:00'), 14))).toBe('2026-03-10T17:30');
  });

  it('skips a holiday break', () => {
    expect(local(calendar.addWorkingHours(cst('2026-09-30T16:30'), 2))).toBe('2026-10-08T10:00');
  });

  it('returns the start for zero hours, even outside office hours', () => {
    const from = cst('2026-03-14T03:00');
    expect(calendar.addWorkingHours(from, 0).getTime()).toBe(from.getTime());
  });

  it('uses the configured office hours', () => {
    const custom = chinaCalendar({
      officeHours: [
        ['08:30', '12:00'],
        ['14:00', '17:30'],
      ],
    });
    expect(local(custom.addWorkingHours(cst('2026-03-10T11:30'), 1))).toBe('2026-03-10T14:30');
    expect(local(custom.addWorkingHours(cst('2026-03-10T17:30'), 1))).toBe('2026-03-11T09:30');
  });
});

describe('chinaCalendar workingDaysBetween', () => {
  const calendar = chinaCalendar();

  it('counts whole working days across a holiday', () => {
    expect(calendar.workingDaysBetween(cst('2026-09-30T10:00'), cst('2026-10-10T10:00'))).toBe(3);
    expect(calendar.workingDaysBetween(cst('2026-09-30T10:00'), cst('2026-10-10T09:59'))).toBe(2);
    expect(calendar.workingDaysBetween(cst('2026-03-07T14:00'), cst('2026-03-12T00:00'))).toBe(3);
  });

  it('is negative, and symmetric, when to is earlier', () => {
    const pairs = [
      ['2026-09-30T10:00', '2026-10-10T10:00'],
      ['2026-02-13T15:00', '2026-03-02T08:00'],
      ['2026-03-07T14:00', '2026-03-08T09:00'],
    ] as const;
    for (const [a, b] of pairs) {
      const forward = calendar.workingDaysBetween(cst(a), cst(b));
      expect(calendar.workingDaysBetween(cst(b), cst(a))).toBe(forward === 0 ? 0 : -forward);
    }
    expect(calendar.workingDaysBetween(cst('2026-10-12T10:00'), cst('2026-09-30T10:00'))).toBe(-4);
    expect(Object.is(calendar.workingDaysBetween(cst('2026-03-08T09:00'), cst('2026-03-07T14:00')), 0)).toBe(
      true,
    );
  });
});

describe('chinaCalendar workingHoursBetween', () => {
  const calendar = chinaCalendar();

  it('counts office hours only, across lunch, nights and a holiday', () => {
    expect(calendar.workingHoursBetween(cst('2026-03-10T11:00'), cst('2026-03-10T14:30'))).toBe(2);
    expect(calendar.workingHoursBetween(cst('2026-03-10T17:00'), cst('2026-03-11T09:30'))).toBe(1);
    expect(calendar.workingHoursBetween(cst('2026-09-30T16:30'), cst('2026-10-08T10:00'))).toBe(2);
    expect(calendar.workingHoursBetween(cst('2026-10-08T10:00'), cst('2026-09-30T16:30'))).toBe(-2);
    expect(calendar.workingHoursBetween(cst('2026-03-14T08:00'), cst('2026-03-15T20:00'))).toBe(0);
  });
});

describe('chinaCalendar coverage', () => {
  it('covers 2020 to 2026 out of the box', () => {
    const calendar = chinaCalendar();
    expect(calendar.coveredYears()).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    expect(calendar.covers(cst('2026-01-01T00:00'))).toBe(true);
    expect(calendar.covers(cst('2026-12-31T10:00'), cst('2027-01-04T10:00'))).toBe(false);
    expect(calendar.covers(cst('2019-12-31T10:00'))).toBe(false);
  });

  it('computes uncovered years Monday to Friday in lenient mode', () => {
    const calendar = chinaCalendar();
    const from = cst('2030-09-30T10:00');
    const due = calendar.addWorkingDays(from, 3);
    expect(local(due)).toBe('2030-10-03T10:00');
    expect(calendar.covers(from, due)).toBe(false);
    expect(local(calendar.addWorkingDays(cst('2030-02-01T10:00'), 1))).toBe('2030-02-04T10:00');
    expect(local(calendar.addWorkingHours(cst('2030-02-01T17:00'), 1))).toBe('2030-02-04T09:30');
  });

  it('throws CALENDAR_UNCOVERED naming the year in strict mode', () => {
    const calendar = chinaCalendar({ strict: true });
    expect(calendar.strict).toBe(true);
    const error = caught(() => calendar.addWorkingDays(cst('2026-12-30T10:00'), 5));
    expect(isGridflowError(error, 'CALENDAR_UNCOVERED')).toBe(true);
    expect((error as { details: Record<string, unknown> }).details).toMatchObject({ year: 2027 });
    const hours = caught(() => calendar.addWorkingHours(cst('2026-12-31T17:00'), 1));
    expect(isGridflowError(hours, 'CALENDAR_UNCOVERED') && hours.details.year).toBe(2027);
    expect(local(calendar.addWorkingDays(cst('2026-12-25T10:00'), 2))).toBe('2026-12-29T10:00');
  });

  it('re-plans once a year is added, and tells listeners', () => {
    const calendar = chinaCalendar();
    const from = cst('2026-12-31T10:00');
    expect(local(calendar.addWorkingDays(from, 1))).toBe('2027-01-01T10:00');
    const listener = vi.fn();
    const unsubscribe = calendar.onDataAdded(listener);
    calendar.addYear(FICTIONAL_2027);
    expect(listener).toHaveBeenCalledWith([2027]);
    expect(calendar.covers(from, cst('2027-12-31T10:00'))).toBe(true);
    expect(calendar.coveredYears()).toContain(2027);
    expect(local(calendar.addWorkingDays(from, 1))).toBe('2027-01-04T10:00');
    expect(local(calendar.addWorkingDays(from, 6))).toBe('2027-01-09T10:00');
    unsubscribe();
    calendar.addYear({ ...FICTIONAL_2027, makeUpWorkdays: [] });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(local(calendar.addWorkingDays(from, 6))).toBe('2027-01-11T10:00');
  });

  it('lets options replace a bundled year or start without bundled data', () => {
    const corrected = chinaCalendar({
      years: [{ year: 2026, holidays: ['2026-03-10'], makeUpWorkdays: [], source: 'test correction' }],
    });
    expect(corrected.isWorkingDay(cst('2026-03-10T10:00'))).toBe(false);
    expect(corrected.isWorkingDay(cst('2026-10-01T10:00'))).toBe(true);
    const bare = chinaCalendar({ bundledData: false });
    expect(bare.coveredYears()).toEqual([]);
    expect(bare.isWorkingDay(cst('2026-10-01T10:00'))).toBe(true);
  });
});

describe('chinaCalendar validation', () => {
  const fieldOf = (fn: () => unknown) => {
    const error = caught(fn);
    expect(isGridflowError(error, 'VALIDATION_FAILED')).toBe(true);
    return (error as { details: Record<string, unknown> }).details.field;
  };

  it('names the bad field of added data', () => {
    const calendar = chinaCalendar();
    const listener = vi.fn();
    calendar.onDataAdded(listener);
    expect(fieldOf(() => calendar.addYear({ ...FICTIONAL_2027, holidays: ['2027-02-30'] }))).toBe(
      'data.holidays.0',
    );
    expect(fieldOf(() => calendar.addYear({ ...FICTIONAL_2027, source: ' ' }))).toBe('data.source');
    expect(fieldOf(() => calendar.addYear({ ...FICTIONAL_2027, makeUpWorkdays: ['2027-01-02'] }))).toBe(
      'data.makeUpWorkdays.0',
    );
    expect(fieldOf(() => calendar.addYear({ ...FICTIONAL_2027, holidays: ['2031-01-01'] }))).toBe(
      'data.holidays.0',
    );
    expect(fieldOf(() => calendar.addYear({ ...FICTIONAL_2027, year: 2027.5 }))).toBe('data.year');
    expect(listener).not.toHaveBeenCalled();
    expect(calendar.covers(cst('2027-06-01T10:00'))).toBe(false);
  });

  it('names the bad option', () => {
    expect(fieldOf(() => chinaCalendar({ officeHours: [['12:00', '09:00']] }))).toBe('options.officeHours.0');
    expect(
      fieldOf(() =>
        chinaCalendar({
          officeHours: [
            ['09:00', '12:00'],
            ['11:00', '13:00'],
          ],
        }),
      ),
    ).toBe('options.officeHours.1');
    expect(fieldOf(() => chinaCalendar({ officeHours: [['9am', '12:00']] }))).toBe('options.officeHours.0.0');
    expect(fieldOf(() => chinaCalendar({ strict: 'yes' as unknown as boolean }))).toBe('options.strict');
  });
});

describe('chinaCalendar speed', () => {
  it('adds 60 working days in microseconds', () => {
    const calendar = chinaCalendar();
    const from = cst('2026-01-05T10:00').getTime();
    const started = performance.now();
    let last = 0;
    for (let i = 0; i < 20_000; i++)
      last = calendar.addWorkingDays(new Date(from + i * 3_600_000), 60).getTime();
    const perCall = ((performance.now() - started) / 20_000) * 1000;
    expect(last).toBeGreaterThan(from);
    expect(perCall).toBeLessThan(50);
  });
});

describe('chinaCalendar bounds', () => {
  const calendar = chinaCalendar();
  const from = new Date('2026-09-30T10:00:00+08:00');

  it.each([
    ['addWorkingHours', 1e300, 'hours'],
    ['addWorkingHours', 60_001, 'hours'],
    ['addWorkingDays', 1e8, 'days'],
    ['addWorkingDays', 1e6, 'days'],
    ['addWorkingDays', 2_501, 'days'],
  ] as const)('refuses %s(%d) at once with a typed error naming %s', (method, amount, field) => {
    const started = performance.now();
    let caught: unknown;
    try {
      calendar[method](from, amount);
    } catch (error) {
      caught = error;
    }
    expect(isGridflowError(caught, 'VALIDATION_FAILED')).toBe(true);
    expect((caught as { details: { field: string } }).details.field).toBe(field);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('still computes ten years of working days', () => {
    const due = calendar.addWorkingDays(from, 2_500);
    expect(due.getUTCFullYear()).toBeGreaterThan(2035);
    expect(due.getUTCFullYear()).toBeLessThan(2038);
  });
});
