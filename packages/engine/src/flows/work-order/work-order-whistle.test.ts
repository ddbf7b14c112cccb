import { describe, expect, it } from 'vitest';
import type { Actor } from '../../types.js';
import { actors, outcome, workOrderHarness } from './work-order-fixture.test-util.js';

const START = '2026-09-30T10:00:00+08:00';
const iso = (local: string) => new Date(local).toISOString();

describe('社区吹哨、部门报到', () => {
  for (const version of [2, 3] as const) {
    it(`v${version}: lets the case’s community whistle, but not a community elsewhere`, async () => {
      const h = workOrderHarness({ start: START, version });
      const id = await h.signedFor();
      const elsewhere: Actor = { id: 'u-comm-2', roles: ['communityStaff'], orgUnit: 'comm-2' };
      const whistle = { departments: ['dept-market'], reason: '占道经营涉及市场监管' };
      expect(await outcome(h.send(id, elsewhere, 'whistle', whistle))).toBe('CASE_NOT_FOUND');
      await h.send(id, actors.community, 'whistle', whistle);
      const v = await h.view(id);
      expect(v.context.whistles[0]).toMatchObject({ by: 'u-comm', summons: [{ unit: 'dept-market' }] });
      expect(v.handlingUnits).toContain('dept-market');
      await h.send(id, actors.market, 'reportIn', { note: '已到场' });
    });
  }

  it('v3 tells the command centre of a late 报到, as well as the whistler', async () => {
    const h = workOrderHarness({ start: START });
    const id = await h.signedFor();
    await h.send(id, actors.community, 'whistle', {
      departments: ['dept-market'],
      reason: '占道经营涉及市场监管',
      reportInWithin: { amount: 2, unit: 'workingHours' },
    });
    await h.advanceTo('2026-09-30T11:59:00+08:00');
    expect(await h.topics(id)).not.toContain('workOrder.reportInLate');
    await h.advanceTo('2026-09-30T12:00:00+08:00');
    await h.flush();
    const late = h.notices.filter((n) => n.topic === 'workOrder.reportInLate');
    expect(late.map((n) => [n.to, n.deliveredAt])).toEqual([
      [{ member: 'u-comm' }, iso('2026-09-30T12:00:00+08:00')],
      [{ unit: 'grid-01', anyRole: ['dispatcher', 'supervisor'] }, iso('2026-09-30T12:00:00+08:00')],
    ]);
    expect((await h.view(id)).context.whistles[0]?.summons[0]).toMatchObject({
      late: true,
      reportedAt: null,
    });
  });

  it('v2 tells only the whistler, as it always did', async () => {
    const h = workOrderHarness({ start: START, version: 2 });
    const id = await h.signedFor();
    await h.send(id, actors.street, 'whistle', {
      departments: ['dept-market'],
      reason: '违建',
      reportInWithin: { amount: 2, unit: 'workingHours' },
    });
    await h.advanceTo('2026-09-30T12:00:00+08:00');
    await h.flush();
    const late = h.notices.filter((n) => n.topic === 'workOrder.reportInLate');
    expect(late.map((n) => n.to)).toEqual([{ member: 'u-street' }]);
  });
});
