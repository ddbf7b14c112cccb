import { workingDays, workingHours } from '../../flow/working-time.js';
import { deadlineIn } from '../../flow/working-time.js';
import type {
  EscalationEnqueue,
  EscalationLadder,
  EscalationTrigger,
} from '../escalation/escalation-ladder.js';
import {
  cancelSla,
  extendSla,
  pauseSla,
  resumeSla,
  type SlaClock,
  scheduleSla,
  startSla,
  type TimerEnqueue,
} from '../sla/sla-clock.js';
import type { NotifyAction } from '../shared/notice.js';
import type { WorkingDuration } from '../sla/sla-policy.js';
import type { WorkOrderContext } from './work-order-context.js';
import type { WorkOrderEventType } from './work-order-events.js';
import {
  commandCentreOf,
  dispatchersOf,
  handlersOf,
  leadOrDispatchers,
  notify,
  requesterOf,
  tierOf,
} from './work-order-notices.js';
import { summonsPatch, type WorkOrderCallerEvent, type WorkOrderMachineEvent } from './work-order-records.js';
import type { WorkOrderRules } from './work-order-rules.js';
import type { workOrderSetup } from './work-order-setup.js';

type Setup = ReturnType<typeof workOrderSetup>;

/**
 * XState types a raised event as a full machine event, but timer events carry no `meta` until the engine fires
 * them (as the system actor, adding `meta` then), so timers are raised through this structural view.
 */
export const timerEnqueue = (enqueue: unknown) => enqueue as TimerEnqueue;
const timers = timerEnqueue;

/** Narrow a machine event to the caller event a transition is declared for. */
export const ev = <K extends WorkOrderEventType>(event: WorkOrderMachineEvent, _type: K) =>
  event as WorkOrderCallerEvent<K>;

/** A working-time delay for `raise`, keeping the plan so the engine can re-plan it. */
export const delayOf = (d: WorkingDuration) =>
  d.unit === 'workingDays' ? workingDays(d.amount) : workingHours(d.amount);

const SIGN_FOR_DEADLINE = 'signForDeadline';
/** Id of the timer that ends an approved suspension (v3). */
export const SUSPENSION_LIMIT = 'suspensionLimit';
const reportInId = (whistleId: string, unit: string) => `reportIn:${whistleId}:${unit}`;

/**
 * The reusable actions of the work-order machine, built on one setup and one escalation ladder.
 *
 * @example
 * ```ts
 * const a = workOrderActions(workOrderSetup(), escalationLadder({ on: { slaBreach: true } }));
 * ```
 */
