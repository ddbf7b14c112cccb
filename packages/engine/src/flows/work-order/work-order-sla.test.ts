import { describe, expect, it } from 'vitest';
import { actors, outcome, workOrderHarness } from './work-order-fixture.test-util.js';

// National Day 2026: 10-01..10-07 off, Saturday 10-10 a make-up working day (调休); office hours 09:00-12:00 and
// 13:30-17:30 (7 a day). Every expected instant below was counted by hand on that calendar.
const SIGNED = '2026-09-29T10:00:00+08:00';
const iso = (local: string) => new Date(local).toISOString();

describe('work-order SLA on the China calendar', () => {
  it('sets a complaint 15 working days from sign-for, across National Day and its make-up Saturday', async () => {
    const h = workOrderHarness({ start: SIGNED });
    const id = await h.signedFor({ requestType: 'complaint' });
    const v = await h.view(id);
    expect(v.context.sla.policy.id).toBe('default');
    expect(v.context.sla.startedAt).toBe(iso(SIGNED));
    // 09-30, 10-08, 10-09, 10-10 (Sat), 10-12 … 10-23, 10-26: the 15th working day.
    expect(v.context.sla.deadline).toBe(iso('2026-10-26T10:00:00+08:00'));
    expect(v.dueAt?.toISOString()).toBe(iso('2026-10-26T10:00:00+08:00'));
    expect(v.context.sla.totalHours).toBe(105);
  });

  it("reminds at 50% and 80% of the working time, then escalates on breach (v2: up the case's own ladder)", async () => {
    const h = workOrderHarness({ start: SIGNED, version: 2 });
    const id = await h.signedFor({ requestType: 'complaint' });
    await h.advanceTo('2026-10-14T14:59:00+08:00');
    expect(await h.topics(id)).not.toContain('workOrder.slaReminder');
    // 52.5 working hours after Tuesday 10:00 is Wednesday 10-14 at 15:00.
    await h.advanceTo('2026-10-14T15:00:00+08:00');
    const half = h.notices.find((n) => n.topic === 'workOrder.slaReminder');
    expect(half).toMatchObject({ deliveredAt: iso('2026-10-14T15:00:00+08:00'), data: { percent: 50 } });
    await h.advanceTo('2026-10-26T09:59:00+08:00');
    const reminders = h.notices.filter((n) => n.topic === 'workOrder.slaReminder');
    // 84 working hours in: three working days before the deadline.
    expect(reminders[1]).toMatchObject({
      deliveredAt: iso('2026-10-21T10:00:00+08:00'),
      data: { percent: 80 },
    });
    expect(await h.topics(id)).not.toContain('workOrder.slaBreached');
    await h.advanceTo('2026-10-26T10:00:00+08:00');
    const v = await h.view(id);
    expect(v.context.sla.breachedAt).toBe(iso('2026-10-26T10:00:00+08:00'));
    expect(v.context.onTime).toBe(false);
    expect(v.context.escalation.tier).toBe(1);
    expect(v.context.escalation.steps).toEqual([
      {
        trigger: 'slaBreach',
        from: 'grid-01',
        to: 'comm-1',
        at: iso('2026-10-26T10:00:00+08:00'),
        by: 'system',
      },
    ]);
    expect(v.handlingUnits).toContain('comm-1');
    expect(await h.topics(id)).toEqual(
      expect.arrayContaining(['workOrder.slaBreached', 'workOrder.escalated']),
    );
    expect(h.notices.find((n) => n.topic === 'workOrder.escalated')?.to).toEqual({
      unit: 'comm-1',
      anyRole: ['departmentHandler', 'communityStaff', 'streetStaff', 'dispatcher'],
    });
    const journal = await h.engine.history(id);
    expect(journal.at(-1)).toMatchObject({ type: 'sla.breach', actor: { id: 'system' } });
  });

  it('closes a late case as not on time', async () => {
    const h = workOrderHarness({ start: SIGNED });
    const id = await h.signedFor({ requestType: 'complaint' });
    await h.advanceTo('2026-10-27T10:00:00+08:00');
    await h.send(id, actors.housing, 'reply', { result: '已处理', solved: true, publicReply: '已处理' });
    await h.send(id, actors.gridWorker, 'verify', { passed: true });
    await h.send(id, actors.dispatcher, 'followUp', { reached: false });
    await h.send(id, actors.dispatcher, 'close', { reason: 'resolved' });
    expect((await h.view(id)).context).toMatchObject({
      onTime: false,
      closeReason: 'resolved',
      rating: null,
    });
  });

  it('v2 pauses the clock while suspended, for as long as the unit likes, and continues with the time left', async () => {
    const h = workOrderHarness({ start: SIGNED, version: 2 });
    const id = await h.signedFor({ requestType: 'complaint' });
    await h.advance('1 working day');
    await h.send(id, actors.housing, 'suspend', { reason: '等待产权单位确认' });
    let v = await h.view(id);
    expect(v.state).toBe('inProgress.suspended');
    expect(v.context.sla).toMatchObject({ status: 'paused', remainingHours: 98 });
    expect(v.dueAt).toBeNull();
    await h.advanceTo('2026-10-27T10:00:00+08:00'); // well past the original deadline: nothing fires
    expect((await h.view(id)).context.sla.breachedAt).toBeNull();
    await h.send(id, actors.housing, 'resume');
    v = await h.view(id);
    // 98 working hours = 14 working days from Tuesday 10-27 10:00.
    expect(v.context.sla.deadline).toBe(iso('2026-11-16T10:00:00+08:00'));
    expect(v.dueAt?.toISOString()).toBe(iso('2026-11-16T10:00:00+08:00'));
    expect(v.context.suspensions).toEqual([
      {
        reason: '等待产权单位确认',
        from: iso('2026-09-30T10:00:00+08:00'),
        to: iso('2026-10-27T10:00:00+08:00'),
        by: 'u-house',
      },
    ]);
  });

  it('keeps an urgent clock running through a suspension, on working hours from intake', async () => {
    const h = workOrderHarness({ start: '2026-09-30T16:30:00+08:00' });
    const c = await h.open({ urgency: 'urgent', requestType: 'help' });
    await h.send(c.id, actors.dispatcher, 'accept');
    let v = await h.view(c.id);
    // 1 hour on 09-30, then 7 on 10-08 after the holiday.
    expect(v.context.sla.deadline).toBe(iso('2026-10-08T17:30:00+08:00'));
    await h.send(c.id, actors.dispatcher, 'dispatch', { leadUnit: 'dept-city' });
    v = await h.view(c.id);
    expect(v.context.signForDueAt).toBe(iso('2026-09-30T17:30:00+08:00'));
    await h.send(c.id, actors.city, 'signFor');
    await h.send(c.id, actors.city, 'suspend', { reason: '等待配件' });
    v = await h.view(c.id);
    expect(v.context.sla.status).toBe('running');
    expect(v.dueAt?.toISOString()).toBe(iso('2026-10-08T17:30:00+08:00'));
  });

  it('moves the deadline by an approved extension, requested before the deadline', async () => {
    const h = workOrderHarness({ start: SIGNED });
    const id = await h.signedFor({ requestType: 'complaint' });
    await h.advance('2 working days');
    await h.send(id, actors.housing, 'requestExtension', {
      extra: { amount: 5, unit: 'workingDays' },
      reason: '需协调多个部门',
    });
    expect((await h.view(id)).state).toBe('inProgress.extensionRequested');
    expect(await outcome(h.send(id, actors.housing, 'suspend', { reason: 'x' }))).toBe('EVENT_NOT_ACCEPTED');
    await h.send(id, actors.dispatcher, 'approveExtension', { note: '同意' });
    const v = await h.view(id);
    expect(v.state).toBe('inProgress.working');
    expect(v.context.sla.deadline).toBe(iso('2026-11-02T10:00:00+08:00'));
    expect(v.dueAt?.toISOString()).toBe(iso('2026-11-02T10:00:00+08:00'));
    expect(v.context.extensions[0]).toMatchObject({
      decision: 'approved',
      granted: { amount: 5, unit: 'workingDays' },
    });
  });

  it('grants less than asked, or refuses, and refuses requests after the deadline', async () => {
    const h = workOrderHarness({ start: SIGNED });
    const id = await h.signedFor({ requestType: 'complaint' });
    await h.send(id, actors.housing, 'requestExtension', {
      extra: { amount: 5, unit: 'workingDays' },
      reason: '复杂',
    });
    await h.send(id, actors.dispatcher, 'approveExtension', { extra: { amount: 2, unit: 'workingDays' } });
    expect((await h.view(id)).context.sla.deadline).toBe(iso('2026-10-28T10:00:00+08:00'));
    await h.send(id, actors.housing, 'requestExtension', {
      extra: { amount: 3, unit: 'workingDays' },
      reason: '再延',
    });
    await h.send(id, actors.dispatcher, 'rejectExtension', { reason: '理由不充分' });
    const v = await h.view(id);
    expect(v.context.sla.deadline).toBe(iso('2026-10-28T10:00:00+08:00'));
    expect(v.context.extensions.map((e) => e.decision)).toEqual(['approved', 'rejected']);
    await h.advanceTo('2026-10-28T10:00:00+08:00');
    expect((await h.view(id)).context.sla.breachedAt).not.toBeNull();
    expect(
      await outcome(
        h.send(id, actors.housing, 'requestExtension', {
          extra: { amount: 1, unit: 'workingDays' },
          reason: '迟了',
        }),
      ),
    ).toBe('EVENT_NOT_ACCEPTED');
  });

  it('lets a pending extension lapse when the unit replies first', async () => {
    const h = workOrderHarness({ start: SIGNED });
    const id = await h.signedFor({ requestType: 'complaint' });
    await h.send(id, actors.housing, 'requestExtension', {
      extra: { amount: 1, unit: 'workingDays' },
      reason: '待复核',
    });
    await h.send(id, actors.housing, 'reply', { result: '已办结', solved: true, publicReply: '已办结' });
    const v = await h.view(id);
    expect(v.state).toBe('replied');
    expect(v.context.extensions.map((e) => e.decision)).toEqual(['lapsed']);
    expect(v.context.sla.deadline).toBe(iso('2026-10-26T10:00:00+08:00'));
  });

  it('records a sign-for that comes after its limit, across the holiday', async () => {
    const h = workOrderHarness({ start: '2026-09-30T10:00:00+08:00' });
    const c = await h.open();
    await h.send(c.id, actors.dispatcher, 'accept');
    await h.send(c.id, actors.dispatcher, 'dispatch', { leadUnit: 'dept-housing' });
    expect((await h.view(c.id)).context.signForDueAt).toBe(iso('2026-10-08T10:00:00+08:00'));
    await h.advanceTo('2026-10-08T09:59:00+08:00');
    expect((await h.view(c.id)).context.signForOverdue).toBe(false);
    await h.advanceTo('2026-10-08T10:00:00+08:00');
    expect((await h.view(c.id)).context.signForOverdue).toBe(true);
    expect(await h.topics(c.id)).toContain('workOrder.signForOverdue');
    await h.send(c.id, actors.housing, 'signFor');
    const v = await h.view(c.id);
    expect(v.context.signedForOnTime).toBe(false);
    // The default escalation does not act on a late sign-for.
    expect(v.context.escalation.steps).toEqual([]);
  });
});
