import { describe, expect, it } from 'vitest';
import { communityEngine, failure, people } from '../grid-report/community-fixture.test-util.js';

describe('three-orders references', () => {
  it.each([
    ['a member who does not exist', 'm-nobody'],
    ['a blank member id', '   '],
  ])(
    'refuses to issue an order to %s, naming the field, and leaves the order placed',
    async (_, assignee) => {
      const t = communityEngine('2026-09-28T09:00:00+08:00');
      const order = await t.engine.createCase({
        flow: 'three-orders',
        actor: people.resident,
        orgUnit: 'comm-1',
        input: { title: '楼道灯坏了', description: '不亮一周了' },
      });
      const error = await failure(
        t.engine.send({ caseId: order.id, actor: people.partyOrg, event: { type: 'issueOrder', assignee } }),
      );
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.details.field).toBe('event.assignee');
      expect(await t.engine.getCase(order.id)).toMatchObject({ state: 'placed', version: 1, assignee: null });
    },
  );
});

describe('three-orders notices and personal data', () => {
  it('never carries a phone number written into the title whole', async () => {
    const t = communityEngine('2026-09-28T09:00:00+08:00');
    const order = await t.engine.createCase({
      flow: 'three-orders',
      actor: people.resident,
      orgUnit: 'comm-1',
      input: { title: '楼道灯坏了 电话13812345678', description: '不亮一周了' },
    });
    await t.engine.send({
      caseId: order.id,
      actor: people.partyOrg,
      event: { type: 'issueOrder', assignee: 'm-li' },
    });
    await t.flush();
    expect(t.notices.length).toBeGreaterThan(0);
    expect(JSON.stringify(t.notices)).not.toContain('13812345678');
    expect(JSON.stringify(t.notices)).toContain('138****5678');
  });
});
