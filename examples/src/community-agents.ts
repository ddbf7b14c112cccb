import type { CaseView } from '@gridflow/engine';
import type { SimContext } from './sim-context.js';

type View = CaseView<Record<string, unknown>>;
const photo = (id: string, what: string) => [`https://img.example/${what}/${encodeURIComponent(id)}.jpg`];

/**
 * 随手拍: the grid worker fixes it on the spot, withdraws a mistaken report, or hands it to the community, which
 * solves it (sometimes past its limit) or raises a linked work order that the simulation then follows.
 *
 * @example
 * ```ts
 * await actOnGridReport(sim, view);
 * ```
 */
export async function actOnGridReport(sim: SimContext, view: View): Promise<void> {
  const community = sim.district.above(view.orgUnit, 'community').id;
  if (view.state === 'reported') {
    const worker = sim.one(view.orgUnit, 'gridWorker');
    const choice = sim.rng.weighted({ fixOnSpot: 45, handOver: 51, withdraw: 4 });
    if (choice === 'fixOnSpot') {
      await sim.send(view.id, worker, {
        type: 'fixOnSpot',
        afterPhotos: photo(view.id, 'after'),
        note: '已当场处置',
      });
    } else if (choice === 'withdraw') {
      await sim.send(view.id, worker, { type: 'withdraw', reason: '重复上报' });
    } else {
      await sim.send(view.id, worker, { type: 'handOver', note: '超出网格处置能力' });
      // The community's limit is 3 working days; about one report in five waits longer.
      sim.later(view.id, sim.rng.chance(0.2) ? sim.rng.between(22, 35) : sim.rng.between(1, 18));
    }
    return;
  }
  if (view.state === 'withCommunity') {
    const staff = sim.one(community, 'communityStaff');
    if (sim.rng.chance(0.55)) {
      await sim.send(view.id, staff, {
        type: 'resolve',
        result: '社区已协调处置',
        afterPhotos: photo(view.id, 'after'),
      });
      return;
    }
    const urgency = sim.rng.weighted({ normal: 90, urgent: 10 });
    const done = await sim.send(view.id, staff, { type: 'raiseWorkOrder', note: '需职能部门处置', urgency });
    if (done) sim.later(`${view.id}/work-order`, sim.rng.between(0.3, 1));
  }
}

/**
 * 三单制: the party organisation issues the order to a party member, who takes it (or declines, or is slow to
 * take it), then solves it on the spot, explains, or escalates it to a linked work order; the resident
 * confirms, disputes once in a while, or stays silent until the confirmation limit closes it.
 *
 * @example
 * ```ts
 * await actOnThreeOrders(sim, view);
 * ```
 */
export async function actOnThreeOrders(sim: SimContext, view: View): Promise<void> {
  const c = view.context as {
    assignee: string | null;
    declineCount: number;
    disputeCount: number;
    issueCount: number;
  };
  const requester = view.requesterId ? sim.district.person(view.requesterId) : null;
  const community = sim.district.above(view.orgUnit, 'community').id;
  if (view.state === 'placed') {
    if (requester && c.issueCount === 0 && sim.rng.chance(0.03)) {
      await sim.send(view.id, requester, { type: 'cancel', reason: '问题已自行解决' });
      return;
    }
    const members = sim.district.actors(community, 'partyMember');
    const assignee = sim.rng.pick(members.filter((m) => m.id !== c.assignee)).id;
    await sim.send(view.id, sim.one(community, 'partyOrg'), { type: 'issueOrder', assignee });
    // About one in ten members is slow to take the order: past the 1-working-day take limit.
    sim.later(view.id, sim.rng.chance(0.1) ? sim.rng.between(8, 12) : sim.rng.between(0.5, 5));
    return;
  }
  const member = c.assignee ? sim.district.person(c.assignee) : null;
  if (view.state === 'issued' && member) {
    if (c.declineCount === 0 && sim.rng.chance(0.08)) {
      await sim.send(view.id, member, { type: 'declineOrder', reason: '本人外出, 无法接单' });
      return sim.later(view.id, sim.rng.between(0.5, 3));
    }
    await sim.send(view.id, member, { type: 'takeOrder' });
    return sim.later(view.id, sim.rng.chance(0.06) ? sim.rng.between(36, 42) : sim.rng.between(2, 28));
  }
  if (view.state === 'taken' && member) {
    const choice = sim.rng.weighted({ solve: 60, explain: 15, escalate: 25 });
    if (choice === 'escalate') {
      const done = await sim.send(view.id, member, { type: 'escalate', reason: '需平台协调多部门解决' });
      if (done) sim.later(`${view.id}/work-order`, sim.rng.between(0.3, 1));
      return;
    }
    const event =
      choice === 'solve'
        ? { type: 'solveOnSpot', result: '已上门解决', photos: photo(view.id, 'solved') }
        : { type: 'explain', basis: '《物业管理条例》相关规定', explanation: '已耐心解释政策依据' };
    await sim.send(view.id, member, event);
    return sim.later(view.id, sim.rng.between(1, 16));
  }
  if (view.state === 'awaitingConfirmation' && requester) {
    const choice = sim.rng.weighted({ confirm: 65, dispute: c.disputeCount === 0 ? 10 : 0, silent: 25 });
    if (choice === 'confirm')
      await sim.send(view.id, requester, { type: 'confirm', comment: '感谢党员同志' });
    if (choice === 'dispute') {
      await sim.send(view.id, requester, { type: 'dispute', reason: '问题没有真正解决' });
      sim.later(view.id, sim.rng.between(0.5, 4));
    }
  }
}

