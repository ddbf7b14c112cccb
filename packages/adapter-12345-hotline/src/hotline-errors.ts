import { permanentFailure } from '@gridflow/engine';
import type { HotlineProfile } from './hotline-profile.js';

/**
 * What to do about a failed platform call: try again with backoff, give up (dead-letter), or wait as told.
 *
 * @example
 * ```ts
 * const verdict: HotlineFailure = { kind: 'retryAfter', retryAfterMs: 30_000 };
 * ```
 */
export type HotlineFailure =
  | { kind: 'retryable' }
  | { kind: 'permanent' }
  | { kind: 'retryAfter'; retryAfterMs: number };

/**
 * A failed call to the platform. `retryable: false` (set through the engine's `permanentFailure`) makes the
 * dispatcher dead-letter at once; `retryAfterMs` asks it to wait that long. `code` is the platform's business
 * code, or `TIMEOUT`, `NETWORK` or `BAD_ENVELOPE` when no usable answer came.
 *
 * @example
 * ```ts
 * try { await client.reply(input); }
 * catch (error) { if (error instanceof HotlineApiError && error.code === '2002') console.warn('not signed for yet'); }
 * ```
 */
export class HotlineApiError extends Error {
  /** Always `HotlineApiError`. */
  override readonly name = 'HotlineApiError';
  /** The operation called (`signFor`, `listTodo` ...). */
  readonly operation: string;
  /** The HTTP status, or null for a network failure. */
  readonly status: number | null;
  /** The platform's code, or null. */
  readonly code: string | null;
  /** True when a later attempt may succeed. */
  readonly retryable: boolean;
  /** How long to wait before retrying, when the platform says. */
  readonly retryAfterMs: number | undefined;

  constructor(init: {
    operation: string;
    status: number | null;
    code: string | null;
    message: string;
    retryable: boolean;
    retryAfterMs?: number;
    cause?: unknown;
  }) {
    super(`${init.operation}: ${init.message}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.operation = init.operation;
    this.status = init.status;
    this.code = init.code;
    this.retryable = init.retryable;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/**
 * The wait when a platform says "slow down" without saying for how long: a minute, as such limits usually lift.
 *
 * @example
 * ```ts
 * const wait = parseRetryAfter(header, now) ?? DEFAULT_RETRY_AFTER_MS;
 * ```
 */
export const DEFAULT_RETRY_AFTER_MS = 60_000;
const RETRYABLE_STATUS = new Set([408, 425, 500, 502, 503, 504]);

/**
 * Read a `Retry-After` header: delay-seconds or an HTTP date (RFC 9110 §10.2.3), as milliseconds from `now`
 * (never negative); `null` when absent or unreadable.
 *
 * @example
 * ```ts
 * parseRetryAfter('120', new Date()); // 120000
 * parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT', new Date('2026-10-21T07:27:00Z')); // 60000
 * ```
 */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | null {
  const text = value?.trim();
  if (!text) return null;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) || !/[a-z]/i.test(text) ? null : Math.max(0, at - now.getTime());
}

/**
 * Decide what a platform answer means. `businessCode` is the envelope's code (`null` when the body had no
 * envelope). The profile lists the business codes worth retrying and those meaning "rate limited"; any other
 * failing code is permanent, as is any 4xx but 408, 425 and 429. 5xx are retried; 429 (and 503 with
 * `Retry-After`) wait as told.
 *
 * @example
 * ```ts
 * classifyHotlineResponse({ status: 429, retryAfter: '5', businessCode: null, profile, now: new Date() });
 * // { kind: 'retryAfter', retryAfterMs: 5000 }
 * ```
 */
export function classifyHotlineResponse(answer: {
  status: number;
  retryAfter: string | null;
  businessCode: string | null;
  profile: HotlineProfile;
  now: Date;
}): HotlineFailure | { kind: 'ok' } {
  const { status, businessCode, profile } = answer;
  const waitMs = () => parseRetryAfter(answer.retryAfter, answer.now);
  const rateLimited = businessCode !== null && profile.errorCodes.rateLimited.includes(businessCode);
  if (status === 429 || rateLimited || (status === 503 && waitMs() !== null)) {
    return { kind: 'retryAfter', retryAfterMs: waitMs() ?? DEFAULT_RETRY_AFTER_MS };
  }
  if (RETRYABLE_STATUS.has(status) || status >= 500) return { kind: 'retryable' };
  if (businessCode !== null && profile.errorCodes.retryable.includes(businessCode))
    return { kind: 'retryable' };
  if (status >= 200 && status < 300 && businessCode === String(profile.envelope.success))
    return { kind: 'ok' };
  return { kind: 'permanent' };
}

/**
 * Build the error a failed call throws: permanent failures go through `permanentFailure`, so the engine's
 * dispatcher recognises them.
 *
 * @example
 * ```ts
 * throw hotlineApiError({ operation: 'reply', status: 200, code: '2003', message: '状态不允许' }, { kind: 'permanent' });
 * ```
 */
export function hotlineApiError(
  facts: { operation: string; status: number | null; code: string | null; message: string; cause?: unknown },
  failure: HotlineFailure,
): HotlineApiError {
  const error = new HotlineApiError({
    ...facts,
    retryable: failure.kind !== 'permanent',
    ...(failure.kind === 'retryAfter' ? { retryAfterMs: failure.retryAfterMs } : {}),
  });
  return failure.kind === 'permanent' ? (permanentFailure(error) as HotlineApiError) : error;
}
