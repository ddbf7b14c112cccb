import { and } from 'xstate';
import { ev, type workOrderActions } from './work-order-actions.js';
import type { Appeal } from './work-order-context.js';
import { dispatchersOf, handlersOf, notify } from './work-order-notices.js';
import { appealableRating } from './work-order-records.js';
import type { WorkOrderRules } from './work-order-rules.js';
import type { workOrderSetup } from './work-order-setup.js';
import { writeBackAction } from './work-order-write-back.js';

type Setup = ReturnType<typeof workOrderSetup>;
type Actions = ReturnType<typeof workOrderActions>;
type StatesConfig = NonNullable<Parameters<Setup['createMachine']>[0]['states']>;

/**
 * The states after the reply: `replied` (核查: verification) and `followingUp` (回访 and the rating, 重办, 办结).
 * From v3 the reply is verified before the requester rates it or is called back, unless its category is one the
 * flow skips verification for (`verificationSkipped`), and the lead unit may appeal an unsatisfied rating
 * (申诉, `appealReview`) before the case closes.
 *
 * @internal
 * @example
 * ```ts
 * states: { ...closingStates(s, a, { rules, urge, supervise }) }
 * ```
 */
export function closingStates<W extends object>(
  s: Setup,
  a: Actions,
  options: { rules: WorkOrderRules | null; urge: W; supervise: W },
) {
  const { rules, urge, supervise } = options;
  const reopening = {
    target: '#work-order.inProgress' as const,
    actions: [a.recordFollowUp, a.reopen],
  };
  const followUp = [
    { guard: 'unsatisfiedForUnitReasons' as const, ...reopening },
    { target: '#work-order.followingUp' as const, actions: a.recordFollowUp },
  ];
  // v3: 核查 first. Only a category that skips verification is called back or rated straight after the reply.
  const afterReply = rules
    ? {
        followUp: [
          { guard: and(['verificationSkipped', 'unsatisfiedForUnitReasons']), ...reopening },
          {
            guard: 'verificationSkipped' as const,
            target: '#work-order.followingUp' as const,
            actions: a.recordFollowUp,
          },
        ],
        rate: {
          guard: 'verificationSkipped' as const,
          target: 'followingUp' as const,
          actions: a.recordRate,
        },
      }
    : { followUp, rate: { target: 'followingUp' as const, actions: a.recordRate } };
  // v3 申诉: the lead unit appeals an unsatisfied rating; the command centre upholds or rejects it.
  const appealing = rules
    ? {
        on: {
          appealRating: { guard: 'appealable' as const, target: 'appealReview' as const, actions: appeal(s) },
        },
        states: {
          appealReview: { on: { decideAppeal: { target: 'followingUp' as const, actions: decide(s) } } },
        } as StatesConfig,
      }
    : { on: {}, states: {} as StatesConfig };
  return {
    replied: {
      on: {
        verify: [
          { guard: 'verifyPassed', target: 'followingUp', actions: a.recordVerify },
          { target: 'inProgress', actions: [a.recordVerify, a.resumeClock] },
        ],
        ...afterReply,
        urge,
        supervise,
      },
    },
    followingUp: {
      on: {
        followUp,
        rate: { actions: a.recordRate },
        reopen: { guard: 'ratedUnsatisfied', target: 'inProgress', actions: a.reopen },
        close: {
          target: 'closed',
          actions: [
            writeBackAction(s, 'close'),
            s.assign(({ event }) => {
              const e = ev(event, 'close');
              return { closeReason: e.reason, closeNote: e.note ?? null };
            }),
          ],
        },
        ...appealing.on,
      },
    },
    ...appealing.states,
  } satisfies StatesConfig as StatesConfig;
}

/** 申诉: recorded with the rating it is about; the command centre is told. */
function appeal(s: Setup) {
  return s.enqueueActions(({ context, event, enqueue }) => {
    const e = ev(event, 'appealRating');
    const rated = appealableRating(context);
    if (!rated) return;
    const record: Appeal = {
      unit: context.leadUnit ?? e.meta.actor.orgUnit,
      by: e.meta.actor.id,
      at: e.meta.at,
      reason: e.reason,
      ...rated,
      upheld: null,
      decidedBy: null,
      decidedAt: null,
      note: null,
    };
    enqueue.assign({ appeals: [...(context.appeals ?? []), record] });
    const text = `工单 ${context.caseId} 承办单位对不满意评价提出申诉: ${e.reason}`;
    notify(enqueue, context, { topic: 'appealed', to: dispatchersOf(context), text });
  });
}

/** The command centre's decision on the pending appeal; the unit is told. */
function decide(s: Setup) {
  return s.enqueueActions(({ context, event, enqueue }) => {
    const e = ev(event, 'decideAppeal');
    const appeals = context.appeals ?? [];
    const pending = appeals.at(-1);
    if (!pending || pending.upheld !== null) return;
    const decided = {
      ...pending,
      upheld: e.upheld,
      decidedBy: e.meta.actor.id,
      decidedAt: e.meta.at,
      note: e.note,
    };
    enqueue.assign({ appeals: [...appeals.slice(0, -1), decided] });
    const text = e.upheld ? `申诉成立: ${e.note}` : `申诉未获支持: ${e.note}`;
    notify(enqueue, context, {
      topic: 'appealDecided',
      to: handlersOf(pending.unit),
      text,
      data: { upheld: e.upheld },
    });
  });
}
