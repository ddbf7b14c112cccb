import { deadlineIn } from '../../flow/working-time.js';
import { type EscalationConfig, escalationLadder } from '../escalation/escalation-ladder.js';
import type { SlaPolicy } from '../sla/sla-policy.js';
import { ev, workOrderActions } from './work-order-actions.js';
import { dispatchersOf, handlersOf, leadOrDispatchers, notify } from './work-order-notices.js';
import { dispatchPatch, returnPatch, reviewPatch } from './work-order-records.js';
import type { WorkOrderRules } from './work-order-rules.js';
import { closingStates } from './work-order-closing.js';
import { inProgressState } from './work-order-in-progress.js';
import { initialWorkOrderContext, workOrderSetup } from './work-order-setup.js';
import { writeBackAction } from './work-order-write-back.js';

/**
 * What differs between work-order versions and districts.
 *
 * @example
 * ```ts
 * buildWorkOrderMachine({ disputeReview: true, slaPolicies: defaultSlaPolicies,
 *   escalation: { on: { slaBreach: true, returns: 2, hard: true } } });
 * ```
 */
export interface WorkOrderMachineOptions {
  /** v2: a return (退单) goes to dispute review (退单审核) instead of straight back to dispatch. */
  disputeReview: boolean;
  /** SLA policies by request type, urgency and category. */
  slaPolicies: readonly SlaPolicy[];
  /** When and how the case escalates. */
  escalation: EscalationConfig;
  /** v3: the district's rules (see {@link WorkOrderRules}); absent or null in versions 1 and 2. */
  rules?: WorkOrderRules | null;
}

const _DEFAULT_REPORT_IN = { amount: 1, unit: 'workingDays' } as const;

/**
 * Build the work-order (接诉即办) machine. States: `submitted` → `closed` (直办) | `notAccepted` | `merged` |
 * `pendingDispatch` → `dispatched` → `inProgress` (`working` | `suspended` | `extensionRequested`) → `replied` →
 * `followingUp` → `closed`; v2 adds `returnReview` after a return.
 *
 * @example
 * ```ts
 * const machine = buildWorkOrderMachine({ disputeReview: false, slaPolicies: defaultSlaPolicies,
 *   escalation: { on: { slaBreach: true } } });
 * ```
 */
