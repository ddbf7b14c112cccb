import { describe, expect, it } from 'vitest';
import {
  formatBeijingDateTime,
  formatIsoBeijing,
  parseBeijingDateTime,
  parseHotlineDeadline,
} from './hotline-time.js';

describe('Beijing platform times', () => {
  it('reads yyyy-MM-dd HH:mm:ss as Beijing time, eight hours ahead of UTC', () => {
    expect(parseBeijingDateTime('2026-03-02 09:15:00')?.toISOString()).toBe('2026-03-02T01:15:00.000Z');
    expect(parseBeijingDateTime('2026-01-01 00:00:00')?.toISOString()).toBe('2025-12-31T16:00:00.000Z');
  });

  it.each([
    '2026-02-30 10:00:00',
    '2026-13-01 10:00:00',
    '2026-03-02 24:00:00',
    '2026-03-02 09:60:00',
    '2026-03-02T09:15:00',
    '2026-03-02 09:15:00+08:00',
    '2026/03/02 09:15:00',
    '2026-03-02 9:15:00',
    '2026-03-02',
    '',
  ])('refuses %j', (text) => {
    expect(parseBeijingDateTime(text)).toBeNull();
  });

  it('accepts 29 February only in a leap year', () => {
    expect(parseBeijingDateTime('2028-02-29 12:00:00')).not.toBeNull();
    expect(parseBeijingDateTime('2026-02-29 12:00:00')).toBeNull();
  });

  it('reads a date-only deadline as the end of that day and keeps its precision', () => {
    expect(parseHotlineDeadline('2026-03-16')).toEqual({
      at: new Date('2026-03-16T15:59:59.000Z'),
      precision: 'date',
    });
    expect(parseHotlineDeadline('2026-03-16 18:00:00')).toEqual({
      at: new Date('2026-03-16T10:00:00.000Z'),
      precision: 'dateTime',
    });
    expect(parseHotlineDeadline('16/03/2026')).toBeNull();
  });

  it('formats instants back the way platforms write them and with an ISO offset', () => {
    const at = new Date('2026-03-01T16:05:09.999Z');
    expect(formatBeijingDateTime(at)).toBe('2026-03-02 00:05:09');
    expect(formatIsoBeijing(at)).toBe('2026-03-02T00:05:09+08:00');
    expect(parseBeijingDateTime(formatBeijingDateTime(at))?.getTime()).toBe(at.getTime() - 999);
  });
});
