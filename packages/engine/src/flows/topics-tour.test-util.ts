// Drives every built-in flow through the paths that notify, on the engine, and returns every notice delivered
// (each checked against the public contract by the fixtures). The topics test compares them with the table.
import type { Notice } from '../effects/notice.js';
import { communityEngine, people } from './grid-report/community-fixture.test-util.js';
import { createWorkOrderFlow } from './work-order/work-order-flow.js';
import { actors, workOrderHarness } from './work-order/work-order-fixture.test-util.js';

// Monday 2 November 2026, 09:00 Beijing: no holiday for weeks.
const MONDAY = '2026-11-02T09:00:00+08:00';

/** One work order through dispatch, a rejected return, sign-for lateness, extensions, suspensions, a whistle,
 * escalation to the top of its ladder, an SLA breach, a reopening, an appeal and closure. */
export async function workOrderTour(): Promise<Notice[]> {
  const h = workOrderHarness({ start: MONDAY });
  const c = await h.open();
  const send = (by: keyof typeof actors, type: string, payload: Record<string, unknown> = {}) =>
    h.send(c.id, actors[by], type, payload);
  await send('dispatcher', 'accept');
  await send('dispatcher', 'dispatch', { leadUnit: 'dept-housing', coUnits: ['dept-city'] });
  await send('housing', 'return', { reason: '非本单位职责' });
  await send('dispatcher', 'reviewReturn', { upheld: false, note: '属住建职责' });
  await h.advance('2 working days');
  await send('housing', 'signFor');
  await send('city', 'reportPart', { result: '已清理占道物品' });
  await send('dispatcher', 'urge', { note: '请尽快处理' });
  await send('supervisor', 'supervise', { note: '列入督办' });
  const extra = { amount: 2, unit: 'workingDays' };
  await send('housing', 'requestExtension', { extra, reason: '需协调物业' });
  await send('dispatcher', 'approveExtension');
  await send('housing', 'requestExtension', { extra, reason: '仍需协调' });
  await send('dispatcher', 'rejectExtension', { reason: '时限已够' });
  const day = { amount: 1, unit: 'workingDays' };
  await send('housing', 'suspend', { reason: '等待配件', length: day });
  await send('dispatcher', 'rejectSuspension', { reason: '可先行处理' });
  await send('housing', 'suspend', { reason: '等待配件', length: day });
  await send('dispatcher', 'approveSuspension');
  await h.advance('1 working day');
  await send('street', 'whistle', { departments: ['dept-market'], reason: '涉及市场监管' });
  await h.advance('2 working days');
  for (let i = 0; i < 5; i++) await send('housing', 'markHard', { reason: '难事联办' });
  await h.advance('30 working days');
  await send('housing', 'reply', { result: '已修复', solved: true, publicReply: '路灯已修复' });
  await send('gridWorker', 'verify', { passed: true });
  await send('dispatcher', 'followUp', { reached: true, rating: 'unsatisfied', unitAtFault: true });
  await send('housing', 'reply', { result: '已复修', solved: true, publicReply: '已再次修复' });
  await send('gridWorker', 'verify', { passed: true });
  await send('dispatcher', 'followUp', { reached: true, rating: 'satisfied' });
  await send('resident', 'rate', { rating: 'unsatisfied', comment: '不满意' });
  await send('housing', 'appealRating', { reason: '已按政策解决, 诉求超出范围' });
  await send('dispatcher', 'decideAppeal', { upheld: true, note: '申诉属实' });
  await send('dispatcher', 'close', { reason: 'resolved' });
  await h.flush();
  return [...h.notices, ...(await overrunSuspension())];
}

/** v3 with `onLimit: 'alert'`: a suspension that overruns its approved time. */
async function overrunSuspension(): Promise<Notice[]> {
  const alerting = createWorkOrderFlow({ suspension: { onLimit: 'alert' } });
  const h = workOrderHarness({ start: MONDAY, flows: [alerting] });
  const id = await h.signedFor();
  await h.send(id, actors.housing, 'suspend', {
    reason: '等待配件',
    length: { amount: 1, unit: 'workingDays' },
  });
  await h.send(id, actors.dispatcher, 'approveSuspension');
  await h.advance('2 working days');
  await h.flush();
  return h.notices;
}

/** A 随手拍 handed over, left past the community's limit, then solved (the reporter hears); a 三单制 order late
 * at every step, then solved, and one scheduled for the next day;
 * a wish published, claimed, disputed and confirmed, and another rejected. */
export async function communityTour(): Promise<Notice[]> {
  const t = communityEngine(MONDAY);
  const { gridWorker, resident, partyOrg, partyMember, communityStaff, volunteer } = people;
  const open = (flow: string, actor: typeof resident, orgUnit: string, input: Record<string, unknown>) =>
    t.engine.createCase({ flow, actor, orgUnit, input });
  const sender =
    (caseId: string) =>
    (actor: typeof resident, type: string, payload = {}) =>
      t.engine.send({ caseId, actor, event: { type, ...payload } });

  const report = await open('grid-report', gridWorker, 'grid-01', {
    description: '井盖缺失',
    photos: ['https://img.example/before.jpg'],
    location: { lat: 18.25, lng: 109.51, address: '幸福里 3 号楼' },
  });
  await sender(report.id)(gridWorker, 'handOver');

  const order = sender(
    (await open('three-orders', resident, 'comm-1', { title: '灯坏了', description: '楼道' })).id,
  );
  await order(partyOrg, 'issueOrder', { assignee: 'm-li' });
  await t.advance('2 working days');
  await order(partyMember, 'takeOrder');
  await t.advance('6 working days');
  await order(partyMember, 'solveOnSpot', { result: '已更换灯泡' });
  await sender(report.id)(communityStaff, 'resolve', { result: '已补装井盖' });
  const later = sender(
    (await open('three-orders', resident, 'comm-1', { title: '线路老化', description: '楼道' })).id,
  );
  await later(partyOrg, 'issueOrder', { assignee: 'm-li' });
  await later(partyMember, 'takeOrder');
  await later(partyMember, 'scheduleSolve', { plan: '明日请电工上门' });

  const input = { title: '想要一台助听器', description: '独居老人' };
  const wish = sender((await open('micro-wish', resident, 'comm-1', input)).id);
  await wish(communityStaff, 'publish');
  await wish(volunteer, 'claim');
  const evidence = ['https://img.example/done.jpg'];
  await wish(volunteer, 'fulfil', { evidence });
  await wish(resident, 'dispute', { reason: '还没收到' });
  await wish(volunteer, 'fulfil', { evidence });
  await wish(resident, 'confirm');
  await sender((await open('micro-wish', resident, 'comm-1', input)).id)(partyOrg, 'reject', {
    reason: '不符',
  });
  await t.flush();
  return t.notices;
}