export function workOrderActions(s: Setup, ladder: EscalationLadder, rules: WorkOrderRules | null = null) {
  /** Escalate through the ladder with the context as it is after this transition's patch; tell the tier. */
  const escalate = (
    enqueue: unknown,
    context: WorkOrderContext,
    trigger: EscalationTrigger,
    event: WorkOrderMachineEvent,
  ) => {
    const q = enqueue as EscalationEnqueue & ((action: NotifyAction) => void);
    const step = ladder.escalate(q, context, trigger, event.meta, { returns: context.returnCount });
    if (!step) return;
    const { from, to } = step;
    notify(q, context, {
      topic: to ? 'escalated' : 'escalationTopReached',
      to: tierOf(to ?? from, rules !== null),
      text: to
        ? `工单 ${context.caseId} 因 ${trigger} 由 ${from} 升级至 ${to}`
        : `工单 ${context.caseId} 因 ${trigger} 需升级, 已在最高层级 ${from}`,
      data: { trigger, from, to },
    });
  };

  const runClock = (enqueue: { assign(p: { sla: SlaClock }): void }, sla: SlaClock) => {
    enqueue.assign({ sla });
    scheduleSla(timers(enqueue), sla);
  };

  return {
    ladder,
    escalate,
    /** Start the SLA clock if the policy starts it at `when` and it is not running yet. */
    startClockAt: (when: 'intake' | 'signFor') =>
      s.enqueueActions(({ context, event, enqueue }) => {
        if (context.sla.policy.clockStart !== when || context.sla.status !== 'idle') return;
        runClock(enqueue, startSla(context.sla, event.meta.at));
      }),
    stopClock: (status: 'paused' | 'stopped') =>
      s.enqueueActions(({ context, enqueue }) => {
        if (context.sla.status !== 'running') return;
        cancelSla(enqueue, context.sla);
        enqueue.assign({ sla: pauseSla(context.sla, status) });
      }),
    /** 挂起: pause only when the policy says suspension stops the clock. */
    pauseClockOnSuspend: s.enqueueActions(({ context, enqueue }) => {
      if (!context.sla.policy.pauseOnSuspend || context.sla.status !== 'running') return;
      cancelSla(enqueue, context.sla);
      enqueue.assign({ sla: pauseSla(context.sla, 'paused') });
    }),
    /** 延期审批: approval moves the deadline by the granted time. */
    decideExtension: (approved: boolean) =>
      s.enqueueActions(({ context, event, enqueue }) => {
        const pending = context.extensions.at(-1);
        if (pending?.decision !== 'pending') return;
        const granted = approved ? (ev(event, 'approveExtension').extra ?? pending.extra) : null;
        const decided = {
          ...pending,
          decision: approved ? ('approved' as const) : ('rejected' as const),
          granted,
        };
        enqueue.assign({ extensions: [...context.extensions.slice(0, -1), decided] });
        if (granted) {
          cancelSla(enqueue, context.sla);
          runClock(enqueue, extendSla(context.sla, granted));
        }
        const text = approved ? `延期申请已批准` : `延期申请未批准: ${ev(event, 'rejectExtension').reason}`;
        const topic = approved ? 'extensionApproved' : 'extensionRejected';
        notify(enqueue, context, { topic, to: leadOrDispatchers(context), text });
      }),
    recordVerify: s.assign(({ context, event }) => {
      const e = ev(event, 'verify');
      const record = {
        by: e.meta.actor.id,
        at: e.meta.at,
        passed: e.passed,
        photos: e.photos ?? [],
        note: e.note ?? null,
      };
      return { verifications: [...context.verifications, record] };
    }),
    recordRate: s.assign(({ context, event }) => {
      const e = ev(event, 'rate');
      const record = {
        by: e.meta.actor.id,
        at: e.meta.at,
        reached: true,
        rating: e.rating,
        comment: e.comment ?? null,
        unitAtFault: null,
      };
      return { followUps: [...context.followUps, record], rating: e.rating };
    }),
    recordFollowUp: s.assign(({ context, event }) => {
      const e = ev(event, 'followUp');
      const rating = e.reached ? (e.rating ?? null) : null;
      const unitAtFault = e.unitAtFault ?? null;
      const record = {
        by: e.meta.actor.id,
        at: e.meta.at,
        reached: e.reached,
        rating,
        comment: e.comment ?? null,
        unitAtFault,
      };
      return { followUps: [...context.followUps, record], rating: rating ?? context.rating, unitAtFault };
    }),
    /** 重办: counted, rating cleared for the next follow-up, and a fresh SLA period. */
    reopen: s.enqueueActions(({ context, event, enqueue }) => {
      const reason = event.type === 'reopen' ? event.reason : '回访不满意 (承办单位原因)';
      enqueue.assign({
        reopenCount: context.reopenCount + 1,
        reopens: [...context.reopens, { by: event.meta.actor.id, at: event.meta.at, reason }],
        rating: null,
      });
      const text = `工单 ${context.caseId} 重办: ${reason}`;
      notify(enqueue, context, { topic: 'reopened', to: leadOrDispatchers(context), text });
      cancelSla(enqueue, context.sla);
      runClock(enqueue, startSla(context.sla, event.meta.at));
    }),
    resumeClock: s.enqueueActions(({ context, enqueue }) => {
      if (context.sla.status !== 'paused' && context.sla.status !== 'stopped') return;
      runClock(enqueue, resumeSla(context.sla));
    }),
    /** A share of the handling time has passed: recorded, and whoever holds the order is told. */
    remindSla: s.enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'sla.reminder') return;
      enqueue.assign({
        sla: { ...context.sla, remindersSent: [...context.sla.remindersSent, event.fraction] },
      });
      const percent = Math.round(event.fraction * 100);
      notify(enqueue, context, {
        topic: 'slaReminder',
        to: leadOrDispatchers(context),
        text: `工单 ${context.caseId} 办理时限已过 ${percent}%`,
        data: { percent },
      });
    }),
    /** The deadline passed: not on time any more, told, and escalated if the ladder says so. */
    breachSla: s.enqueueActions(({ context, event, enqueue }) => {
      if (context.sla.breachedAt) return;
      const sla = {
        ...context.sla,
        breachedAt: event.meta.at,
        // v3: a suspension that overran its limit runs the paused clock out; nothing is left when it resumes.
        ...(rules && context.sla.status === 'paused' ? { remainingHours: 0 } : {}),
      };
      enqueue.assign({ sla, onTime: false });
      const text = `工单 ${context.caseId} 已超过办理时限`;
      // v3: the command centre (dispatchers and supervisors) hears of every breach, not only the unit.
      const to = rules
        ? [context.leadUnit ? handlersOf(context.leadUnit) : null, commandCentreOf(context)]
        : leadOrDispatchers(context);
      notify(enqueue, context, { topic: 'slaBreached', to, text });
      escalate(enqueue, { ...context, sla }, 'slaBreach', event);
    }),
    /** A summoned department missed its report-in deadline: recorded, and whoever blew the whistle is told. */
    markReportInLate: s.enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'whistle.late') return;
      enqueue.assign(summonsPatch(context, event.whistleId, event.unit, { late: true }));
      const whistler = context.whistles.find((w) => w.id === event.whistleId)?.by;
      const told = whistler ? { member: whistler } : dispatchersOf(context);
      notify(enqueue, context, {
        topic: 'reportInLate',
        // v3: a late 报到 is the command centre's business too, whoever blew the whistle.
        to: rules ? [told, commandCentreOf(context)] : told,
        text: `${event.unit} 未按时报到`,
        data: { whistleId: event.whistleId, unit: event.unit },
      });
    }),
    /** 签收时限: the sign-for timer of a dispatched order. */
    planSignFor: s.enqueueActions(({ context, enqueue }) => {
      const limit = context.sla.policy.signForWithin;
      enqueue.assign({ signForDueAt: deadlineIn(limit.amount, limit.unit), signForOverdue: false });
      timers(enqueue).raise({ type: 'signFor.overdue' }, { id: SIGN_FOR_DEADLINE, delay: delayOf(limit) });
    }),
    cancelSignFor: s.cancel(SIGN_FOR_DEADLINE),
    /** Summons timers for each department of the newest whistle. */
    planReportIns: s.enqueueActions(({ context, enqueue }) => {
      const whistle = context.whistles.at(-1);
      if (!whistle) return;
      for (const summons of whistle.summons) {
        const late = { type: 'whistle.late' as const, whistleId: whistle.id, unit: summons.unit };
        timers(enqueue).raise(late, {
          id: reportInId(whistle.id, summons.unit),
          delay: () => Date.parse(summons.dueAt) - Date.parse(deadlineIn(0, 'workingHours')),
        });
      }
    }),
    cancelReportIn: (enqueue: { cancel(id: string): void }, whistleId: string, unit: string) =>
      enqueue.cancel(reportInId(whistleId, unit)),
    /** Everything a closed case no longer needs: timers off, closing facts in. */
    finish: s.enqueueActions(({ context, event, enqueue }) => {
      cancelSla(enqueue, context.sla);
      enqueue.cancel(SIGN_FOR_DEADLINE);
      if (rules) enqueue.cancel(SUSPENSION_LIMIT);
      for (const w of context.whistles) {
        for (const summons of w.summons)
          if (!summons.reportedAt && !summons.late) enqueue.cancel(reportInId(w.id, summons.unit));
      }
      enqueue.assign({
        closedAt: event.meta.at,
        onTime: context.sla.breachedAt === null,
        sla: context.sla.status === 'running' ? { ...context.sla, status: 'stopped' as const } : context.sla,
      });
      const source = context.request.source;
      if (source) {
        // The case that raised this one (随手拍, 三单制) tracks it to closure.
        const closeReason = context.closeReason ?? (context.notAcceptedReason ? 'notAccepted' : undefined);
        const event = {
          type: 'linkedCaseClosed',
          caseId: context.caseId,
          ...(closeReason ? { closeReason } : {}),
        };
        enqueue({ type: 'gridflow.sendEvent', params: { caseId: source.caseId, event } });
      }
      const text = `您的诉求 ${context.caseId} 已办结`;
      notify(enqueue, context, { topic: 'closed', to: requesterOf(context), text });
    }),
  };
}
