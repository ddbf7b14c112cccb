import { describe, expect, it } from 'vitest';
import { workOrderFlowV2 } from '../work-order/work-order-v2.js';
import { gridReportFlow } from './grid-report-flow.js';
import {
  ALL_ROLES,
  communityEngine,
  expectCreateMatrix,
  expectPermissionMatrix,
  failure,
  people,
} from './community-fixture.test-util.js';

// Monday 28 September 2026, 09:00 Beijing: the week before National Day (1-7 October off).
const MONDAY = '2026-09-28T09:00:00+08:00';
const input = {
  description: '幸福里 3 号楼井盖缺失',
  photos: ['https://img.example/before.jpg'],
  location: { lat: 18.25, lng: 109.51, address: '幸福里 3 号楼' },
};
const { gridWorker, communityStaff, dispatcher } = people;

async function reported(start = MONDAY) {
  const t = communityEngine(start);
  const report = await t.engine.createCase({
    flow: 'grid-report',
    actor: gridWorker,
    orgUnit: 'grid-01',
    input,
  });
  return { ...t, id: report.id, report };
}

describe('grid-report on the engine', () => {
  it('accepts a report with photos and a location, owned by the reporting grid worker', async () => {
    const { report } = await reported();
    expect(report).toMatchObject({ state: 'reported', assignee: 'g-wang', orgUnit: 'grid-01', dueAt: null });
    expect(report.context).toMatchObject({ reporterId: 'g-wang', createdAt: '2026-09-28T01:00:00.000Z' });
  });

  it('refuses a report without a photo or with an unknown field', async () => {
    const { engine } = communityEngine(MONDAY);
    const noPhoto = await failure(
      engine.createCase({
        flow: 'grid-report',
        actor: gridWorker,
        orgUnit: 'grid-01',
        input: { ...input, photos: [] },
      }),
    );
    expect(noPhoto).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'input.photos' } });
    const extra = await failure(
      engine.createCase({
        flow: 'grid-report',
        actor: gridWorker,
        orgUnit: 'grid-01',
        input: { ...input, x: 1 },
      }),
    );
    expect(extra.code).toBe('VALIDATION_FAILED');
  });

  it('closes a report fixed on the spot, requiring an after-photo', async () => {
    const { engine, id } = await reported();
    const noPhoto = await failure(
      engine.send({ caseId: id, actor: gridWorker, event: { type: 'fixOnSpot', afterPhotos: [] } }),
    );
    expect(noPhoto.code).toBe('VALIDATION_FAILED');
    const closed = await engine.send({
      caseId: id,
      actor: gridWorker,
      event: { type: 'fixOnSpot', afterPhotos: ['https://img.example/after.jpg'] },
    });
    expect(closed).toMatchObject({ status: 'done', state: 'closed', assignee: null });
    expect(closed.context).toMatchObject({ outcome: 'fixedOnSpot', closedAt: '2026-09-28T01:00:00.000Z' });
  });

  it('gives the community three working days across National Day, then flags it overdue and tells the street', async () => {
    const { engine, id, advanceTo, notices } = await reported();
    const handed = await engine.send({ caseId: id, actor: gridWorker, event: { type: 'handOver' } });
    // 29 and 30 September, then 1-7 October off: the third working day is Thursday 8 October.
    expect(handed.dueAt?.toISOString()).toBe('2026-10-08T01:00:00.000Z');
    await advanceTo('2026-10-08T08:59:00+08:00');
    expect(notices).toContainEqual(expect.objectContaining({ topic: 'gridReport.handedOver' }));
    expect((await engine.getCase(id)).context.communityOverdue).toBe(false);
    await advanceTo('2026-10-08T09:00:00+08:00');
    const overdue = await engine.getCase(id);
    expect(overdue).toMatchObject({
      state: 'withCommunity',
      dueAt: new Date('2026-10-08T01:00:00.000Z'), // still due then: the engine reports it overdue
      context: { communityOverdue: true },
    });
    expect(notices).toContainEqual(
      expect.objectContaining({
        topic: 'gridReport.communityOverdue',
        to: expect.objectContaining({ role: 'streetStaff' }),
      }),
    );
    const resolved = await engine.send({
      caseId: id,
      actor: communityStaff,
      event: { type: 'resolve', result: '已补装' },
    });
    expect(resolved.context).toMatchObject({ outcome: 'resolvedByCommunity', communityOverdue: true });
  });

  it('raises a linked work order, tracks it, and closes when the work order closes', async () => {
    const { engine, id, flush } = await reported();
    await engine.send({ caseId: id, actor: gridWorker, event: { type: 'handOver' } });
    const tracking = await engine.send({
      caseId: id,
      actor: communityStaff,
      event: { type: 'raiseWorkOrder', note: '涉及管网' },
    });
    expect(tracking).toMatchObject({
      state: 'tracking',
      dueAt: null,
      context: { linkedCaseId: `${id}/work-order` },
    });
    await flush();
    const workOrder = await engine.getCase(`${id}/work-order`);
    expect(workOrder.context).toMatchObject({ source: { flow: 'grid-report', caseId: id } });
    expect((await engine.getCase(id)).state).toBe('tracking');
    await engine.send({
      caseId: workOrder.id,
      actor: dispatcher,
      event: { type: 'close', closeReason: 'resolved' },
    });
    await flush();
    const closed = await engine.getCase(id);
    expect(closed).toMatchObject({
      status: 'done',
      context: { outcome: 'closedByWorkOrder', linkedCloseReason: 'resolved' },
    });
    const journal = await engine.history(id);
    expect(journal.at(-1)).toMatchObject({
      type: 'linkedCaseClosed',
      actor: { id: 'system' },
      fromState: 'tracking',
    });
  });

  it('closes when the real work order is not accepted, recording why', async () => {
    const t = communityEngine(MONDAY, [workOrderFlowV2]);
    const { id } = await t.engine.createCase({
      flow: 'grid-report',
      actor: gridWorker,
      orgUnit: 'grid-01',
      input,
    });
    await t.engine.send({ caseId: id, actor: gridWorker, event: { type: 'handOver' } });
    await t.engine.send({
      caseId: id,
      actor: communityStaff,
      event: { type: 'raiseWorkOrder', urgency: 'urgent' },
    });
    await t.flush();
    const workOrder = await t.engine.getCase(`${id}/work-order`);
    expect(workOrder).toMatchObject({ flowId: 'work-order', flowVersion: 2, orgUnit: 'grid-01' });
    await t.engine.send({
      caseId: workOrder.id,
      actor: dispatcher,
      event: { type: 'notAccepted', reason: '不属于受理范围' },
    });
    await t.flush();
    expect(await t.engine.getCase(id)).toMatchObject({
      status: 'done',
      context: { outcome: 'closedByWorkOrder', linkedCloseReason: 'notAccepted' },
    });
  });

  it('tells the reporter when the report closes, however it closes, unless they closed it themselves', async () => {
    const closedNotices = (notices: Array<{ topic: string }>) =>
      notices.filter((n) => n.topic === 'gridReport.closed');
    const byCommunity = await reported();
    await byCommunity.engine.send({ caseId: byCommunity.id, actor: gridWorker, event: { type: 'handOver' } });
    await byCommunity.engine.send({
      caseId: byCommunity.id,
      actor: communityStaff,
      event: { type: 'resolve', result: '已补装井盖' },
    });
    await byCommunity.flush();
    expect(closedNotices(byCommunity.notices)).toEqual([
      expect.objectContaining({
        caseId: byCommunity.id,
        flowId: 'grid-report',
        to: { member: 'g-wang' },
        data: { outcome: 'resolvedByCommunity', linkedCloseReason: null },
      }),
    ]);
    expect(closedNotices(byCommunity.notices)[0]).not.toHaveProperty('actions');

    const byWorkOrder = await reported();
    await byWorkOrder.engine.send({ caseId: byWorkOrder.id, actor: gridWorker, event: { type: 'handOver' } });
    await byWorkOrder.engine.send({
      caseId: byWorkOrder.id,
      actor: communityStaff,
      event: { type: 'raiseWorkOrder' },
    });
    await byWorkOrder.flush();
    expect(closedNotices(byWorkOrder.notices)).toEqual([]);
    const workOrder = `${byWorkOrder.id}/work-order`;
    await byWorkOrder.engine.send({
      caseId: workOrder,
      actor: dispatcher,
      event: { type: 'close', closeReason: 'resolved' },
    });
    await byWorkOrder.flush();
    expect(closedNotices(byWorkOrder.notices)).toEqual([
      expect.objectContaining({
        to: { member: 'g-wang' },
        data: { outcome: 'closedByWorkOrder', linkedCloseReason: 'resolved' },
      }),
    ]);

    // Fixed on the spot by the reporter: nobody else to tell.
    const onSpot = await reported();
    await onSpot.engine.send({
      caseId: onSpot.id,
      actor: gridWorker,
      event: { type: 'fixOnSpot', afterPhotos: ['https://img.example/after.jpg'] },
    });
    await onSpot.flush();
    expect(closedNotices(onSpot.notices)).toEqual([]);
  });

  it('lets the reporter withdraw a mistaken report, but not after handing it over', async () => {
    const { engine, id } = await reported();
    await engine.send({ caseId: id, actor: gridWorker, event: { type: 'handOver' } });
    const late = await failure(
      engine.send({ caseId: id, actor: gridWorker, event: { type: 'withdraw', reason: '误报' } }),
    );
    expect(late.code).toBe('EVENT_NOT_ACCEPTED');
    const other = await reported();
    const withdrawn = await other.engine.send({
      caseId: other.id,
      actor: gridWorker,
      event: { type: 'withdraw', reason: '误报' },
    });
    expect(withdrawn.context.outcome).toBe('withdrawn');
  });

  it('keeps people out of reports outside their jurisdiction and keeps linkedCaseClosed for the engine', async () => {
    const { engine, id } = await reported();
    const stranger = await failure(
      engine.send({ caseId: id, actor: people.otherGridWorker, event: { type: 'handOver' } }),
    );
    expect(stranger.code).toBe('CASE_NOT_FOUND');
    await engine.send({ caseId: id, actor: gridWorker, event: { type: 'handOver' } });
    const otherCommunity = await failure(
      engine.send({ caseId: id, actor: people.otherCommunityStaff, event: { type: 'resolve', result: 'x' } }),
    );
    expect(otherCommunity.code).toBe('CASE_NOT_FOUND');
    for (const actor of [gridWorker, communityStaff, dispatcher]) {
      const forged = await failure(
        engine.send({ caseId: id, actor, event: { type: 'linkedCaseClosed', caseId: `${id}/work-order` } }),
      );
      expect(forged.code).toBe('FORBIDDEN');
    }
  });

  it('refuses FORBIDDEN for every role × event pair the permissions do not list', async () => {
    const { engine, id } = await reported();
    const samples = {
      fixOnSpot: { afterPhotos: ['https://img.example/after.jpg'] },
      handOver: {},
      withdraw: { reason: '误报' },
      resolve: { result: '已处置' },
      raiseWorkOrder: {},
    };
    const { forbidden, allowed } = await expectPermissionMatrix(
      engine,
      gridReportFlow,
      id,
      samples,
      'r-nobody',
    );
    expect(allowed).toEqual([
      'fixOnSpot:gridWorker',
      'handOver:gridWorker',
      'withdraw:gridWorker',
      'resolve:communityStaff',
      'raiseWorkOrder:communityStaff',
    ]);
    expect(forbidden).toBe(ALL_ROLES.length * 5 - 5);
  });

  it('lets only grid workers open a report', async () => {
    const { engine } = communityEngine(MONDAY);
    await expectCreateMatrix(engine, 'grid-report', 'grid-01', input, ['gridWorker']);
  });
});
