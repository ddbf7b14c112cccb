import type { Actor, CaseView } from '@gridflow/engine';
import type { WorkOrderContext } from '@gridflow/engine/flows';
import type { SimContext } from './sim-context.js';
import { handleInProgress, handlerOf } from './work-order-handling.js';
import { drawPersona, type WorkOrderPersona } from './work-order-persona.js';
import { followUpOrClose, verifyOrFollowUp } from './work-order-follow-up.js';

/**
 * The people around a work order (接诉即办): the command centre's dispatchers take the call, dispatch and
 * follow up; units sign for, return, handle and reply; grid workers verify; residents rate. Each wake-up looks
 * at the order's state and does what the person holding it would do next, as the order's persona says.
 *
 * @example
 * ```ts
 * const agent = workOrderAgent();
 * await agent.act(sim, await engine.getCase(id));
 * ```
 */
export interface WorkOrderAgent {
  act(sim: SimContext, view: CaseView<WorkOrderContext>): Promise<void>;
  /** A department summoned by a whistle reports in (报到). */
  reportIn(sim: SimContext, view: CaseView<WorkOrderContext>, unit: string): Promise<void>;
  /** Hotline cases the simulation may merge a duplicate into (并单), by grid. */
  recentByGrid: Map<string, string>;
}

/**
 * Create a {@link WorkOrderAgent}; it remembers each order's persona.
 *
 * @example
 * ```ts
 * const agent = workOrderAgent();
 * ```
 */
export function workOrderAgent(): WorkOrderAgent {
  const personas = new Map<string, WorkOrderPersona>();
  const recentByGrid = new Map<string, string>();
  const personaOf = (sim: SimContext, view: CaseView<WorkOrderContext>) => {
    let persona = personas.get(view.id);
    if (!persona) {
      const request = view.context.request;
      persona = drawPersona(sim.rng, sim.district, {
        orgUnit: view.orgUnit,
        category: request.category,
        requestType: request.requestType,
        fromHotline: request.channel === 'hotline',
      });
      personas.set(view.id, persona);
    }
    return persona;
  };

  return {
    recentByGrid,
    async act(sim, view) {
      const persona = personaOf(sim, view);
      const dispatcher = sim.one('district', 'dispatcher');
      const c = view.context;
      switch (view.state) {
        case 'submitted':
          return intake(sim, view, persona, dispatcher, recentByGrid);
        case 'pendingDispatch': {
          const leadUnit = persona.wrongUnits[0] ?? persona.rightUnit;
          const street = sim.district.above(view.orgUnit, 'street').id;
          // Street sub-centres dispatch what stays in the street; the command centre dispatches the rest.
          const by = leadUnit === street || sim.rng.chance(0.5) ? dispatcher : sim.one(street, 'streetStaff');
          // A department sometimes gets the community as co-handling unit (协办).
          const community = sim.district.above(view.orgUnit, 'community').id;
          const coUnits = leadUnit.startsWith('dept-') && sim.rng.chance(0.1) ? [community] : [];
          const done = await sim.send(view.id, by, { type: 'dispatch', leadUnit, coUnits });
          if (!done) return;
          const limit = done.context as unknown as WorkOrderContext;
          const within = limit.signForDueAt
            ? Date.parse(limit.signForDueAt) - sim.now().getTime()
            : 3_600_000;
          const wait = persona.lateSignFor
            ? sim.engine.calendar.addWorkingHours(
                new Date(sim.now().getTime() + within),
                sim.rng.between(0.5, 3),
              )
            : new Date(sim.now().getTime() + within * sim.rng.between(0.1, 0.8));
          return sim.at(view.id, wait);
        }
        case 'dispatched': {
          const unit = c.leadUnit ?? persona.rightUnit;
          const handler = handlerOf(sim, unit);
          if (persona.wrongUnits[0] === unit) {
            persona.wrongUnits.shift();
            await sim.send(view.id, handler, {
              type: 'return',
              reason: '经核实不属于本单位职责范围',
              suggestedUnit: persona.rightUnit,
            });
            return sim.later(view.id, sim.rng.between(0.5, 3));
          }
          await sim.send(view.id, handler, { type: 'signFor' });
          return sim.later(view.id, sim.rng.between(0.5, 4));
        }
        case 'returnReview': {
          const upheld = persona.upholdReturns;
          // A rejected return leaves the order with the unit, which then signs for it.
          if (!upheld) persona.wrongUnits = [];
          await sim.send(view.id, dispatcher, {
            type: 'reviewReturn',
            upheld,
            note: upheld ? '退单理由成立, 重新派单' : '经审核属贵单位职责, 请签收办理',
          });
          return sim.later(view.id, sim.rng.between(0.3, 2));
        }
        case 'replied':
          return verifyOrFollowUp(sim, view, persona, dispatcher);
        case 'followingUp':
          return followUpOrClose(sim, view, persona, dispatcher);
        default:
          if (view.state.startsWith('inProgress')) return handleInProgress(sim, view, persona, dispatcher);
      }
    },
    async reportIn(sim, view, unit) {
      const open = view.context.whistles.some((w) =>
        w.summons.some((s) => s.unit === unit && s.reportedAt === null),
      );
      if (!view.state.startsWith('inProgress') || !open) return;
      await sim.send(view.id, sim.one(unit, 'departmentHandler'), { type: 'reportIn', note: '已到场对接' });
    },
  };
}

async function intake(
  sim: SimContext,
  view: CaseView<WorkOrderContext>,
  persona: WorkOrderPersona,
  dispatcher: Actor,
  recentByGrid: Map<string, string>,
): Promise<void> {
  const master = recentByGrid.get(view.orgUnit);
  switch (persona.intake) {
    case 'notAccepted':
      await sim.send(view.id, dispatcher, {
        type: 'notAccepted',
        reason: '不属于热线受理范围, 已告知来电人渠道',
      });
      return;
    case 'answerOnSpot':
      await sim.send(view.id, dispatcher, {
        type: 'answerOnSpot',
        answer: '已依据政策当场解答',
        reason: view.context.request.requestType === 'consultation' ? 'explained' : 'resolved',
      });
      return;
    case 'withdraw':
      await sim.send(view.id, dispatcher, { type: 'withdraw', reason: '来电人表示问题已自行解决' });
      return;
    case 'merge':
      if (master && master !== view.id) {
        await sim.send(view.id, dispatcher, {
          type: 'merge',
          masterCaseId: master,
          note: '同一诉求重复来电',
        });
        return;
      }
  }
  await sim.send(view.id, dispatcher, { type: 'accept' });
  if (view.context.request.channel === 'hotline') recentByGrid.set(view.orgUnit, view.id);
  sim.later(view.id, sim.rng.between(0.2, 1.5));
}
