import { describe, expect, it } from 'vitest';
import { isGridflowError } from '../errors.js';
import { isInsufficientPoints } from '../points/points-errors.js';
import type { PointsLedger } from '../points/points-ledger.js';

// Ledgers may answer synchronously (MaybePromise), so a refusal may be a throw or a rejection.
async function failure(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the ledger to refuse');
}

/**
 * The behaviour every {@link PointsLedger} must show, as a vitest suite. A future Postgres ledger calls it with
 * its own factory; each test gets a fresh, empty ledger.
 *
 * @example
 * ```ts
 * describePointsLedger('memory', () => memoryPointsLedger());
 * ```
 */
export function describePointsLedger(name: string, create: () => PointsLedger | Promise<PointsLedger>): void {
  const at = (day: number) => new Date(Date.UTC(2026, 9, day, 2));

  describe(`points ledger: ${name}`, () => {
    it('starts every person at a zero balance with no history', async () => {
      const ledger = await create();
      expect(await ledger.balance('u-nobody')).toBe(0);
      expect(await ledger.history('u-nobody')).toEqual([]);
    });

    it('adds awards and subtracts redemptions, keeping a running balance per person', async () => {
      const ledger = await create();
      await ledger.award({
        idempotencyKey: 'a1',
        personId: 'u-li',
        amount: 10,
        reason: 'wish',
        caseId: 'w-1',
      });
      await ledger.award({ idempotencyKey: 'a2', personId: 'u-li', amount: 5, reason: 'wish' });
      await ledger.award({ idempotencyKey: 'a3', personId: 'u-wu', amount: 7, reason: 'wish' });
      const spent = await ledger.redeem({
        idempotencyKey: 'r1',
        personId: 'u-li',
        amount: 12,
        reason: 'rice',
      });
      expect(spent).toMatchObject({ kind: 'redeem', amount: 12, balanceAfter: 3, caseId: null });
      expect(await ledger.balance('u-li')).toBe(3);
      expect(await ledger.balance('u-wu')).toBe(7);
    });

    it('returns the first entry when an award is repeated with the same key, without adding twice', async () => {
      const ledger = await create();
      const movement = { idempotencyKey: 'dup', personId: 'u-li', amount: 10, reason: 'wish', at: at(9) };
      const first = await ledger.award(movement);
      const again = await ledger.award({ ...movement, at: at(12) });
      expect(again).toEqual(first);
      expect(await ledger.balance('u-li')).toBe(10);
      expect(await ledger.history('u-li')).toHaveLength(1);
    });

    it('refuses a key reused for a different movement', async () => {
      const ledger = await create();
      await ledger.award({ idempotencyKey: 'k', personId: 'u-li', amount: 10, reason: 'wish' });
      const reused = await failure(() =>
        ledger.award({ idempotencyKey: 'k', personId: 'u-li', amount: 11, reason: 'wish' }),
      );
      expect(isGridflowError(reused, 'IDEMPOTENCY_KEY_REUSED')).toBe(true);
      const asRedeem = await failure(() =>
        ledger.redeem({ idempotencyKey: 'k', personId: 'u-li', amount: 10, reason: 'wish' }),
      );
      expect(isGridflowError(asRedeem, 'IDEMPOTENCY_KEY_REUSED')).toBe(true);
      expect(await ledger.balance('u-li')).toBe(10);
    });

    it('rejects an overdraft with a typed error and records nothing', async () => {
      const ledger = await create();
      await ledger.award({ idempotencyKey: 'a', personId: 'u-li', amount: 4, reason: 'wish' });
      const error = await failure(() =>
        ledger.redeem({ idempotencyKey: 'r', personId: 'u-li', amount: 5, reason: 'oil' }),
      );
      expect(isInsufficientPoints(error)).toBe(true);
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', details: { balance: 4, requested: 5 } });
      expect(await ledger.balance('u-li')).toBe(4);
      expect(await ledger.history('u-li')).toHaveLength(1);
      // The refused key stays free: the same redemption succeeds once the balance allows it.
      await ledger.award({ idempotencyKey: 'b', personId: 'u-li', amount: 1, reason: 'wish' });
      expect(
        (await ledger.redeem({ idempotencyKey: 'r', personId: 'u-li', amount: 5, reason: 'oil' }))
          .balanceAfter,
      ).toBe(0);
    });

    it('rejects zero, negative and fractional amounts', async () => {
      const ledger = await create();
      for (const amount of [0, -3, 1.5]) {
        const error = await failure(() =>
          ledger.award({ idempotencyKey: `bad-${amount}`, personId: 'u-li', amount, reason: 'x' }),
        );
        expect(isGridflowError(error, 'VALIDATION_FAILED')).toBe(true);
      }
      expect(await ledger.balance('u-li')).toBe(0);
    });

    it('lists history newest first and honours a limit', async () => {
      const ledger = await create();
      await ledger.award({ idempotencyKey: 'h1', personId: 'u-li', amount: 1, reason: 'first', at: at(8) });
      await ledger.award({ idempotencyKey: 'h2', personId: 'u-li', amount: 2, reason: 'second', at: at(9) });
      await ledger.redeem({ idempotencyKey: 'h3', personId: 'u-li', amount: 3, reason: 'third', at: at(10) });
      const history = await ledger.history('u-li');
      expect(history.map((e) => e.reason)).toEqual(['third', 'second', 'first']);
      expect(history.map((e) => e.balanceAfter)).toEqual([0, 3, 1]);
      expect((await ledger.history('u-li', { limit: 2 })).map((e) => e.reason)).toEqual(['third', 'second']);
    });
  });
}
