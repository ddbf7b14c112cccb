import { describe, expect, it } from 'vitest';
import { memoryPointsLedger } from './memory-points-ledger.js';
import { describePointsLedger } from '../conformance/points-ledger-suite.js';

describePointsLedger('memory', () => memoryPointsLedger());

describe('memoryPointsLedger', () => {
  it('stamps entries without a time from its clock', async () => {
    const now = new Date('2026-10-09T02:00:00Z');
    const ledger = memoryPointsLedger({ clock: { now: () => now, sleep: async () => {} } });
    const entry = await ledger.award({ idempotencyKey: 'k', personId: 'u-li', amount: 1, reason: 'wish' });
    expect(entry.at).toEqual(now);
  });

  it('names the bad option when constructed with a clock that cannot tell the time', () => {
    expect(() => memoryPointsLedger({ clock: {} as never })).toThrow(/options\.clock/);
  });
});
