import { describe, expect, it } from 'vitest';
import { workOrderFlowV1 } from './work-order-v1.js';
import { workOrderFlowV2 } from './work-order-v2.js';
import { createWorkOrderFlow } from './work-order-flow.js';
import { actors, outcome, workOrderHarness } from './work-order-fixture.test-util.js';

// National Day 2026: 10-01..10-07 off, Saturday 10-10 a make-up working day (调休); office hours 09:00-12:00 and
// 13:30-17:30 (7 a day). Expected instants counted by hand on that calendar, as in the SLA tests.
const SIGNED = '2026-09-29T10:00:00+08:00';
const iso = (local: string) => new Date(local).toISOString();
const days = (amount: number) => ({ amount, unit: 'workingDays' as const });

/** Signed for Tuesday 09-29 10:00 (a complaint: 15 working days, due 10-26 10:00); a suspension asked a day later. */
async function askedToSuspend(h: ReturnType<typeof workOrderHarness>, length = days(5)) {
  const id = await h.signedFor({ requestType: 'complaint' });
  await h.advance('1 working day');
  await h.send(id, actors.housing, 'suspend', { reason: '等待产权单位确认', length });
  return id;
}

describe('v3 suspension (挂起) by approval, with a limit', () => {
  it('asks the command centre first; the clock runs and the deadline stands until it approves', async () => {
    const h = workOrderHarness({ start: SIGNED });
    const id = await askedToSuspend(h);
    const v = await h.view(id);
    expect(v.state).toBe('inProgress.suspensionRequested');
    expect(v.context.sla.status).toBe('running');
    expect(v.dueAt?.toISOString()).toBe(iso('2026-10-26T10:00:00+08:00'));
    await h.flush();
    expect(h.notices.find((n) => n.topic === 'workOrder.suspensionRequested')).toMatchObject({
      to: { unit: 'grid-01', role: 'dispatcher' },
      actions: [{ event: 'approveSuspension', label: '批准挂起' }],
    });
    // The unit cannot resume what nobody approved, nor the requester's community approve it.
    expect(await outcome(h.send(id, actors.housing, 'resume'))).toBe('EVENT_NOT_ACCEPTED');
    expect(await outcome(h.send(id, actors.community, 'approveSuspension'))).toBe('FORBIDDEN');
  });

  it('keeps a suspended case due where the time left falls after the approved suspension, then resumes on its own', async () => {
    const h = workOrderHarness({ start: SIGNED });
    const id = await askedToSuspend(h);
    await h.send(id, actors.dispatcher, 'approveSuspension', { note: '同意' });
    let v = await h.view(id);
    expect(v.state).toBe('inProgress.suspended');
    // 98 working hours were left; 5 working days from Wednesday 09-30 10:00 is 10-13 10:00 (10-10 is worked).
    expect(v.context.sla).toMatchObject({ status: 'paused', remainingHours: 98 });
    expect(v.context.suspensions.at(-1)).toMatchObject({
      decision: 'approved',
      granted: days(5),
      from: iso('2026-09-30T10:00:00+08:00'),
      limitAt: iso('2026-10-13T10:00:00+08:00'),
      to: null,
    });
    // …and 98 working hours (14 days) on from there is Monday 11-02 10:00: the case is still due, never dropped.
    expect(v.dueAt?.toISOString()).toBe(iso('2026-11-02T10:00:00+08:00'));
    const before = await h.engine.query({ handlingUnit: 'dept-housing', overdue: true });
    expect(before.items).toEqual([]);

    await h.advanceTo('2026-10-13T09:59:00+08:00');
    expect((await h.view(id)).state).toBe('inProgress.suspended');
    await h.advanceTo('2026-10-13T10:00:00+08:00');
    v = await h.view(id);
    expect(v.state).toBe('inProgress.working');
    expect(v.context.sla).toMatchObject({ status: 'running', deadline: iso('2026-11-02T10:00:00+08:00') });
    expect(v.dueAt?.toISOString()).toBe(iso('2026-11-02T10:00:00+08:00'));
    expect(v.context.suspensions.at(-1)?.to).toBe(iso('2026-10-13T10:00:00+08:00'));
    await h.flush();
    const ended = h.notices.filter((n) => n.topic === 'workOrder.suspensionEnded').map((n) => n.to);
    expect(ended).toEqual([
      { unit: 'dept-housing', anyRole: ['departmentHandler', 'communityStaff', 'streetStaff'] },
      { unit: 'grid-01', role: 'dispatcher' },
    ]);
    await h.advanceTo('2026-11-02T10:00:00+08:00');
    expect((await h.view(id)).context.sla.breachedAt).toBe(iso('2026-11-02T10:00:00+08:00'));
  });

  it('resumes early with the working time that was left', async () => {
    const h = workOrderHarness({ start: SIGNED });
    const id = await askedToSuspend(h);
    await h.send(id, actors.dispatcher, 'approveSuspension', { length: days(2) });
    // Approved until Friday 10-09 10:00; the unit resumes a day early.
    await h.advanceTo('2026-10-08T10:00:00+08:00');
    await h.send(id, actors.housing, 'resume', { note: '产权单位已确认' });
    const v = await h.view(id);
    expect(v.state).toBe('inProgress.working');
    // 98 working hours = 14 working days from Thursday 10-08 10:00: 10-09, 10-10 (Sat, worked), 10-12 … 10-27.
    expect(v.context.sla.deadline).toBe(iso('2026-10-27T10:00:00+08:00'));
    expect(v.dueAt?.toISOString()).toBe(iso('2026-10-27T10:00:00+08:00'));
    expect((await h.engine.storage.listTimers(id)).map((t) => t.key)).not.toContain('suspensionLimit');
  });

  it('refuses a suspension longer than the limit, asked or granted, with the reason', async () => {
    const h = workOrderHarness({ start: SIGNED });
    const id = await h.signedFor({ requestType: 'complaint' });
    const asked = await h
      .send(id, actors.housing, 'suspend', { reason: '长期', length: days(11) })
      .catch((e) => e);
    expect(asked).toMatchObject({
      code: 'EVENT_NOT_ACCEPTED',
      details: { reason: 'a suspension (挂起) is at most 10 working days' },
    });
    expect(asked.message).toContain('at most 10 working days');
    await h.send(id, actors.housing, 'suspend', {
      reason: '等待',
      length: { amount: 70, unit: 'workingHours' },
    });
    const granted = await h
      .send(id, actors.dispatcher, 'approveSuspension', { length: days(12) })
      .catch((e) => e);
    expect(granted.details.reason).toBe('a suspension (挂起) is approved for at most 10 working days');
    expect((await h.view(id)).state).toBe('inProgress.suspensionRequested');
  });

  it('goes back to work when the command centre refuses, with the deadline unmoved', async () => {
    const h = workOrderHarness({ start: SIGNED });
    const id = await askedToSuspend(h);
    await h.send(id, actors.dispatcher, 'rejectSuspension', { reason: '可先行处理' });
    const v = await h.view(id);
    expect(v.state).toBe('inProgress.working');
    expect(v.context.suspensions.at(-1)).toMatchObject({
      decision: 'rejected',
      note: '可先行处理',
      from: null,
    });
    expect(v.dueAt?.toISOString()).toBe(iso('2026-10-26T10:00:00+08:00'));
    expect(await h.topics(id)).toContain('workOrder.suspensionRejected');
  });

  it('lets a request lapse, and ends a suspension, when the unit replies', async () => {
    const h = workOrderHarness({ start: SIGNED });
    const id = await askedToSuspend(h);
    await h.send(id, actors.housing, 'reply', { result: '已解决', solved: true, publicReply: '已解决' });
    const v = await h.view(id);
    expect(v.context.suspensions.map((x) => [x.decision, x.to])).toEqual([['lapsed', null]]);
    const other = await askedToSuspend(h);
    await h.send(other, actors.dispatcher, 'approveSuspension');
    await h.send(other, actors.housing, 'reply', { result: '已解决', solved: true, publicReply: '已解决' });
    expect((await h.view(other)).dueAt).toBeNull();
    expect(await h.engine.storage.listTimers(other)).toEqual([]);
  });

  it('with onLimit "alert", stays suspended past the limit, alerts the command centre and turns overdue', async () => {
    const v3 = createWorkOrderFlow({ suspension: { max: days(2), onLimit: 'alert' } });
    const h = workOrderHarness({ start: SIGNED, flows: [workOrderFlowV1, workOrderFlowV2, v3] });
    const id = await askedToSuspend(h, days(2));
    await h.send(id, actors.dispatcher, 'approveSuspension');
    // Limit: 2 working days from 09-30 10:00 is 10-09 10:00; 98 working hours (14 days) on is 10-28 10:00.
    expect((await h.view(id)).dueAt?.toISOString()).toBe(iso('2026-10-28T10:00:00+08:00'));
    await h.advanceTo('2026-10-09T10:00:00+08:00');
    let v = await h.view(id);
    expect(v.state).toBe('inProgress.suspended');
    expect(v.context.suspensions.at(-1)?.overdue).toBe(true);
    await h.flush();
    expect(h.notices.filter((n) => n.topic === 'workOrder.suspensionOverdue').map((n) => n.to)).toEqual([
      { unit: 'dept-housing', anyRole: ['departmentHandler', 'communityStaff', 'streetStaff'] },
      { unit: 'grid-01', anyRole: ['dispatcher', 'supervisor'] },
    ]);
    await h.advanceTo('2026-10-28T10:00:00+08:00');
    v = await h.view(id);
    expect(v.context.sla.breachedAt).toBe(iso('2026-10-28T10:00:00+08:00'));
    expect(v.context.onTime).toBe(false);
    await h.advance('1 working hour');
    // Still suspended, and in the overdue list of the unit that holds it.
    const overdue = await h.engine.query({ handlingUnit: 'dept-housing', overdue: true });
    expect(overdue.items.map((c) => [c.id, c.state])).toEqual([[id, 'inProgress.suspended']]);
    await h.send(id, actors.housing, 'resume');
    v = await h.view(id);
    expect(v.context.sla).toMatchObject({ status: 'running', remainingHours: 0 });
    expect(v.dueAt?.toISOString()).toBe(iso('2026-10-28T10:00:00+08:00'));
  });
});
