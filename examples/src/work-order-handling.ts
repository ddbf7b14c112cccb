import type { Actor, CaseView } from '@gridflow/engine';
import type { WorkOrderContext } from '@gridflow/engine/flows';
import type { SimContext } from './sim-context.js';
import type { WorkOrderPersona } from './work-order-persona.js';

const HANDLER_ROLE = { department: 'departmentHandler', community: 'communityStaff', street: 'streetStaff' };

/**
 * Someone at `unit` who handles orders there: a department's handler, community staff, or street staff.
 *
 * @example
 * ```ts
 * await sim.send(id, handlerOf(sim, 'dept-water'), { type: 'signFor' });
 * ```
 */
export function handlerOf(sim: SimContext, unit: string): Actor {
  const kind = sim.district.unit(unit).kind;
  return sim.one(unit, HANDLER_ROLE[kind as keyof typeof HANDLER_ROLE] ?? 'dispatcher');
}

/**
 * An order being handled (办理中): resume a suspension, decide a pending extension, play the next episode of
 * the persona (whistle, suspension, extension request, 难事联办, urging, supervision), or reply. Episodes are
 * spread over the time left before the deadline; the reply comes before it, or after it for a slow unit.
 *
 * @example
 * ```ts
 * await handleInProgress(sim, view, persona, dispatcher);
 * ```
 */
export async function handleInProgress(
  sim: SimContext,
  view: CaseView<WorkOrderContext>,
  persona: WorkOrderPersona,
  dispatcher: Actor,
): Promise<void> {
  const c = view.context;
  const handler = handlerOf(sim, c.leadUnit ?? persona.rightUnit);
  if (view.state === 'inProgress.suspended') {
    await sim.send(view.id, handler, { type: 'resume', note: '已具备办理条件' });
    return sim.later(view.id, sim.rng.between(0.5, 3));
  }
  if (view.state === 'inProgress.extensionRequested') {
    const approve = sim.rng.chance(0.8);
    await sim.send(
      view.id,
      dispatcher,
      approve
        ? { type: 'approveExtension', note: '同意延期' }
        : { type: 'rejectExtension', reason: '理由不充分' },
    );
    return sim.later(view.id, sim.rng.between(0.5, 3));
  }
  const now = sim.now().getTime();
  const deadline = c.sla.status === 'running' && c.sla.deadline ? Date.parse(c.sla.deadline) : null;
  const left = deadline !== null && deadline > now ? deadline - now : null;
  const episode = persona.episodes.shift();
  if (episode) {
    await playEpisode(sim, view, episode, { handler, dispatcher, beforeDeadline: left !== null });
    // The command centre decides an extension within hours; a suspension lasts a day or more.
    if (episode === 'extension') return sim.later(view.id, sim.rng.between(0.5, 4));
    if (episode === 'suspend') return sim.later(view.id, sim.rng.between(7, 21));
    if (left !== null) return sim.at(view.id, new Date(now + left * sim.rng.between(0.05, 0.2)));
    return sim.later(view.id, sim.rng.between(0.5, 4));
  }
  if (!persona.replyPlanned) {
    // Take some of the time left before replying; a slow unit lets the deadline pass (an SLA breach).
    persona.replyPlanned = true;
    if (persona.slow && deadline !== null) {
      persona.slow = false;
      return sim.at(
        view.id,
        sim.engine.calendar.addWorkingHours(new Date(deadline), sim.rng.between(0.5, 10)),
      );
    }
    if (left !== null) return sim.at(view.id, new Date(now + left * sim.rng.between(0.15, 0.75)));
    return sim.later(view.id, sim.rng.between(1, 8));
  }
  persona.replyPlanned = false;
  const solved = persona.solved;
  await sim.send(view.id, handler, {
    type: 'reply',
    result: solved ? '已现场处置完毕' : '已协调, 受客观条件限制暂无法彻底解决',
    solved,
    publicReply: solved ? '您反映的问题已处理, 感谢监督' : '已向您说明情况, 将持续跟进',
  });
  sim.later(view.id, sim.rng.between(0.5, 6));
}

async function playEpisode(
  sim: SimContext,
  view: CaseView<WorkOrderContext>,
  episode: string,
  who: { handler: Actor; dispatcher: Actor; beforeDeadline: boolean },
): Promise<void> {
  const c = view.context;
  switch (episode) {
    case 'whistle': {
      const street = sim.district.above(view.orgUnit, 'street').id;
      const by = sim.rng.chance(0.6) ? sim.one(street, 'streetStaff') : who.dispatcher;
      const candidates = sim.district.departments.map((d) => d.id).filter((d) => d !== c.leadUnit);
      const first = sim.rng.pick(candidates);
      const second = sim.rng.chance(0.4) ? sim.rng.pick(candidates.filter((d) => d !== first)) : null;
      const departments = second ? [first, second] : [first];
      const done = await sim.send(view.id, by, {
        type: 'whistle',
        departments,
        reason: '涉及多部门职责, 吹哨报到',
      });
      if (!done) return;
      for (const unit of departments) {
        const timing = sim.rng.weighted({ prompt: 70, late: 25, never: 5 });
        if (timing === 'never') continue;
        const hours = timing === 'prompt' ? sim.rng.between(0.5, 5) : sim.rng.between(8, 12);
        sim.later(view.id, hours, { kind: 'reportIn', unit });
      }
      return;
    }
    case 'suspend':
      await sim.send(view.id, who.handler, { type: 'suspend', reason: '等待当事人提供材料' });
      return;
    case 'extension': {
      if (!who.beforeDeadline) return;
      const days = c.sla.policy.limit.unit === 'workingDays';
      const extra = days ? { amount: 5, unit: 'workingDays' } : { amount: 4, unit: 'workingHours' };
      await sim.send(view.id, who.handler, { type: 'requestExtension', extra, reason: '需协调第三方施工' });
      return;
    }
    case 'hard':
      await sim.send(view.id, who.handler, { type: 'markHard', reason: '问题复杂, 需上级协调 (难事联办)' });
      return;
    case 'urge':
      await sim.send(view.id, who.dispatcher, { type: 'urge', note: '群众反映强烈, 请加快办理' });
      return;
    case 'supervise':
      await sim.send(view.id, sim.one('district', 'supervisor'), { type: 'supervise', note: '列入督办事项' });
  }
}
