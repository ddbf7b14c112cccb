import { describe, expect, it } from 'vitest';
import { actors, LADDER, outcome, workOrderHarness } from './work-order-fixture.test-util.js';

describe('work-order lifecycle', () => {
  it('walks the happy path from submission to a closed, rated, on-time case', async () => {
    const h = workOrderHarness();
    const c = await h.open();
    expect(c.flowVersion).toBe(3);
    expect(c.state).toBe('submitted');
    await h.send(c.id, actors.dispatcher, 'accept');
    await h.send(c.id, actors.dispatcher, 'dispatch', { leadUnit: 'dept-housing', coUnits: ['dept-city'] });
    let v = await h.view(c.id);
    expect(v.state).toBe('dispatched');
    expect(v.handlingUnits).toEqual(['dept-housing', 'dept-city']);
    await h.send(c.id, actors.housing, 'signFor');
    v = await h.view(c.id);
    expect(v.state).toBe('inProgress.working');
    expect(v.assignee).toBe('u-house');
    expect(v.context.signedForOnTime).toBe(true);
    expect(v.context.sla.status).toBe('running');
    expect(v.dueAt?.toISOString()).toBe(v.context.sla.deadline);
    await h.advance('2 working days');
    await h.send(c.id, actors.housing, 'reply', {
      result: '已更换灯泡',
      solved: true,
      publicReply: '楼道灯已修复',
    });
    await h.send(c.id, actors.gridWorker, 'verify', {
      passed: true,
      photos: ['https://img.example/after.jpg'],
    });
    expect((await h.view(c.id)).state).toBe('followingUp');
    await h.send(c.id, actors.dispatcher, 'followUp', { reached: true, rating: 'satisfied' });
    await h.send(c.id, actors.dispatcher, 'close', { reason: 'resolved' });
    v = await h.view(c.id);
    expect(v.state).toBe('closed');
    expect(v.status).toBe('done');
    expect(v.dueAt).toBeNull();
    expect(v.context).toMatchObject({
      closeReason: 'resolved',
      rating: 'satisfied',
      onTime: true,
      returnCount: 0,
    });
    expect(v.context.verifications[0]?.photos).toEqual(['https://img.example/after.jpg']);
    expect(v.context.closedAt).toBe(h.clock.now().toISOString());
    expect(await h.topics(c.id)).toEqual([
      'workOrder.dispatched',
      'workOrder.dispatched',
      'workOrder.replied',
      'workOrder.closed',
    ]);
    const history = await h.engine.history(c.id);
    expect(history.map((e) => e.type)).toEqual([
      'gridflow.create',
      'accept',
      'dispatch',
      'signFor',
      'reply',
      'verify',
      'followUp',
      'close',
    ]);
  });

  it('answers a consultation on the spot (直办) and closes it at once', async () => {
    const h = workOrderHarness();
    const c = await h.open({ requestType: 'consultation' });
    await h.send(c.id, actors.dispatcher, 'answerOnSpot', {
      answer: '社保卡补办请到区政务中心',
      reason: 'explained',
    });
    const v = await h.view(c.id);
    expect(v.state).toBe('closed');
    expect(v.context).toMatchObject({
      closeReason: 'explained',
      onSpotAnswer: '社保卡补办请到区政务中心',
      onTime: true,
    });
  });

  it('records why a request is not accepted', async () => {
    const h = workOrderHarness();
    const c = await h.open();
    await h.send(c.id, actors.dispatcher, 'notAccepted', { reason: '已进入诉讼程序' });
    const v = await h.view(c.id);
    expect(v.state).toBe('notAccepted');
    expect(v.status).toBe('done');
    expect(v.context.notAcceptedReason).toBe('已进入诉讼程序');
  });

  it('merges a duplicate into its master case (并单) from intake or before dispatch', async () => {
    const h = workOrderHarness();
    const master = await h.open();
    const a = await h.open();
    await h.send(a.id, actors.dispatcher, 'merge', { masterCaseId: master.id });
    const b = await h.open();
    await h.send(b.id, actors.dispatcher, 'accept');
    await h.send(b.id, actors.dispatcher, 'merge', { masterCaseId: master.id });
    for (const id of [a.id, b.id]) {
      const v = await h.view(id);
      expect(v.state).toBe('merged');
      expect(v.context).toMatchObject({ masterCaseId: master.id, closeReason: 'duplicate' });
    }
  });

  it('lets the requester withdraw before the reply, but not another resident', async () => {
    const h = workOrderHarness();
    const c = await h.open();
    await h.send(c.id, actors.dispatcher, 'accept');
    expect(await outcome(h.send(c.id, actors.otherResident, 'withdraw'))).toBe('CASE_NOT_FOUND');
    await h.send(c.id, actors.resident, 'withdraw', { reason: '已自行解决' });
    const v = await h.view(c.id);
    expect(v.context).toMatchObject({ closeReason: 'withdrawn', closeNote: '已自行解决' });
    expect(await outcome(h.send(c.id, actors.dispatcher, 'urge', { note: 'x' }))).not.toBe('OK');
  });

  it('refuses a withdrawal after the reply', async () => {
    const h = workOrderHarness();
    const id = await h.signedFor();
    await h.send(id, actors.housing, 'reply', { result: '已处理', solved: true, publicReply: '已处理' });
    expect(await outcome(h.send(id, actors.resident, 'withdraw'))).toBe('EVENT_NOT_ACCEPTED');
  });

  it('records urging and supervision without changing state, and tells the lead unit', async () => {
    const h = workOrderHarness();
    const id = await h.signedFor();
    await h.send(id, actors.dispatcher, 'urge', { note: '群众反映强烈, 请尽快处理' });
    await h.send(id, actors.supervisor, 'supervise', { note: '列入督办', dueBy: '2026-10-09T09:00:00.000Z' });
    const v = await h.view(id);
    expect(v.state).toBe('inProgress.working');
    expect(v.context.urges).toHaveLength(1);
    expect(v.context.supervisions[0]).toMatchObject({ by: 'u-sup', dueBy: '2026-10-09T09:00:00.000Z' });
    await h.flush();
    const notes = h.notices.filter(
      (n) => n.topic === 'workOrder.urged' || n.topic === 'workOrder.supervised',
    );
    // The lead unit's handlers, whichever handling role its tier has.
    const housing = { unit: 'dept-housing', anyRole: ['departmentHandler', 'communityStaff', 'streetStaff'] };
    expect(notes.map((n) => n.to)).toEqual([housing, housing]);
  });

  it('rejects an unknown payload field by name', async () => {
    const h = workOrderHarness();
    const c = await h.open();
    const err = await h
      .send(c.id, actors.dispatcher, 'notAccepted', { reason: 'x', priority: 1 })
      .catch((e) => e);
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.message).toContain('priority');
  });

  it('rejects an unknown input field by name', async () => {
    const h = workOrderHarness();
    const err = await h.open({ budget: 100 }).catch((e) => e);
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.message).toContain('budget');
  });

  it('starts the escalation ladder from the input', async () => {
    const h = workOrderHarness();
    const c = await h.open();
    expect((await h.view(c.id)).context.escalation).toEqual({ ladder: LADDER, tier: 0, steps: [] });
  });
});
