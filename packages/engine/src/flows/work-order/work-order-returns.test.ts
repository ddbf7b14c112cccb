import { describe, expect, it } from 'vitest';
import { actors, outcome, workOrderHarness } from './work-order-fixture.test-util.js';

async function dispatched(h: ReturnType<typeof workOrderHarness>, leadUnit = 'dept-housing') {
  const c = await h.open();
  await h.send(c.id, actors.dispatcher, 'accept');
  await h.send(c.id, actors.dispatcher, 'dispatch', { leadUnit });
  return c.id;
}

describe('work-order returns (退单)', () => {
  it('v1 sends a returned order straight back to dispatch and counts it', async () => {
    const h = workOrderHarness({ version: 1 });
    const id = await dispatched(h);
    await h.send(id, actors.housing, 'return', { reason: '非本单位职责', suggestedUnit: 'dept-city' });
    const v = await h.view(id);
    expect(v.flowVersion).toBe(1);
    expect(v.state).toBe('pendingDispatch');
    expect(v.handlingUnits).toEqual([]);
    expect(v.context.returnCount).toBe(1);
    expect(v.context.returns[0]).toMatchObject({
      unit: 'dept-housing',
      reason: '非本单位职责',
      review: null,
    });
    expect(await outcome(h.send(id, actors.dispatcher, 'reviewReturn', { upheld: true, note: 'x' }))).toBe(
      'VALIDATION_FAILED',
    );
    expect(await h.topics(id)).toContain('workOrder.returned');
    expect(h.notices.find((n) => n.topic === 'workOrder.returned')?.to).toEqual({
      unit: 'grid-01',
      role: 'dispatcher',
    });
  });

  it('v1 escalates one tier on the second return and again on the fourth', async () => {
    const h = workOrderHarness({ version: 1 });
    const id = await dispatched(h);
    await h.send(id, actors.housing, 'return', { reason: '非本单位职责' });
    expect((await h.view(id)).context.escalation.tier).toBe(0);
    await h.send(id, actors.dispatcher, 'dispatch', { leadUnit: 'dept-city' });
    await h.send(id, actors.city, 'return', { reason: '应由住建处理' });
    let v = await h.view(id);
    expect(v.context.escalation.tier).toBe(1);
    expect(v.context.escalation.steps[0]).toMatchObject({
      trigger: 'returns',
      from: 'grid-01',
      to: 'comm-1',
      by: 'u-city',
    });
    await h.send(id, actors.dispatcher, 'dispatch', { leadUnit: 'dept-market' });
    await h.send(id, actors.market, 'return', { reason: '不属于市场监管' });
    expect((await h.view(id)).context.escalation.tier).toBe(1);
    await h.send(id, actors.dispatcher, 'dispatch', { leadUnit: 'dept-housing' });
    await h.send(id, actors.housing, 'return', { reason: '仍非本单位职责' });
    v = await h.view(id);
    expect(v.context.returnCount).toBe(4);
    expect(v.context.escalation.tier).toBe(2);
    expect(v.context.escalation.steps.map((s) => s.to)).toEqual(['comm-1', 'street-east']);
    expect(v.context.dispatches.map((d) => d.leadUnit)).toEqual([
      'dept-housing',
      'dept-city',
      'dept-market',
      'dept-housing',
    ]);
  });

  it('v2 upholds a return in dispute review and re-dispatches', async () => {
    const h = workOrderHarness();
    const id = await dispatched(h);
    await h.send(id, actors.housing, 'return', { reason: '非本单位职责' });
    expect((await h.view(id)).state).toBe('returnReview');
    expect(await outcome(h.send(id, actors.dispatcher, 'dispatch', { leadUnit: 'dept-city' }))).toBe(
      'EVENT_NOT_ACCEPTED',
    );
    await h.send(id, actors.dispatcher, 'reviewReturn', { upheld: true, note: '确属城管职责' });
    expect((await h.view(id)).state).toBe('pendingDispatch');
    await h.send(id, actors.dispatcher, 'dispatch', { leadUnit: 'dept-city' });
    await h.send(id, actors.city, 'signFor');
    const v = await h.view(id);
    expect(v.state).toBe('inProgress.working');
    expect(v.context.returns[0]?.review).toMatchObject({ upheld: true, note: '确属城管职责', by: 'u-disp' });
  });

  it('v2 rejects a disputed return and puts the order back with the unit, which must sign for it', async () => {
    const h = workOrderHarness();
    const id = await dispatched(h);
    await h.send(id, actors.housing, 'return', { reason: '非本单位职责' });
    await h.send(id, actors.dispatcher, 'reviewReturn', {
      upheld: false,
      note: '楼道照明属物业监管, 由住建牵头',
    });
    const v = await h.view(id);
    expect(v.state).toBe('dispatched');
    expect(v.context.leadUnit).toBe('dept-housing');
    expect(v.handlingUnits).toEqual(['dept-housing']);
    expect(await h.topics(id)).toContain('workOrder.returnRejected');
    await h.send(id, actors.housing, 'signFor');
    expect((await h.view(id)).state).toBe('inProgress.working');
  });

  it('reassigns a dispatched order (改派) and restarts its sign-for limit', async () => {
    const h = workOrderHarness();
    const id = await dispatched(h);
    await h.advance('4 working hours');
    await h.send(id, actors.dispatcher, 'reassign', { leadUnit: 'dept-city', reason: '派错单位' });
    const v = await h.view(id);
    expect(v.state).toBe('dispatched');
    expect(v.handlingUnits).toEqual(['dept-city']);
    // 4 working hours after Monday 09:00 is 14:30 (lunch 12:00-13:30); one working day on is Tuesday 14:30.
    expect(v.context.signForDueAt).toBe(new Date('2026-09-29T14:30:00+08:00').toISOString());
    expect(await outcome(h.send(id, actors.housing, 'signFor'))).toBe('CASE_NOT_FOUND');
    await h.send(id, actors.city, 'signFor');
  });
});

