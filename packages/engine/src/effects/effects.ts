/**
 * One effect delivery handed to a handler.
 *
 * @example
 * ```ts
 * const handler: EffectHandler = async (d) => sms.send({ dedupe: d.idempotencyKey, ...d.payload });
 * ```
 */
export interface EffectDelivery<TPayload = unknown> {
  id: string;
  /** Effect type: declared effect action name or emitted event type. */
  type: string;
  caseId: string;
  payload: TPayload;
  /** Same on every attempt of this effect, in every process: use it to deduplicate downstream. */
  idempotencyKey: string;
  /** 1 on the first attempt. */
  attempt: number;
}

/**
 * Delivers one effect. Resolve when delivered; throw to retry with backoff. Throw an error with
 * `retryable: false` (see {@link permanentFailure}) to dead-letter at once. A failure never touches the case.
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
