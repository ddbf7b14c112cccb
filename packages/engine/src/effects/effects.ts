import { validationError } from '../errors.js';

/**
 * One effect delivery handed to a handler.
 *
 * @example
 * ```ts
 * const handler: EffectHandler = async (d) => sms.send({ dedupe: d.idempotencyKey, ...d.payload });
 * ```
 */
export interface EffectDelivery<TPayload = unknown> {
  /** Outbox row id of this effect. */
  id: string;
  /** Effect type: declared effect action name or emitted event type. */
  type: string;
  /** The case whose transition produced the effect. */
  caseId: string;
  /** The effect's params (declared effects) or the emitted event. */
  payload: TPayload;
  /** Same on every attempt of this effect, in every process: use it to deduplicate downstream. */
  idempotencyKey: string;
  /**
   * 1 on the first attempt. Attempts deferred by a {@link retryAfter} are not counted, so the same number comes
   * again on the attempt after one.
   */
  attempt: number;
}

/**
 * Delivers one effect. Resolve when delivered; throw to retry with backoff. Throw an error with
 * `retryable: false` (see {@link permanentFailure}) to dead-letter at once, or one with `retryAfterMs` (see
 * {@link retryAfter}) when the receiver asks to wait. A failure never touches the case.
 *
 * @example
 * ```ts
 * const notify: EffectHandler<{ to: string }> = async ({ payload }) => { await wecom.send(payload.to); };
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: handlers typed for their own payload must fit a Record<string, EffectHandler>.
export type EffectHandler<TPayload = any> = (delivery: EffectDelivery<TPayload>) => Promise<void> | void;

/**
 * Wrap an error so the dispatcher dead-letters the effect without further retries (bad address, 4xx...).
 *
 * @example
 * ```ts
 * if (res.status === 400) throw permanentFailure(new Error('invalid user id'));
 * ```
 */
export function permanentFailure(error: unknown): Error & { retryable: false } {
  const wrapped = error instanceof Error ? error : new Error(String(error));
  return Object.assign(wrapped, { retryable: false as const });
}

/**
 * True when an error thrown by a handler asks not to be retried.
 *
 * @example
 * ```ts
 * isPermanentFailure(permanentFailure(new Error('x'))); // true
 * ```
 */
export function isPermanentFailure(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { retryable?: unknown }).retryable === false
  );
}

/**
 * Mark an error as "the receiver asks to wait" (a rate limit: WeCom 45009, an HTTP 429 or 503 with
 * `Retry-After`). The dispatcher tries again no sooner than `ms` from now and does not count the attempt
 * toward `maxAttempts` (it never dead-letters a row by itself): the rate limit is the receiver's state, not
 * the row's fault. Rows behind it in its ordering key wait too. `ms` must be a finite number >= 0.
 *
 * @example
 * ```ts
 * if (res.status === 429) throw retryAfter(new Error('HTTP 429'), Number(res.headers.get('retry-after')) * 1000);
 * if (body.errcode === 45009) throw retryAfter(new Error('wecom 45009: api freq out of limit'), 60_000);
 * ```
 */
export function retryAfter(error: unknown, ms: number): Error & { retryAfterMs: number } {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
    throw validationError('retryAfterMs', 'must be a finite number of milliseconds >= 0');
  }
  const wrapped = error instanceof Error ? error : new Error(String(error));
  return Object.assign(wrapped, { retryAfterMs: ms });
}

/**
 * The wait an error thrown by a handler asks for (see {@link retryAfter}), or null when it asks for none.
 *
 * @example
 * ```ts
 * retryAfterMsOf(retryAfter(new Error('HTTP 429'), 5_000)); // 5000
 * retryAfterMsOf(new Error('HTTP 500')); // null
 * ```
 */
export function retryAfterMsOf(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null;
  const ms = (error as { retryAfterMs?: unknown }).retryAfterMs;
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 ? ms : null;
}
