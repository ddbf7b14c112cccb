import { z } from 'zod';
import { type Clock, systemClock } from '../clock/clock.js';
import { GridflowError, parseOptions } from '../errors.js';
import { insufficientPointsError } from './points-errors.js';
import {
  isSameMovement,
  type PointsEntry,
  type PointsLedger,
  type PointsMovement,
  parsePointsMovement,
} from './points-ledger.js';

/**
 * Options of {@link memoryPointsLedger}.
 *
 * @example
 * ```ts
 * const options: MemoryPointsLedgerOptions = { clock: testClock };
 * ```
 */
export interface MemoryPointsLedgerOptions {
  /** Stamps entries that carry no `at`; defaults to the system clock. */
  clock?: Clock;
}

const optionsSchema = z
  .object({
    clock: z.custom<Clock>((v) => typeof (v as Clock)?.now === 'function', 'must have now()').optional(),
  })
  .strict();

/**
 * A {@link PointsLedger} kept in memory: for tests, demos and single-process embeddings. JavaScript runs each
 * call to completion, so the overdraft check and the write are atomic without locks.
 *
 * @example
 * ```ts
 * const ledger = memoryPointsLedger();
 * await ledger.award({ idempotencyKey: 'wish-7', personId: 'u-li', amount: 10, reason: '微心愿' });
 * await ledger.balance('u-li'); // 10
 * ```
 */
export function memoryPointsLedger(options: MemoryPointsLedgerOptions = {}): PointsLedger {
  const clock = parseOptions(optionsSchema, options).clock ?? systemClock;
  const byKey = new Map<string, PointsEntry>();
  const byPerson = new Map<string, PointsEntry[]>();

  const balanceOf = (personId: string) => byPerson.get(personId)?.at(-1)?.balanceAfter ?? 0;

  function record(kind: PointsEntry['kind'], input: PointsMovement): PointsEntry {
    const movement = parsePointsMovement(input);
    const existing = byKey.get(movement.idempotencyKey);
    if (existing) {
      if (!isSameMovement(existing, kind, movement)) {
        throw new GridflowError(
          'IDEMPOTENCY_KEY_REUSED',
          `points key ${movement.idempotencyKey} was used for another movement`,
          {
            details: { idempotencyKey: movement.idempotencyKey },
          },
        );
      }
      return existing;
    }
    const before = balanceOf(movement.personId);
    if (kind === 'redeem' && movement.amount > before) {
      throw insufficientPointsError(movement.personId, before, movement.amount);
    }
    const entry: PointsEntry = Object.freeze({
      idempotencyKey: movement.idempotencyKey,
      personId: movement.personId,
      kind,
      amount: movement.amount,
      reason: movement.reason,
      caseId: movement.caseId ?? null,
      at: movement.at ?? clock.now(),
      balanceAfter: kind === 'award' ? before + movement.amount : before - movement.amount,
    });
    byKey.set(entry.idempotencyKey, entry);
    byPerson.set(entry.personId, [...(byPerson.get(entry.personId) ?? []), entry]);
    return entry;
  }

  return {
    award: (movement) => record('award', movement),
    redeem: (movement) => record('redeem', movement),
    balance: (personId) => balanceOf(personId),
    // Insertion order is the ledger's order; `at` may be back-dated by callers, so it does not decide.
    history: (personId, { limit } = {}) => [...(byPerson.get(personId) ?? [])].reverse().slice(0, limit),
  };
}
