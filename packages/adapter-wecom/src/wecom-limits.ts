import { validationError } from '@gridflow/engine';

/**
 * At most `limit` sends in any `windowMs` (a sliding window, the strictest reading of a limit).
 *
 * @example
 * ```ts
 * const perMinute: WindowLimit = { limit: 30, windowMs: 60_000 };
 * ```
 */
export interface WindowLimit {
  /** Calls allowed per window. */
  limit: number;
  /** Window length in milliseconds. */
  windowMs: number;
}

/**
 * WeCom's limits on app messages to one member: 30 a minute and 1,000 an hour. Over them WeCom drops messages
 * without an error, so they must be kept before sending.
 *
 * @example
 * ```ts
 * const members = slidingWindowLimiter(MEMBER_MESSAGE_LIMITS);
 * ```
 */
export const MEMBER_MESSAGE_LIMITS: readonly WindowLimit[] = [
  { limit: 30, windowMs: 60_000 },
  { limit: 1_000, windowMs: 3_600_000 },
];

/**
 * WeCom's limit on one group robot: 20 messages a minute.
 *
 * @example
 * ```ts
 * const robots = slidingWindowLimiter(ROBOT_MESSAGE_LIMITS);
 * ```
 */
export const ROBOT_MESSAGE_LIMITS: readonly WindowLimit[] = [{ limit: 20, windowMs: 60_000 }];

/**
 * Local sliding-window limits per key (a member, a robot). Nothing is dropped: a refusal says how long to wait.
 *
 * @example
 * ```ts
 * const wait = limiter.take(['wangfang', 'lisi']);
 * if (wait > 0) throw retryAfter(wait); // nothing was counted
 * ```
 */
export interface SlidingWindowLimiter {
  /** Milliseconds until every key may send once more (0: now). Counts nothing. */
  check(keys: string | readonly string[]): number;
  /** Count one send for every key if all may send now and return 0; otherwise count nothing, return the wait. */
  take(keys: string | readonly string[]): number;
}

/**
 * A {@link SlidingWindowLimiter} over `limits`, reading time from `now` (inject a fake clock in tests).
 *
 * @example
 * ```ts
 * let t = 0;
 * const robot = slidingWindowLimiter(ROBOT_MESSAGE_LIMITS, { now: () => t });
 * for (let i = 0; i < 20; i++) robot.take('robot-1'); // all 0
 * robot.take('robot-1'); // 60000: the first send leaves the window at t = 60 s
 * ```
 */
export function slidingWindowLimiter(
  limits: readonly WindowLimit[],
  options: { now?: () => number } = {},
): SlidingWindowLimiter {
  limits.forEach((l, i) => {
    if (!Number.isInteger(l.limit) || l.limit < 1) throw validationError(`limits.${i}.limit`, 'must be >= 1');
    if (!(l.windowMs > 0)) throw validationError(`limits.${i}.windowMs`, 'must be a positive number');
  });
  const now = options.now ?? Date.now;
  const longest = Math.max(...limits.map((l) => l.windowMs));
  const sent = new Map<string, number[]>(); // ascending send times per key
  let takesSinceSweep = 0;

  const recent = (key: string, at: number): number[] => {
    const times = sent.get(key);
    if (!times) return [];
    const firstLive = times.findIndex((t) => t > at - longest);
    if (firstLive === -1) sent.delete(key);
    else if (firstLive > 0) times.splice(0, firstLive);
    return firstLive === -1 ? [] : times;
  };
  const waitFor = (times: readonly number[], at: number): number => {
    let wait = 0;
    for (const { limit, windowMs } of limits) {
      // The limit-th most recent send must leave the window before one more fits.
      const blocking = times.length >= limit ? times[times.length - limit]! : undefined;
      if (blocking !== undefined && blocking > at - windowMs) wait = Math.max(wait, blocking + windowMs - at);
    }
    return wait;
  };
  const check = (keys: readonly string[], at: number) =>
    Math.max(0, ...keys.map((key) => waitFor(recent(key, at), at)));
  const sweep = (at: number) => {
    for (const key of [...sent.keys()]) recent(key, at);
  };

  return {
    check: (keys) => check(typeof keys === 'string' ? [keys] : keys, now()),
    take(keys) {
      const list = [...new Set(typeof keys === 'string' ? [keys] : keys)];
      const at = now();
      const wait = check(list, at);
      if (wait > 0) return wait;
      for (const key of list) {
        const times = sent.get(key);
        if (times) times.push(at);
        else sent.set(key, [at]);
      }
      // Keys nobody sends to again would otherwise keep their last hour of times forever.
      if (++takesSinceSweep >= 10_000) {
        takesSinceSweep = 0;
        sweep(at);
      }
      return 0;
    },
  };
}

/**
 * A token bucket: `burst` calls at once, refilled at `perMinute`. `take()` returns 0 when a call may go now
 * (and counts it), else the milliseconds until one may.
 *
 * @example
 * ```ts
 * const calls = tokenBucket({ perMinute: 10_000, burst: 1_000 });
 * const wait = calls.take(); // 0 until a burst of 1,000 is spent
 * ```
 */
export function tokenBucket(options: { perMinute: number; burst: number; now?: () => number }): {
  take(): number;
} {
  if (!(options.perMinute > 0)) throw validationError('perMinute', 'must be a positive number');
  if (!(options.burst >= 1)) throw validationError('burst', 'must be at least 1');
  const now = options.now ?? Date.now;
  const perMs = options.perMinute / 60_000;
  let tokens = options.burst;
  let at = now();
  return {
    take() {
      const t = now();
      tokens = Math.min(options.burst, tokens + Math.max(0, t - at) * perMs);
      at = t;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return Math.ceil((1 - tokens) / perMs);
    },
  };
}
