import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chinaCalendar } from './china-calendar.js';

const calendar = chinaCalendar();
const HOUR = 3_600_000;
// Instants from 2020 to the end of 2030: covered years, their boundaries and uncovered years alike.
const instant = fc
  .integer({ min: Date.parse('2020-01-01T00:00:00+08:00'), max: Date.parse('2030-12-31T00:00:00+08:00') })
  .map((ms) => new Date(ms));
const workingInstant = instant.filter((at) => calendar.isWorkingDay(at));
const days = fc.integer({ min: 0, max: 60 });

describe('chinaCalendar properties', () => {
  it('adds working days associatively', () => {
    fc.assert(
      fc.property(instant, days, days, (from, a, b) => {
        const once = calendar.addWorkingDays(from, a + b);
        const twice = calendar.addWorkingDays(calendar.addWorkingDays(from, a), b);
        expect(twice.getTime()).toBe(once.getTime());
      }),
    );
  });

  it('counts back the working days it added, from a working day', () => {
    fc.assert(
      fc.property(workingInstant, days, (from, n) => {
        const due = calendar.addWorkingDays(from, n);
        expect(calendar.workingDaysBetween(from, due)).toBe(n);
        expect(calendar.workingDaysBetween(due, from)).toBe(n === 0 ? 0 : -n);
        expect(calendar.isWorkingDay(due)).toBe(true);
      }),
    );
  });

  it('keeps deadlines in order', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 30 * 24 }), days, (from, gapHours, n) => {
        const later = new Date(from.getTime() + gapHours * HOUR);
        expect(calendar.addWorkingDays(later, n).getTime()).toBeGreaterThanOrEqual(
          calendar.addWorkingDays(from, n).getTime(),
        );
      }),
    );
  });

  it('adds working hours associatively and never lands outside office hours', () => {
    const hours = fc.integer({ min: 0, max: 4 * 40 }).map((quarters) => quarters / 4);
    fc.assert(
      fc.property(instant, hours, hours, (from, a, b) => {
        const once = calendar.addWorkingHours(from, a + b);
        const twice = calendar.addWorkingHours(calendar.addWorkingHours(from, a), b);
        expect(twice.getTime()).toBe(once.getTime());
        if (a + b > 0) {
          // Time of day in China, to the millisecond: a deadline 1 ms after 13:30 is inside the afternoon.
          const clock = (once.getTime() + 8 * HOUR) % (24 * HOUR);
          const within = (start: number, end: number) => clock > start * HOUR && clock <= end * HOUR;
          expect(calendar.isWorkingDay(once)).toBe(true);
          expect(within(9, 12) || within(13.5, 17.5)).toBe(true);
        }
      }),
    );
  });

  it('measures back the working hours it added', () => {
    const minutes = fc.integer({ min: 0, max: 60 * 60 });
    fc.assert(
      fc.property(instant, minutes, (from, m) => {
        const due = calendar.addWorkingHours(from, m / 60);
        expect(Math.round(calendar.workingHoursBetween(from, due) * 60)).toBe(m);
      }),
    );
  });
});
