/**
 * A failure the fake platform can be told to produce: an HTTP status, a hang (for `ms`, or until closed), a 429
 * with `Retry-After`, a business error code in a 200 answer, or `dropResponse`: the call is applied and then
 * no answer comes (the case that makes idempotency keys necessary).
 *
 * @example
 * ```ts
 * platform.failNext({ kind: 'rateLimit', retryAfter: '2' });
 * platform.failNext({ kind: 'business', code: 5000, message: '系统繁忙' }, 3);
 * ```
 */
export type FakeFailure =
  | { kind: 'status'; status: number }
  | { kind: 'hang'; ms?: number }
  | { kind: 'rateLimit'; retryAfter: string }
  | { kind: 'business'; code: string | number; message?: string }
  | { kind: 'dropResponse' };

/**
 * The default mix of a failure rate: failures that leave nothing applied and need no client timeout (500, 503,
 * 429 with `Retry-After: 1`, business code 5000).
 *
 * @example
 * ```ts
 * platform.setFailureRate(0.1, [...DEFAULT_RANDOM_FAILURES, { kind: 'dropResponse' }]);
 * ```
 */
export const DEFAULT_RANDOM_FAILURES: readonly FakeFailure[] = Object.freeze([
  { kind: 'status', status: 500 },
  { kind: 'status', status: 503 },
  { kind: 'rateLimit', retryAfter: '1' },
  { kind: 'business', code: 5000, message: '系统繁忙' },
]);

/** Queued failures first, then a seeded random rate, so a failing run can be replayed. */
export function failurePlan(seed: number) {
  const queue: FakeFailure[] = [];
  let rate = 0;
  let kinds: readonly FakeFailure[] = DEFAULT_RANDOM_FAILURES;
  let state = seed >>> 0 || 1;
  // mulberry32: small, fast, and good enough to spread failures evenly.
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };

  return {
    enqueue(failure: FakeFailure, times: number) {
      for (let i = 0; i < times; i++) queue.push(failure);
    },
    setRate(next: number, nextKinds: readonly FakeFailure[] = DEFAULT_RANDOM_FAILURES) {
      if (!(next >= 0 && next <= 1)) throw new RangeError('failure rate must be between 0 and 1');
      if (nextKinds.length === 0) throw new RangeError('failure kinds must not be empty');
      rate = next;
      kinds = nextKinds;
    },
    next(): FakeFailure | null {
      const queued = queue.shift();
      if (queued) return queued;
      if (rate > 0 && random() < rate) return kinds[Math.floor(random() * kinds.length)]!;
      return null;
    },
    clear() {
      queue.length = 0;
      rate = 0;
    },
  };
}