export function buildWorkOrderMachine(options: WorkOrderMachineOptions) {
  const s = workOrderSetup(options.rules ?? null);
  const ladder = escalationLadder(options.escalation);
  const rules = options.rules ?? null;
  const a = workOrderActions(s, ladder, rules);

  const withdraw = {
    target: '#work-order.closed',
    actions: s.assign(({ event }) => ({
      closeReason: 'withdrawn' as const,
      closeNote: ev(event, 'withdraw').reason ?? null,
    })),
  };
  const urge = {
    actions: s.enqueueActions(({ context, event, enqueue }) => {
      const e = ev(event, 'urge');
      enqueue.assign({ urges: [...context.urges, { by: e.meta.actor.id, at: e.meta.at, note: e.note }] });
      notify(enqueue, context, { topic: 'urged', to: leadOrDispatchers(context), text: `催办: ${e.note}` });
    }),
  };
  const supervise = {
    actions: s.enqueueActions(({ context, event, enqueue }) => {
      const e = ev(event, 'supervise');
      const record = { by: e.meta.actor.id, at: e.meta.at, note: e.note, dueBy: e.dueBy ?? null };
      enqueue.assign({ supervisions: [...context.supervisions, record] });
      const text = `督办: ${e.note}`;
      notify(enqueue, context, { topic: 'supervised', to: leadOrDispatchers(context), text });
    }),
  };
  const watched = { urge, supervise, withdraw };
  const dispatchTo = s.enqueueActions(({ context, event, enqueue }) => {
    const e = ev(event, event.type === 'reassign' ? 'reassign' : 'dispatch');
    const patch = dispatchPatch(context, e, rules !== null);
    enqueue.assign(patch);
    // v3 退单时限: the unit may return the order only within the limit from now.
    if (rules?.returnWithin) {
      enqueue.assign({ returnDueAt: deadlineIn(rules.returnWithin.amount, rules.returnWithin.unit) });
    }
    const text = `新派工单 ${context.caseId}: ${context.request.title}`;
    // Only the lead unit (主办) signs for the order; co-handling units (协办) report their own part.
    const lead = { topic: 'dispatched', text, answerable: true, data: { handling: 'lead' } } as const;
    notify(enqueue, context, { ...lead, to: handlersOf(patch.leadUnit) });
    const co = { topic: 'dispatched', text, data: { handling: 'co' } } as const;
    notify(enqueue, context, { ...co, to: patch.coUnits.map(handlersOf) });
  });
  const returned = s.enqueueActions(({ context, event, enqueue }) => {
    const patch = returnPatch(context, ev(event, 'return'));
    enqueue.assign(patch);
    const text = `工单 ${context.caseId} 被退单: ${ev(event, 'return').reason}`;
    notify(enqueue, context, { topic: 'returned', to: dispatchersOf(context), text });
    a.escalate(enqueue, { ...context, ...patch }, 'returns', event);
  });
  return s.createMachine({
    id: 'work-order',
    initial: 'submitted',
    meta: {
      slaPolicies: options.slaPolicies,
      escalation: ladder.config,
      disputeReview: options.disputeReview,
      ...(rules ? { rules } : {}),
    },
    context: ({ input }) => initialWorkOrderContext(input, options.slaPolicies),
    on: {
      'sla.reminder': { actions: a.remindSla },
      'sla.breach': { actions: a.breachSla },
      'whistle.late': { actions: a.markReportInLate },
    },
    states: {
      submitted: {
        on: {
          accept: {
            target: 'pendingDispatch',
            actions: [s.assign(({ event }) => ({ acceptedAt: event.meta.at })), a.startClockAt('intake')],
          },
          notAccepted: {
            target: 'notAccepted',
            actions: s.assign(({ event }) => ({ notAcceptedReason: ev(event, 'notAccepted').reason })),
          },
          answerOnSpot: {
            target: 'closed',
            actions: s.assign(({ event }) => {
              const e = ev(event, 'answerOnSpot');
              return { onSpotAnswer: e.answer, closeReason: e.reason ?? 'resolved' };
            }),
          },
          merge: {
            target: 'merged',
            actions: s.assign(({ event }) => ({ masterCaseId: ev(event, 'merge').masterCaseId })),
          },
          withdraw,
        },
      },
      pendingDispatch: {
        on: {
          dispatch: { target: 'dispatched', actions: dispatchTo },
          merge: {
            target: 'merged',
            actions: s.assign(({ event }) => ({ masterCaseId: ev(event, 'merge').masterCaseId })),
          },
          ...watched,
        },
      },
      dispatched: {
        entry: a.planSignFor,
        exit: a.cancelSignFor,
        on: {
          signFor: {
            target: 'inProgress',
            actions: [
              writeBackAction(s, 'signFor'),
              s.assign(({ context, event }) => ({
                signedForAt: event.meta.at,
                signedForOnTime:
                  !context.signForOverdue &&
                  (context.signForDueAt === null || event.meta.at < context.signForDueAt),
                assignee: event.meta.actor.id,
              })),
              a.startClockAt('signFor'),
            ],
          },
          return: {
            ...(rules ? { guard: 'withinReturnLimit' as const } : {}),
            target: options.disputeReview ? 'returnReview' : 'pendingDispatch',
            actions: [writeBackAction(s, 'return'), returned],
          },
          reassign: { target: 'dispatched', reenter: true, actions: dispatchTo },
          'signFor.overdue': {
            actions: s.enqueueActions(({ context, event, enqueue }) => {
              enqueue.assign({ signForOverdue: true });
              notify(enqueue, context, {
                topic: 'signForOverdue',
                to: leadOrDispatchers(context),
                text: `工单 ${context.caseId} 超时未签收`,
                answerable: context.leadUnit !== null,
              });
              a.escalate(enqueue, context, 'signForOverdue', event);
            }),
          },
          ...watched,
        },
      },
      // v2's dispute review (退单审核); v1 has no such state, so its diagram and snapshots never show one.
      ...(options.disputeReview
        ? {
            returnReview: {
              on: {
                reviewReturn: [
                  {
                    guard: 'returnUpheld',
                    target: 'pendingDispatch',
                    actions: s.assign(({ context, event }) =>
                      reviewPatch(context, ev(event, 'reviewReturn'), rules !== null),
                    ),
                  },
                  {
                    target: 'dispatched',
                    actions: s.enqueueActions(({ context, event, enqueue }) => {
                      const next = {
                        ...context,
                        ...reviewPatch(context, ev(event, 'reviewReturn'), rules !== null),
                      };
                      enqueue.assign(reviewPatch(context, ev(event, 'reviewReturn'), rules !== null));
                      notify(enqueue, next, {
                        topic: 'returnRejected',
                        to: leadOrDispatchers(next),
                        text: `退单未通过审核, 请签收办理: ${ev(event, 'reviewReturn').note}`,
                        answerable: next.leadUnit !== null,
                      });
                    }),
                  },
                ],
                ...watched,
              },
            },
          }
        : {}),
      inProgress: inProgressState(s, a, { rules, watched }),
      ...closingStates(s, a, { rules, urge, supervise }),
      closed: { type: 'final', entry: a.finish },
      notAccepted: { type: 'final', entry: a.finish },
      merged: { type: 'final', entry: [s.assign({ closeReason: 'duplicate' }), a.finish] },
    },
  });
}
