import type { Actor, CaseView } from '@gridflow/engine';
import type { CloseReason, Rating, WorkOrderContext } from '@gridflow/engine/flows';
import type { SimContext } from './sim-context.js';
import type { WorkOrderPersona } from './work-order-persona.js';

const UNSATISFIED = new Set<Rating>(['unsatisfied', 'veryUnsatisfied']);

/**
 * A replied order (已回复): the requester may rate it in the app; otherwise the grid worker (or community staff,
 * for orders that belong to a community) checks the result on site with photos (核查), or the command centre
 * goes straight to the follow-up call.
 *
 * @example
 * ```ts
 * await verifyOrFollowUp(sim, view, persona, dispatcher);
 * ```
 */
export async function verifyOrFollowUp(
  sim: SimContext,
  view: CaseView<WorkOrderContext>,
  persona: WorkOrderPersona,
  dispatcher: Actor,
): Promise<void> {
  const requester = view.context.requesterId;
  if (persona.selfRate && requester) {
    persona.selfRate = false;
    await sim.send(view.id, sim.district.person(requester), {
      type: 'rate',
      rating: ratingFor(sim, persona),
    });
    return sim.later(view.id, sim.rng.between(0.5, 4));
  }
  if (sim.rng.chance(0.7)) {
    const unit = sim.district.unit(view.orgUnit);
    const checker =
      unit.kind === 'grid' ? sim.one(unit.id, 'gridWorker') : sim.one(unit.id, 'communityStaff');
    const passed = !(persona.failVerify && !persona.verifyFailedDone);
    if (!passed) persona.verifyFailedDone = true;
    await sim.send(view.id, checker, {
      type: 'verify',
      passed,
      photos: [`https://img.example/verify/${view.id}/${view.version}.jpg`],
      ...(passed ? {} : { note: '现场问题依然存在' }),
    });
    return sim.later(view.id, sim.rng.between(0.5, 4));
  }
  return followUpOrClose(sim, view, persona, dispatcher);
}

/**
 * The follow-up call (回访) and closing (办结): call the requester and record the rating; an unsatisfied
 * rating for the unit's reasons reopens the order (重办) once; otherwise the command centre closes it with a
 * reason that matches the reply.
 *
 * @example
 * ```ts
 * await followUpOrClose(sim, view, persona, dispatcher);
 * ```
 */
export async function followUpOrClose(
  sim: SimContext,
  view: CaseView<WorkOrderContext>,
  persona: WorkOrderPersona,
  dispatcher: Actor,
): Promise<void> {
  const c = view.context;
  if (
    c.rating === null &&
    view.state === 'followingUp' &&
    persona.followUp === 'unreached' &&
    !persona.unreachedDone
  ) {
    persona.unreachedDone = true;
    await sim.send(view.id, dispatcher, { type: 'followUp', reached: false, comment: '电话无人接听' });
    return sim.later(view.id, sim.rng.between(2, 8));
  }
  if (c.rating === null) {
    const rating = ratingFor(sim, persona);
    const atFault = persona.followUp === 'unitAtFault' && UNSATISFIED.has(rating);
    if (atFault) persona.reopenDone = true;
    await sim.send(view.id, dispatcher, {
      type: 'followUp',
      reached: true,
      rating,
      ...(UNSATISFIED.has(rating)
        ? { unitAtFault: atFault, comment: atFault ? '问题未解决' : '对政策不认可' }
        : {}),
    });
    return sim.later(view.id, sim.rng.between(0.5, 4));
  }
  if (UNSATISFIED.has(c.rating) && persona.followUp === 'unitAtFault' && !persona.reopenDone) {
    persona.reopenDone = true;
    await sim.send(view.id, dispatcher, { type: 'reopen', reason: '群众评价不满意, 承办单位原因' });
    return sim.later(view.id, sim.rng.between(0.5, 3));
  }
  await sim.send(view.id, dispatcher, { type: 'close', reason: closeReason(sim, c) });
}

/** The rating this requester gives now: unhappy ones are unhappy until their order is reopened once. */
function ratingFor(sim: SimContext, persona: WorkOrderPersona): Rating {
  const unhappy =
    (persona.followUp === 'unitAtFault' && !persona.reopenDone) || persona.followUp === 'otherReasons';
  if (unhappy) return sim.rng.chance(0.7) ? 'unsatisfied' : 'veryUnsatisfied';
  return sim.rng.weighted({ verySatisfied: 45, satisfied: 35, basicallySatisfied: 20 });
}

function closeReason(sim: SimContext, c: WorkOrderContext): Exclude<CloseReason, 'withdrawn' | 'duplicate'> {
  if (c.reply?.solved) return 'resolved';
  return sim.rng.weighted({ partiallyResolved: 50, explained: 30, notResponsible: 10, referred: 10 });
}
