import { describe, expect, it } from 'vitest';
import { memoryDirectory } from '../../directory/memory-directory.js';
import { resolveRecipients } from '../../effects/recipients.js';
import { actors, directory, workOrderHarness } from './work-order-fixture.test-util.js';

const SIGNED = '2026-09-29T10:00:00+08:00';
const iso = (local: string) => new Date(local).toISOString();
const HANDLERS = ['departmentHandler', 'communityStaff', 'streetStaff'];

describe('v3 escalates along the handling unit’s chain', () => {
  it('takes a department’s late case to the command centre and its supervisor, not the resident’s community', async () => {
    const h = workOrderHarness({ start: SIGNED });
    const id = await h.signedFor({ requestType: 'complaint' });
    // The engine hands the machine each referenced unit's chain from the directory.
    const dispatch = (await h.engine.history(id)).find((e) => e.type === 'dispatch');
    expect(dispatch?.event.meta).toMatchObject({
      chains: { 'dept-housing': ['dept-housing', 'district'], 'dept-city': ['dept-city', 'district'] },
    });
    await h.advanceTo('2026-10-26T10:00:00+08:00');
    const v = await h.view(id);
    expect(v.context.escalation.steps).toEqual([
      {
        trigger: 'slaBreach',
        from: 'dept-housing',
        to: 'district',
        at: iso('2026-10-26T10:00:00+08:00'),
        by: 'system',
      },
    ]);
    expect(v.handlingUnits).not.toContain('comm-1');
    await h.flush();
    const told = (topic: string) => h.notices.filter((n) => n.topic === topic).map((n) => n.to);
    expect(told('workOrder.escalated')).toEqual([
      { unit: 'district', anyRole: [...HANDLERS, 'dispatcher', 'supervisor'] },
    ]);
    const centre = { unit: 'grid-01', anyRole: ['dispatcher', 'supervisor'] };
    expect(told('workOrder.slaBreached')).toEqual([{ unit: 'dept-housing', anyRole: HANDLERS }, centre]);

    // Who that reaches in a district with people: the dispatcher and the supervisor, nobody in the community.
    const staffed = memoryDirectory({
      units: await Promise.all(
        ['district', 'street-east', 'comm-1', 'grid-01', 'dept-housing'].map(
          async (u) => (await directory.getUnit(u))!,
        ),
      ),
      members: [
        { id: 'u-disp', name: '调度员', roles: ['dispatcher'], orgUnit: 'district' },
        { id: 'u-sup', name: '督查员', roles: ['supervisor'], orgUnit: 'district' },
        { id: 'u-comm', name: '社区干部', roles: ['communityStaff'], orgUnit: 'comm-1' },
      ],
    });
    for (const to of [...told('workOrder.escalated'), centre]) {
      const r = await resolveRecipients(staffed, to);
      expect(r.ok && r.members.map((m) => m.id)).toEqual(['u-disp', 'u-sup']);
    }
  });

  it('takes a community’s case up its street, then the district', async () => {
    const h = workOrderHarness();
    const c = await h.open();
    await h.send(c.id, actors.dispatcher, 'accept');
    await h.send(c.id, actors.dispatcher, 'dispatch', { leadUnit: 'comm-1' });
    await h.send(c.id, actors.community, 'signFor');
    await h.send(c.id, actors.community, 'markHard', { reason: '涉及多个产权单位' });
    await h.send(c.id, actors.community, 'markHard', { reason: '街道也协调不了' });
    await h.send(c.id, actors.community, 'markHard', { reason: '仍未解决' });
    const steps = (await h.view(c.id)).context.escalation.steps.map((s) => [s.from, s.to]);
    expect(steps).toEqual([
      ['comm-1', 'street-east'],
      ['street-east', 'district'],
      ['district', null],
    ]);
  });

  it('climbs the returning unit’s chain on repeated returns, and a new lead’s chain from the highest unit reached', async () => {
    const h = workOrderHarness();
    const c = await h.open();
    await h.send(c.id, actors.dispatcher, 'accept');
    await h.send(c.id, actors.dispatcher, 'dispatch', { leadUnit: 'dept-housing' });
    await h.send(c.id, actors.housing, 'return', { reason: '非本单位职责' });
    await h.send(c.id, actors.dispatcher, 'reviewReturn', { upheld: true, note: '同意' });
    await h.send(c.id, actors.dispatcher, 'dispatch', { leadUnit: 'dept-city' });
    await h.send(c.id, actors.city, 'return', { reason: '应由属地处理' });
    let v = await h.view(c.id);
    expect(v.context.escalation.steps.map((s) => [s.trigger, s.from, s.to])).toEqual([
      ['returns', 'dept-city', 'district'],
    ]);
    await h.send(c.id, actors.dispatcher, 'reviewReturn', { upheld: true, note: '同意' });
    await h.send(c.id, actors.dispatcher, 'dispatch', { leadUnit: 'comm-1' });
    v = await h.view(c.id);
    // The community's chain, already escalated as far as the district.
    expect(v.context.escalation).toMatchObject({ ladder: ['comm-1', 'street-east', 'district'], tier: 2 });
    expect(v.handlingUnits).toEqual(['comm-1', 'district']);
    await h.send(c.id, actors.community, 'signFor');
    await h.send(c.id, actors.community, 'markHard', { reason: '难' });
    v = await h.view(c.id);
    expect(v.context.escalation.steps.at(-1)).toMatchObject({ from: 'district', to: null });
  });
});
