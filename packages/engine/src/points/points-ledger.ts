import { z } from 'zod';
import { parseOptions } from '../errors.js';
import type { MaybePromise } from '../types.js';

/**
 * What a caller gives {@link PointsLedger.award} or {@link PointsLedger.redeem}. The `idempotencyKey` makes a
 * repeated call (a retried effect delivery, a double click at the counter) a no-op that returns the first entry.
 *
 * @example
 * ```ts
 * const award: PointsMovement = { idempotencyKey: 'wish-7:award', personId: 'u-li', amount: 10,
 *   reason: 'micro-wish fulfilled', caseId: 'wish-7' };
 * ```
 */
export interface PointsMovement {
  /** Makes the movement safe to repeat: a key already recorded moves nothing. */
  idempotencyKey: string;
  /** Whose points move. */
  personId: string;
  /** A positive whole number of points; the entry's `kind` says which way it moves. */
  amount: number;
  /** Why the points move, kept in the ledger. */
  reason: string;
  /** The case that earned or spent the points, if any. */
  caseId?: string | null;
  /** When it happened; defaults to the ledger's clock. */
  at?: Date;
}

/**
 * One row of a person's points history (积分明细). Rows are append-only; the balance is their signed sum.
 *
 * @example
 * ```ts
 * for (const e of await ledger.history('u-li')) console.log(e.kind, e.amount, e.reason);
 * ```
 */
export interface PointsEntry {
  /** The movement's idempotency key. */
  idempotencyKey: string;
  /** Whose points moved. */
  personId: string;
  /** `award` adds points, `redeem` takes them. */
  kind: 'award' | 'redeem';
  /** Points moved, always positive. */
  amount: number;
  /** Why the points moved. */
  reason: string;
  /** The case that earned them, if any. */
  caseId: string | null;
  /** When the movement was recorded. */
  at: Date;
  /** The person's balance right after this entry. */
  balanceAfter: number;
}

/**
 * The points ledger (积分台账) contract. Storage-neutral: an implementation must make `award` and `redeem`
 * atomic per person (the overdraft check and the write happen together) and idempotent per key. A key reused
 * with different content is refused with `IDEMPOTENCY_KEY_REUSED` rather than silently returning the old entry.
 * Redemption (兑换) is a ledger entry, not a case: it happens at once at a service counter and has no lifecycle
 * worth a flow, so `redeem` records it with the same idempotency as an award.
 *
 * @example
 * ```ts
 * await ledger.award({ idempotencyKey: 'k1', personId: 'u-li', amount: 10, reason: 'wish' });
 * await ledger.redeem({ idempotencyKey: 'k2', personId: 'u-li', amount: 4, reason: 'soap' });
 * await ledger.balance('u-li'); // 6
 * ```
 */
export interface PointsLedger {
  /** Add points. Repeating the key returns the first entry unchanged. */
  award(movement: PointsMovement): MaybePromise<PointsEntry>;
  /** Spend points. Throws a `VALIDATION_FAILED` error with `details.reason = 'insufficientPoints'` on overdraft. */
  redeem(movement: PointsMovement): MaybePromise<PointsEntry>;
  /** Current balance; 0 for an unknown person. */
  balance(personId: string): MaybePromise<number>;
  /** The person's entries, newest first. */
  history(personId: string, options?: { limit?: number }): MaybePromise<PointsEntry[]>;
}

/**
 * The zod schema of a {@link PointsMovement}; ledgers and the `awardPoints` effect validate with it.
 *
 * @example
 * ```ts
 * pointsMovementSchema.parse({ idempotencyKey: 'k', personId: 'u-li', amount: 5, reason: 'wish' });
 * ```
 */
export const pointsMovementSchema = z
  .object({
    idempotencyKey: z.string().min(1),
    personId: z.string().min(1),
    amount: z.number().int().positive(),
    reason: z.string().min(1),
    caseId: z.string().min(1).nullable().optional(),
    at: z.date().optional(),
  })
  .strict();

/**
 * Validate what a caller gave `award` or `redeem`: the movement, or a `VALIDATION_FAILED` error naming the
 * field (`movement.amount`, …). Every ledger checks its input with this before touching its store.
 *
 * @example
 * ```ts
 * const movement = parsePointsMovement({ idempotencyKey: 'k', personId: 'u-li', amount: 5, reason: 'wish' });
 * ```
 */
export function parsePointsMovement(input: unknown): PointsMovement {
  return parseOptions(pointsMovementSchema, input, 'movement');
}

/**
 * Whether a stored entry records this very movement, so a repeated idempotency key may return it; any
 * difference means the key was reused for another movement (`IDEMPOTENCY_KEY_REUSED`).
 *
 * @example
 * ```ts
 * if (!isSameMovement(existing, 'award', movement)) throw new GridflowError('IDEMPOTENCY_KEY_REUSED', '…');
 * ```
 */
export function isSameMovement(
  entry: PointsEntry,
  kind: PointsEntry['kind'],
  movement: PointsMovement,
): boolean {
  return (
    entry.kind === kind &&
    entry.personId === movement.personId &&
    entry.amount === movement.amount &&
    entry.reason === movement.reason &&
    entry.caseId === (movement.caseId ?? null)
  );
}
