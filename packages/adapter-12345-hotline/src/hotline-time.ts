/**
 * 12345 platforms write times as `yyyy-MM-dd HH:mm:ss` in Beijing time with no offset. China has kept UTC+8
 * without daylight saving since 1991, so a fixed offset is exact for every date a platform sends.
 */
const BEIJING_OFFSET_MS = 8 * 3_600_000;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A platform deadline (办理时限): platforms send either a date or a date-time. A date means the end of that day
 * in Beijing time (23:59:59), and `precision` keeps which one was sent.
 *
 * @example
 * ```ts
 * const deadline: HotlineDeadline = { at: new Date('2026-03-10T15:59:59Z'), precision: 'date' };
 * ```
 */
export interface HotlineDeadline {
  /** The deadline instant (end of day for a date-only deadline). */
  at: Date;
  /** Whether the platform gave a date or a date and time. */
  precision: 'date' | 'dateTime';
}

function beijingInstant(parts: readonly number[]): Date | null {
  const [year, month, day, hour = 0, minute = 0, second = 0] = parts as [number, number, number];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 2026-02-30 over to March; a round trip catches days a month does not have.
  if (new Date(utc).getUTCDate() !== day) return null;
  return new Date(utc - BEIJING_OFFSET_MS);
}

/**
 * Parse `yyyy-MM-dd HH:mm:ss` in Beijing time (Asia/Shanghai), or `null` when the text is not exactly that
 * (an offset, a `T`, a missing second or an impossible day such as 02-30 are all refused).
 *
 * @example
 * ```ts
 * parseBeijingDateTime('2026-03-02 09:15:00')?.toISOString(); // '2026-03-02T01:15:00.000Z'
 * ```
 */
export function parseBeijingDateTime(text: string): Date | null {
  const match = DATE_TIME.exec(text);
  return match ? beijingInstant(match.slice(1).map(Number)) : null;
}

/**
 * Parse a platform deadline: `yyyy-MM-dd HH:mm:ss`, or `yyyy-MM-dd` meaning 23:59:59 that day; `null` when it
 * is neither.
 *
 * @example
 * ```ts
 * parseHotlineDeadline('2026-03-10'); // { at: 2026-03-10 23:59:59 +08:00, precision: 'date' }
 * ```
 */
export function parseHotlineDeadline(text: string): HotlineDeadline | null {
  const day = DATE_ONLY.exec(text);
  if (day) {
    const at = beijingInstant([...day.slice(1).map(Number), 23, 59, 59]);
    return at ? { at, precision: 'date' } : null;
  }
  const at = parseBeijingDateTime(text);
  return at ? { at, precision: 'dateTime' } : null;
}

function beijingParts(date: Date): string[] {
  const shifted = new Date(date.getTime() + BEIJING_OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return [
    String(shifted.getUTCFullYear()).padStart(4, '0'),
    pad(shifted.getUTCMonth() + 1),
    pad(shifted.getUTCDate()),
    pad(shifted.getUTCHours()),
    pad(shifted.getUTCMinutes()),
    pad(shifted.getUTCSeconds()),
  ];
}

/**
 * Format an instant as the platforms write it: `yyyy-MM-dd HH:mm:ss` in Beijing time (milliseconds dropped).
 *
 * @example
 * ```ts
 * formatBeijingDateTime(new Date('2026-03-02T01:15:00Z')); // '2026-03-02 09:15:00'
 * ```
 */
export function formatBeijingDateTime(date: Date): string {
  const [y, mo, d, h, mi, s] = beijingParts(date);
  return `${y}-${mo}-${d} ${h}:${mi}:${s}`;
}

/**
 * Format an instant as an ISO 8601 date-time with the Beijing offset (`2026-03-02T09:15:00+08:00`), the form
 * Open311 asks for ("timezone information must be included").
 *
 * @example
 * ```ts
 * formatIsoBeijing(new Date('2026-03-02T01:15:00Z')); // '2026-03-02T09:15:00+08:00'
 * ```
 */
export function formatIsoBeijing(date: Date): string {
  const [y, mo, d, h, mi, s] = beijingParts(date);
  return `${y}-${mo}-${d}T${h}:${mi}:${s}+08:00`;
}