/**
 * 微心愿: community staff or the party organisation publish (or reject) the wish; a party member or volunteer
 * claims it (sometimes gives it back), fulfils it with a photo; the wisher confirms, disputes once, or stays
 * silent until the confirmation limit closes it. Points go to the claimer either way.
 *
 * @example
 * ```ts
 * await actOnMicroWish(sim, view);
 * ```
 */
export async function actOnMicroWish(sim: SimContext, view: View): Promise<void> {
  const c = view.context as { claimerId: string | null; releaseCount: number; disputeCount: number };
  const wisher = view.requesterId ? sim.district.person(view.requesterId) : null;
  const community = sim.district.above(view.orgUnit, 'community').id;
  if (view.state === 'collected') {
    const reviewer = sim.one(community, sim.rng.chance(0.6) ? 'communityStaff' : 'partyOrg');
    const choice = sim.rng.weighted({ publish: 93, reject: 5, cancel: wisher ? 2 : 0 });
    if (choice === 'reject') await sim.send(view.id, reviewer, { type: 'reject', reason: '超出微心愿范围' });
    if (choice === 'cancel' && wisher)
      await sim.send(view.id, wisher, { type: 'cancel', reason: '家人已帮忙实现' });
    if (choice === 'publish') {
      await sim.send(view.id, reviewer, { type: 'publish', points: sim.rng.pick([10, 20, 30, 50]) });
      sim.later(view.id, sim.rng.between(2, 20));
    }
    return;
  }
  if (view.state === 'published') {
    const role = sim.rng.chance(0.5) ? 'partyMember' : 'volunteer';
    await sim.send(view.id, sim.one(community, role), { type: 'claim' });
    return sim.later(view.id, sim.rng.between(4, 40));
  }
  const claimer = c.claimerId ? sim.district.person(c.claimerId) : null;
  if (view.state === 'claimed' && claimer) {
    if (c.releaseCount === 0 && sim.rng.chance(0.06)) {
      await sim.send(view.id, claimer, { type: 'release', reason: '时间冲突, 退回心愿墙' });
      return sim.later(view.id, sim.rng.between(2, 12));
    }
    await sim.send(view.id, claimer, {
      type: 'fulfil',
      evidence: photo(view.id, 'wish'),
      note: '心愿已送达',
    });
    return sim.later(view.id, sim.rng.between(1, 20));
  }
  if (view.state === 'fulfilled' && wisher) {
    const choice = sim.rng.weighted({ confirm: 70, dispute: c.disputeCount === 0 ? 5 : 0, silent: 25 });
    if (choice === 'confirm') await sim.send(view.id, wisher, { type: 'confirm', comment: '谢谢!' });
    if (choice === 'dispute') {
      await sim.send(view.id, wisher, { type: 'dispute', reason: '收到的东西不能用' });
      sim.later(view.id, sim.rng.between(2, 12));
    }
  }
}