describe('work-order whistle (吹哨报到)', () => {
  it('summons departments, records who reports in and who is late', async () => {
    const h = workOrderHarness({ start: '2026-09-30T10:00:00+08:00' });
    const id = await h.signedFor();
    expect(await outcome(h.send(id, actors.market, 'reportIn'))).toBe('CASE_NOT_FOUND');
    await h.send(id, actors.street, 'whistle', {
      departments: ['dept-city', 'dept-market'],
      reason: '违建涉及多部门',
      reportInWithin: { amount: 2, unit: 'workingHours' },
    });
    let v = await h.view(id);
    expect(v.handlingUnits).toEqual(expect.arrayContaining(['dept-city', 'dept-market']));
    const [whistle] = v.context.whistles;
    expect(whistle?.summons.map((s) => s.dueAt)).toEqual([
      new Date('2026-09-30T12:00:00+08:00').toISOString(),
      new Date('2026-09-30T12:00:00+08:00').toISOString(),
    ]);
    await h.send(id, actors.market, 'reportIn', { note: '已到场' });
    expect(await outcome(h.send(id, actors.market, 'reportIn'))).toBe('EVENT_NOT_ACCEPTED');
    await h.advanceTo('2026-09-30T12:00:00+08:00');
    v = await h.view(id);
    expect(v.context.whistles[0]?.summons).toEqual([
      {
        unit: 'dept-city',
        dueAt: new Date('2026-09-30T12:00:00+08:00').toISOString(),
        reportedAt: null,
        late: true,
      },
      {
        unit: 'dept-market',
        dueAt: new Date('2026-09-30T12:00:00+08:00').toISOString(),
        reportedAt: new Date('2026-09-30T10:00:00+08:00').toISOString(),
        late: false,
      },
    ]);
    await h.flush();
    const late = h.notices.filter((n) => n.topic === 'workOrder.reportInLate');
    expect(late.map((n) => n.to)).toEqual([
      { member: 'u-street' },
      { unit: 'grid-01', anyRole: ['dispatcher', 'supervisor'] },
    ]);
    expect(v.state).toBe('inProgress.working');
  });
});

