import { GridflowError } from '@gridflow/engine';

/**
 * Why a callback from WeCom was rejected. Each maps to a 4xx answer and nothing reaches the engine.
 *
 * @example
 * ```ts
 * if (err instanceof WecomCallbackError && err.reason === 'BAD_SIGNATURE') metrics.count('forged');
 * ```
 */
export type WecomCallbackReason =
  | 'BAD_SIGNATURE'
  | 'BAD_CIPHERTEXT'
  | 'BAD_PADDING'
  | 'BAD_LENGTH'
  | 'BAD_RECEIVE_ID'
  | 'BAD_XML'
  | 'BAD_REQUEST'
  | 'BAD_METHOD'
  | 'UNKNOWN_MEMBER'
  | 'TOO_LARGE';

const STATUS: Record<WecomCallbackReason, number> = {
  BAD_SIGNATURE: 401,
  BAD_CIPHERTEXT: 400,
  BAD_PADDING: 400,
  BAD_LENGTH: 400,
  BAD_RECEIVE_ID: 403,
  BAD_XML: 400,
  BAD_REQUEST: 400,
  BAD_METHOD: 405,
  UNKNOWN_MEMBER: 403,
  TOO_LARGE: 413,
};

/**
 * A rejected WeCom callback: a `VALIDATION_FAILED` {@link GridflowError} with a `reason` and the HTTP `status`
 * to answer with. Messages never include the ciphertext or plaintext.
 *
 * @example
 * ```ts
 * throw new WecomCallbackError('BAD_PADDING', 'pad byte 0 is outside 1..32');
 * ```
 */
export class WecomCallbackError extends GridflowError {
  /** Why the callback was refused (bad signature, replay, unknown member ...). */
  readonly reason: WecomCallbackReason;
  /**
   * 401 for a bad signature, 403 for another corp's message or a clicker the directory does not know, 405 for
   * a method other than GET and POST, 413 for an oversized body, else 400.
   */
  readonly status: number;

  constructor(reason: WecomCallbackReason, message: string) {
    super('VALIDATION_FAILED', `WeCom callback rejected (${reason}): ${message}`, {
      details: { field: 'callback', reason },
    });
    this.name = 'WecomCallbackError';
    this.reason = reason;
    this.status = STATUS[reason];
  }
}
