import { z } from 'zod';
import type { EffectHandler } from '../effects/effects.js';
import { permanentFailure } from '../effects/effects.js';
import { isGridflowError } from '../errors.js';
import { POINTS_LEDGER_CONTRACT } from '../runtime/adapter-contracts.js';
import { guardAdapter } from '../runtime/guard-adapter.js';
import type { PointsLedger } from './points-ledger.js';

/**
 * The payload a flow gives its `awardPoints` effect action, e.g. `micro-wish` on confirmation.
 *
 * @example
 * ```ts
 * setup({ actions: { awardPoints: effect<AwardPointsPayload>() } })
 * ```
 */
export interface AwardPointsPayload {
  /** Who earns the points. */
  personId: string;
  /** Points awarded, a positive whole number. */
  amount: number;
  /** Why, shown in the ledger (微心愿实现). */
  reason: string;
  /** Defaults to the case that raised the effect. */
  caseId?: string;
}

/**
 * Schema of {@link AwardPointsPayload}, strict so a typo in a flow surfaces as a dead letter, not lost points.
 *
 * @example
 * ```ts
 * awardPointsPayloadSchema.parse({ personId: 'u-li', amount: 10, reason: '微心愿' });
 * ```
 */
export const awardPointsPayloadSchema = z
  .object({
    personId: z.string().min(1),
    amount: z.number().int().positive(),
    reason: z.string().min(1),
    caseId: z.string().min(1).optional(),
  })
  .strict();

/**
 * The effect handlers that connect flows to a {@link PointsLedger}: plug them into `createEngine({ effects })`.
 * `awardPoints` keys the ledger entry on the outbox row's idempotency key, so redelivery after a crash or a
 * retry never awards twice. A malformed payload or a refused movement is a permanent failure (dead-lettered
 * at once); anything else (storage down) is retried. The ledger is guarded like the engine's own adapters: a
 * ledger missing members fails here with one `VALIDATION_FAILED` listing them (`pointsLedger.award`, ...), and
 * anything it throws becomes `ADAPTER_FAILED { adapter: 'pointsLedger', method, cause }`.
 *
 * @example
 * ```ts
 * const ledger = memoryPointsLedger();
 * const engine = createEngine({ storage, flows, directory, effects: { ...pointsEffects(ledger) } });
 * ```
 */
export function pointsEffects(given: PointsLedger): { awardPoints: EffectHandler<unknown> } {
  const ledger = guardAdapter('pointsLedger', given, POINTS_LEDGER_CONTRACT);
  return {
    awardPoints: async (delivery) => {
      const parsed = awardPointsPayloadSchema.safeParse(delivery.payload);
      if (!parsed.success) {
        throw permanentFailure(new Error(`awardPoints payload invalid: ${parsed.error.message}`));
      }
      const { caseId, ...rest } = parsed.data;
      try {
        await ledger.award({
          ...rest,
          caseId: caseId ?? delivery.caseId,
          idempotencyKey: delivery.idempotencyKey,
        });
      } catch (error) {
        // A refused movement stays refused on every retry; only storage trouble is worth retrying.
        if (isGridflowError(error, 'VALIDATION_FAILED') || isGridflowError(error, 'IDEMPOTENCY_KEY_REUSED')) {
          throw permanentFailure(error);
        }
        throw error;
      }
    },
  };
}
