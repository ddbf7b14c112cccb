import { describe, expect, it } from 'vitest';
import type { EffectDelivery } from '../effects/effects.js';
import { isPermanentFailure } from '../effects/effects.js';
import { memoryPointsLedger } from './memory-points-ledger.js';
import { pointsEffects } from './points-effects.js';

const delivery = (payload: unknown, idempotencyKey = 'outbox-1'): EffectDelivery => ({
  id: 'o-1',
  type: 'awardPoints',
  caseId: 'wish-7',
  payload,
  idempotencyKey,
  attempt: 1,
});

describe('pointsEffects', () => {
  it('awards points to the person in the payload, recording the case that earned them', async () => {
    const ledger = memoryPointsLedger();
    await pointsEffects(ledger).awardPoints(delivery({ personId: 'u-li', amount: 10, reason: '微心愿' }));
    expect(await ledger.balance('u-li')).toBe(10);
    expect((await ledger.history('u-li'))[0]).toMatchObject({ caseId: 'wish-7', idempotencyKey: 'outbox-1' });
  });

  it('awards once when the same outbox row is delivered again', async () => {
    const ledger = memoryPointsLedger();
    const { awardPoints } = pointsEffects(ledger);
    await awardPoints(delivery({ personId: 'u-li', amount: 10, reason: 'wish' }));
    await awardPoints({ ...delivery({ personId: 'u-li', amount: 10, reason: 'wish' }), attempt: 2 });
    expect(await ledger.balance('u-li')).toBe(10);
  });

  it('fails permanently on a malformed payload so it is dead-lettered, not retried', async () => {
    const { awardPoints } = pointsEffects(memoryPointsLedger());
    const error = await Promise.resolve(
      awardPoints(delivery({ personId: 'u-li', amount: -1, reason: 'x' })),
    ).catch((e: unknown) => e);
    expect(isPermanentFailure(error)).toBe(true);
    const extra = await Promise.resolve(
      awardPoints(delivery({ personId: 'u-li', amount: 1, reason: 'x', bonus: 1 })),
    ).catch((e: unknown) => e);
    expect(isPermanentFailure(extra)).toBe(true);
  });

  it('lets storage failures be retried', async () => {
    const ledger = memoryPointsLedger();
    const failing = { ...ledger, award: () => Promise.reject(new Error('connection reset')) };
    const error = await Promise.resolve(
      pointsEffects(failing).awardPoints(delivery({ personId: 'u-li', amount: 1, reason: 'x' })),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(isPermanentFailure(error)).toBe(false);
  });
});