describe('work-order verification, follow-up and reopening (重办)', () => {
  it('sends a failed verification back to handling with the clock running again', async () => {
    const h = workOrderHarness();
    const id = await h.signedFor();
    await h.send(id, actors.housing, 'reply', { result: '已修', solved: true, publicReply: '已修' });
    const stopped = await h.view(id);
    expect(stopped.context.sla.status).toBe('stopped');
    expect(stopped.dueAt).toBeNull();
    await h.send(id, actors.gridWorker, 'verify', { passed: false, note: '现场灯仍不亮' });
    const v = await h.view(id);
    expect(v.state).toBe('inProgress.working');
    expect(v.context.sla.status).toBe('running');
    expect(v.dueAt).not.toBeNull();
    expect(v.context.verifications[0]).toMatchObject({ passed: false, by: 'u-grid', photos: [] });
  });

  it('reopens automatically when the requester is unsatisfied for the unit’s reasons', async () => {
    const h = workOrderHarness();
    const id = await h.signedFor();
    await h.send(id, actors.housing, 'reply', { result: '已修', solved: true, publicReply: '已修' });
    await h.send(id, actors.gridWorker, 'verify', { passed: true });
    await h.advance('3 working days');
    await h.send(id, actors.dispatcher, 'followUp', {
      reached: true,
      rating: 'veryUnsatisfied',
      unitAtFault: true,
    });
    const v = await h.view(id);
    expect(v.state).toBe('inProgress.working');
    expect(v.context.reopenCount).toBe(1);
    expect(v.context.rating).toBeNull();
    expect(v.context.followUps[0]).toMatchObject({ rating: 'veryUnsatisfied', unitAtFault: true });
    // 重办 starts a fresh period: 15 working days from now.
    expect(v.context.sla.startedAt).toBe(h.clock.now().toISOString());
    expect(v.context.sla.deadline).toBe(h.engine.calendar.addWorkingDays(h.clock.now(), 15).toISOString());
  });

  it('keeps an unsatisfied rating that is not the unit’s fault in follow-up, where the dispatcher may close', async () => {
    const h = workOrderHarness();
    const id = await h.signedFor();
    await h.send(id, actors.housing, 'reply', { result: '已解释政策', solved: false, publicReply: '已解释' });
    await h.send(id, actors.community, 'verify', { passed: true });
    await h.send(id, actors.dispatcher, 'followUp', {
      reached: true,
      rating: 'unsatisfied',
      unitAtFault: false,
    });
    expect((await h.view(id)).state).toBe('followingUp');
    await h.send(id, actors.dispatcher, 'close', { reason: 'explained' });
    expect((await h.view(id)).context).toMatchObject({
      closeReason: 'explained',
      rating: 'unsatisfied',
      reopenCount: 0,
    });
  });

  it('lets the requester rate, and the dispatcher reopen only after an unsatisfied rating', async () => {
    const h = workOrderHarness();
    const id = await h.signedFor();
    await h.send(id, actors.housing, 'reply', { result: '已修', solved: true, publicReply: '已修' });
    await h.send(id, actors.gridWorker, 'verify', { passed: true });
    await h.send(id, actors.resident, 'rate', { rating: 'basicallySatisfied' });
    expect(await outcome(h.send(id, actors.dispatcher, 'reopen', { reason: '复查' }))).toBe(
      'EVENT_NOT_ACCEPTED',
    );
    await h.send(id, actors.resident, 'rate', { rating: 'unsatisfied', comment: '灯还是不亮' });
    await h.send(id, actors.dispatcher, 'reopen', { reason: '回访不满意, 承办单位未修好' });
    const v = await h.view(id);
    expect(v.state).toBe('inProgress.working');
    expect(v.context.reopens[0]).toMatchObject({ reason: '回访不满意, 承办单位未修好', by: 'u-disp' });
    expect(await h.topics(id)).toContain('workOrder.reopened');
  });

  it('does not close a case that has not been replied to', async () => {
    const h = workOrderHarness();
    const id = await h.signedFor();
    expect(await outcome(h.send(id, actors.dispatcher, 'close', { reason: 'resolved' }))).toBe(
      'EVENT_NOT_ACCEPTED',
    );
    expect(await outcome(h.send(id, actors.dispatcher, 'close', { reason: 'withdrawn' }))).toBe(
      'VALIDATION_FAILED',
    );
  });
});

describe('work-order hard cases (难事联办)', () => {
  it('v2 moves a hard case up one tier of the case’s ladder, up to a department at its top', async () => {
    const h = workOrderHarness({ version: 2 });
    const c = await h.open({ ladder: ['grid-01', 'dept-market'] });
    await h.send(c.id, actors.dispatcher, 'accept');
    await h.send(c.id, actors.dispatcher, 'dispatch', { leadUnit: 'dept-housing' });
    await h.send(c.id, actors.housing, 'signFor');
    expect(await outcome(h.send(c.id, actors.market, 'markHard', { reason: 'x' }))).toBe('CASE_NOT_FOUND');
    await h.send(c.id, actors.housing, 'markHard', { reason: '涉及历史遗留问题' });
    let v = await h.view(c.id);
    expect(v.context.hard).toBe(true);
    expect(v.handlingUnits).toContain('dept-market');
    // The unit it went up to supervises; the lead unit still handles, and marks it hard again.
    expect(await outcome(h.send(c.id, actors.market, 'markHard', { reason: 'x' }))).toBe('FORBIDDEN');
    await h.send(c.id, actors.housing, 'markHard', { reason: '需区领导协调' });
    v = await h.view(c.id);
    expect(v.context.escalation.steps.map((s) => [s.from, s.to])).toEqual([
      ['grid-01', 'dept-market'],
      ['dept-market', null],
    ]);
    expect(await h.topics(c.id)).toEqual(
      expect.arrayContaining(['workOrder.escalated', 'workOrder.escalationTopReached']),
    );
  });
});

describe('work-order linked to the case that raised it', () => {
  it('tells the source case when it closes', async () => {
    const h = workOrderHarness();
    const c = await h.open(
      { channel: 'gridReport', source: { flow: 'grid-report', caseId: 'r-9' } },
      actors.gridWorker,
    );
    await h.send(c.id, actors.dispatcher, 'notAccepted', { reason: '不属于受理范围' });
    const rows = await h.engine.storage.listOutbox({ status: 'pending', limit: 50 });
    const linked = rows.items.find((r) => r.type === 'gridflow.sendEvent' && r.caseId === c.id);
    expect(linked?.payload).toEqual({
      caseId: 'r-9',
      event: { type: 'linkedCaseClosed', caseId: c.id, closeReason: 'notAccepted' },
    });
  });
});
