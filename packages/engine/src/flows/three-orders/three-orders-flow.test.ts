import { describe, expect, it } from 'vitest';
import {
  ALL_ROLES,
  communityEngine,
  expectCreateMatrix,
  expectPermissionMatrix,
  failure,
  people,
} from '../grid-report/community-fixture.test-util.js';
import { workOrderFlowV2 } from '../work-order/work-order-v2.js';
import { threeOrdersFlow } from './three-orders-flow.js';

const MONDAY = '2026-09-28T09:00:00+08:00';
const WEDNESDAY = '2026-09-30T09:00:00+08:00';
const { resident, partyOrg, partyMember, otherPartyMember, dispatcher } = people;
const input = { title: '楼道灯坏了', description: '3 单元 5 楼楼道灯不亮一周了' };

async function placed(start = MONDAY, flows = [workOrderFlowV2]) {
  const t = communityEngine(start, flows);
  const order = await t.engine.createCase({
    flow: 'three-orders',
    actor: resident,
    orgUnit: 'comm-1',
    input,
  });
  const send = (actor: typeof resident, event: { type: string; [k: string]: unknown }) =>
    t.engine.send({ caseId: order.id, actor, event });
  return { ...t, id: order.id, order, send };
}

describe('three-orders on the engine', () => {
  it('walks 点单 → 下单 → 接单 → solved on the spot → confirmed by the resident', async () => {
    const { order, send, flush, notices } = await placed();
    expect(order).toMatchObject({ state: 'placed', requesterId: 'r-li', assignee: null });
    const issued = await send(partyOrg, { type: 'issueOrder', assignee: 'm-li' });
    expect(issued).toMatchObject({
      state: 'issued',
      assignee: 'm-li',
      context: { issueCount: 1, issuedBy: 'p-org' },
    });
    await send(partyMember, { type: 'takeOrder' });
    const solved = await send(partyMember, { type: 'solveOnSpot', result: '已更换灯泡' });
    expect(solved).toMatchObject({
      state: 'awaitingConfirmation',
      context: { resolution: { kind: 'solved', by: 'm-li' } },
    });
    const closed = await send(resident, { type: 'confirm', comment: '谢谢' });
    expect(closed).toMatchObject({
      status: 'done',
      context: { outcome: 'solved', confirmedBy: 'requester' },
    });
    await flush();
    expect(notices.map((n) => n.topic)).toEqual([
      'threeOrders.placed',
      'threeOrders.issued',
      'threeOrders.resultReady',
    ]);
    expect(notices[1]?.to).toEqual({ member: 'm-li' });
  });

  it('lets only the named member take or decline, and a decline goes back to the party organisation', async () => {
    const { send } = await placed();
    await send(partyOrg, { type: 'issueOrder', assignee: 'm-li' });
    expect((await failure(send(otherPartyMember, { type: 'takeOrder' }))).code).toBe('EVENT_NOT_ACCEPTED');
    const declined = await send(partyMember, { type: 'declineOrder', reason: '出差' });
    expect(declined).toMatchObject({ state: 'placed', assignee: null, context: { declineCount: 1 } });
    await send(partyOrg, { type: 'issueOrder', assignee: 'm-wu' });
    const taken = await send(otherPartyMember, { type: 'takeOrder' });
    expect(taken).toMatchObject({ state: 'taken', assignee: 'm-wu', context: { issueCount: 2 } });
  });

  it('gives a member one working day to take it, across National Day, and restarts it on re-issue', async () => {
    const { send, engine, id, advanceTo, notices } = await placed(WEDNESDAY);
    const issued = await send(partyOrg, { type: 'issueOrder', assignee: 'm-li' });
    expect(issued.dueAt?.toISOString()).toBe('2026-10-08T01:00:00.000Z');
    await advanceTo('2026-10-08T09:00:00+08:00');
    expect((await engine.getCase(id)).context.takeOverdue).toBe(true);
    expect(notices).toContainEqual(
      expect.objectContaining({ topic: 'threeOrders.notTaken', to: { unit: 'comm-1', role: 'partyOrg' } }),
    );
    const reissued = await send(partyOrg, { type: 'issueOrder', assignee: 'm-wu' });
    expect(reissued).toMatchObject({ assignee: 'm-wu', context: { takeOverdue: false, issueCount: 2 } });
    expect(reissued.dueAt?.toISOString()).toBe('2026-10-09T01:00:00.000Z');
  });

  it('flags a taken order overdue after five working days without a result', async () => {
    const { send, engine, id, advance } = await placed();
    await send(partyOrg, { type: 'issueOrder', assignee: 'm-li' });
    const taken = await send(partyMember, { type: 'takeOrder' });
    // 29, 30 September, 8, 9 and (make-up Saturday) 10 October.
    expect(taken.dueAt?.toISOString()).toBe('2026-10-10T01:00:00.000Z');
    await advance('5 working days');
    expect((await engine.getCase(id)).context).toMatchObject({ solveOverdue: true });
  });

  it('takes an order to solve it the next working day (约期办理), keeping the on-the-spot path for later', async () => {
    const { send, flush, notices, advance } = await placed();
    await send(partyOrg, { type: 'issueOrder', assignee: 'm-li' });
    await send(partyMember, { type: 'takeOrder' });
    const plan = { plan: '线路老化, 明日请电工上门更换', professional: '社区电工 王师傅' };
    expect((await failure(send(otherPartyMember, { type: 'scheduleSolve', ...plan }))).code).toBe(
      'EVENT_NOT_ACCEPTED',
    );
    const scheduled = await send(partyMember, { type: 'scheduleSolve', ...plan });
    // Monday 09:00 + 1 working day: Tuesday 09:00, the case's deadline while scheduled.
    expect(scheduled).toMatchObject({
      state: 'scheduled',
      assignee: 'm-li',
      dueAt: new Date('2026-09-29T01:00:00.000Z'),
      context: {
        schedule: {
          by: 'm-li',
          withinDays: 1,
          dueAt: '2026-09-29T01:00:00.000Z',
          professional: '社区电工 王师傅',
        },
      },
    });
    await flush();
    expect(notices.filter((n) => n.topic === 'threeOrders.scheduled')).toEqual([
      expect.objectContaining({
        to: { member: 'r-li' },
        data: { dueAt: '2026-09-29T01:00:00.000Z', plan: plan.plan, professional: plan.professional },
      }),
    ]);
    // Scheduled, the order is solved with `solve`, not on the spot, and only by the member.
    expect((await failure(send(partyMember, { type: 'solveOnSpot', result: '已修' }))).code).toBe(
      'EVENT_NOT_ACCEPTED',
    );
    expect((await failure(send(otherPartyMember, { type: 'solve', result: '已修' }))).code).toBe(
      'EVENT_NOT_ACCEPTED',
    );
    await advance('20 hours');
    const solved = await send(partyMember, {
      type: 'solve',
      result: '已更换线路',
      photos: ['https://img.example/fixed.jpg'],
    });
    expect(solved).toMatchObject({
      state: 'awaitingConfirmation',
      context: { solveOverdue: false, resolution: { kind: 'solved', by: 'm-li', text: '已更换线路' } },
    });
    const closed = await send(resident, { type: 'confirm' });
    expect(closed).toMatchObject({ status: 'done', context: { outcome: 'solved' } });
  });

  it('flags a scheduled order overdue when the promised time passes, and bounds the promise', async () => {
    const { send, engine, id, advanceTo, notices } = await placed(WEDNESDAY);
    await send(partyOrg, { type: 'issueOrder', assignee: 'm-li' });
    await send(partyMember, { type: 'takeOrder' });
    const tooLong = await failure(
      send(partyMember, { type: 'scheduleSolve', plan: '节后再说', withinDays: 6 }),
    );
    expect(tooLong).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'event.withinDays' } });
    // One working day from Wednesday 30 September, across National Day: Thursday 8 October.
    const scheduled = await send(partyMember, { type: 'scheduleSolve', plan: '节后请物业上门' });
    expect(scheduled.dueAt?.toISOString()).toBe('2026-10-08T01:00:00.000Z');
    await advanceTo('2026-10-08T08:59:00+08:00');
    expect((await engine.getCase(id)).context.solveOverdue).toBe(false);
    await advanceTo('2026-10-08T09:00:00+08:00');
    expect((await engine.getCase(id)).context.solveOverdue).toBe(true);
    expect(notices.filter((n) => n.topic === 'threeOrders.solveOverdue').map((n) => n.to)).toEqual([
      { unit: 'comm-1', role: 'partyOrg' },
      { member: 'm-li' },
    ]);
    const [row] = (
      await engine.metrics({
        orgUnit: 'comm-1',
        from: new Date('2026-09-01T00:00:00+08:00'),
        to: new Date('2026-10-09T00:00:00+08:00'),
      })
    ).rows;
    expect(row).toMatchObject({ received: 1, openOverdue: 1 });
  });

  it('explains a forbidden request citing its basis; a dispute sends it back, a silent resident confirms it', async () => {
    const { send, engine, id, advance } = await placed();
    await send(partyOrg, { type: 'issueOrder', assignee: 'm-li' });
    await send(partyMember, { type: 'takeOrder' });
    const noBasis = await failure(send(partyMember, { type: 'explain', explanation: '无法办理' }));
    expect(noBasis).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'event.basis' } });
    await send(partyMember, {
      type: 'explain',
      basis: '《物业管理条例》第 X 条',
      explanation: '属业主自治事项',
    });
    const disputed = await send(resident, { type: 'dispute', reason: '没有解释清楚' });
    expect(disputed).toMatchObject({
      state: 'placed',
      context: { disputeCount: 1, lastDisputeReason: '没有解释清楚' },
    });
    await send(partyOrg, { type: 'issueOrder', assignee: 'm-wu' });
    await send(otherPartyMember, { type: 'takeOrder' });
    await send(otherPartyMember, { type: 'solveOnSpot', result: '协调物业维修' });
    await advance('3 working days');
    const closed = await engine.getCase(id);
    expect(closed).toMatchObject({
      status: 'done',
      context: { outcome: 'solved', confirmedBy: 'timeout', issueCount: 2 },
    });
  });

  it('escalates to a platform work order and closes when that work order closes', async () => {
    const { send, engine, id, flush } = await placed();
    await send(partyOrg, { type: 'issueOrder', assignee: 'm-li' });
    await send(partyMember, { type: 'takeOrder' });
    const escalated = await send(partyMember, {
      type: 'escalate',
      reason: '需住建部门处理',
      requestType: 'help',
    });
    expect(escalated).toMatchObject({ state: 'escalated', assignee: null, dueAt: null });
    await flush();
    const workOrder = await engine.getCase(`${id}/work-order`);
    expect(workOrder).toMatchObject({ flowId: 'work-order', orgUnit: 'comm-1', requesterId: 'r-li' });
    await engine.send({
      caseId: workOrder.id,
      actor: dispatcher,
      event: { type: 'answerOnSpot', answer: '已联系物业' },
    });
    await flush();
    expect(await engine.getCase(id)).toMatchObject({
      status: 'done',
      context: { outcome: 'escalated', linkedCloseReason: 'resolved' },
    });
  });

  it('lets the resident withdraw an order until a member takes it', async () => {
    const { send } = await placed();
    await send(partyOrg, { type: 'issueOrder', assignee: 'm-li' });
    const withdrawn = await send(resident, { type: 'cancel', reason: '已自行解决' });
    expect(withdrawn.context.outcome).toBe('withdrawn');
    const other = await placed();
    await other.send(partyOrg, { type: 'issueOrder', assignee: 'm-li' });
    await other.send(partyMember, { type: 'takeOrder' });
    expect((await failure(other.send(resident, { type: 'cancel', reason: 'x' }))).code).toBe(
      'EVENT_NOT_ACCEPTED',
    );
  });

  it('lets only the requesting resident confirm or dispute', async () => {
    const { send } = await placed();
    await send(partyOrg, { type: 'issueOrder', assignee: 'm-li' });
    await send(partyMember, { type: 'takeOrder' });
    await send(partyMember, { type: 'solveOnSpot', result: '已修' });
    expect((await failure(send(people.otherResident, { type: 'confirm' }))).code).toBe('CASE_NOT_FOUND');
  });

  it('refuses FORBIDDEN for every role × event pair the permissions do not list', async () => {
    const { engine, id } = await placed();
    const samples = {
      issueOrder: { assignee: 'm-li' },
      takeOrder: {},
      declineOrder: { reason: '出差' },
      solveOnSpot: { result: '已修' },
      scheduleSolve: { plan: '明日上门' },
      solve: { result: '已修' },
      escalate: { reason: '需部门处理' },
      explain: { basis: '政策', explanation: '无法办理' },
      confirm: {},
      dispute: { reason: '不满意' },
      cancel: { reason: '不需要了' },
    };
    const { forbidden, allowed } = await expectPermissionMatrix(engine, threeOrdersFlow, id, samples, 'r-li');
    expect(allowed).toEqual([
      'issueOrder:partyOrg',
      'takeOrder:partyMember',
      'declineOrder:partyMember',
      'solveOnSpot:partyMember',
      'scheduleSolve:partyMember',
      'solve:partyMember',
      'escalate:partyMember',
      'explain:partyMember',
      'confirm:resident',
      'dispute:resident',
      'cancel:resident',
    ]);
    expect(forbidden).toBe(ALL_ROLES.length * 11 - 11);
  });

  it('lets residents and grid workers place orders, nobody else', async () => {
    const { engine } = communityEngine(MONDAY);
    await expectCreateMatrix(engine, 'three-orders', 'comm-1', input, ['resident', 'gridWorker']);
  });
});
