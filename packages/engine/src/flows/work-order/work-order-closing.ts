import { and } from 'xstate';
import { ev, type workOrderActions } from './work-order-actions.js';
import type { WorkOrderRules } from './work-order-rules.js';
import type { workOrderSetup } from './work-order-setup.js';

type Setup = ReturnType<typeof workOrderSetup>;
type Actions = ReturnType<typeof workOrderActions>;
type StatesConfig = NonNullable<Parameters<Setup['createMachine']>[0]['states']>;

/**
 * The states after the reply: `replied` (核查: verification) and `followingUp` (回访 and the rating, 重办, 办结).
 * From v3 the reply is verified before the requester rates it or is called back, unless its category is one the
 * flow skips verification for (`verificationSkipped`).
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
          actions: s.assign(({ event }) => {
            const e = ev(event, 'close');
            return { closeReason: e.reason, closeNote: e.note ?? null };
          }),
        },
      },
    },
  } satisfies StatesConfig as StatesConfig;
}
