import { GridflowError, isGridflowError } from '../errors.js';

/**
 * Facts carried by an overdraft refusal, under `error.details`.
 *
 * @example
 * ```ts
 * const { balance, requested } = err.details as InsufficientPointsDetails;
 * ```
 */
export interface InsufficientPointsDetails {
  /** Always `amount`: the field at fault. */
  field: 'amount';
  /** Always `insufficientPoints`. */
  reason: 'insufficientPoints';
  /** Whose balance was short. */
  personId: string;
  /** The balance at the time of the redemption. */
  balance: number;
  /** The points the redemption asked for. */
  requested: number;
}

/**
 * The typed error a ledger throws when a redemption would overdraw a balance. It is a `VALIDATION_FAILED`
 * {@link GridflowError} (the request, not the system, is wrong) with `details.reason = 'insufficientPoints'`,
 * so callers can map it to a 4xx without a new error code.
 *
 * @example
 * ```ts
 * throw insufficientPointsError('u-li', 3, 10);
 * ```
 */
export function insufficientPointsError(personId: string, balance: number, requested: number): GridflowError {
  const details: InsufficientPointsDetails = {
    field: 'amount',
    reason: 'insufficientPoints',
    personId,
    balance,
    requested,
  };
  return new GridflowError(
    'VALIDATION_FAILED',
    `cannot redeem ${requested} points: ${personId} has ${balance}`,
    { details: { ...details } },
  );
}

/**
 * True when `value` is the overdraft refusal of {@link insufficientPointsError}; works across duplicate installs.
 *
 * @example
 * ```ts
 * try { await ledger.redeem(movement); } catch (err) { if (isInsufficientPoints(err)) reply(409); }
 * ```
 */
export function isInsufficientPoints(
  value: unknown,
): value is GridflowError & { details: InsufficientPointsDetails } {
  return isGridflowError(value, 'VALIDATION_FAILED') && value.details.reason === 'insufficientPoints';
}
