import { assign } from 'xstate';
import { deadlineIn } from '../../flow/working-time.js';
import { THREE_ORDERS_LIMITS } from './three-orders-context.js';
import { linkedWorkOrder, notice, threeOrdersSetup } from './three-orders-setup.js';

/**
 * The 三单制 machine: 点单 (placed) → 下单 (issued) → 接单 (taken) → solved on the spot, scheduled and solved
 * later (约期办理: a professional comes the next day, by a promised deadline), explained, or escalated to a linked
 * `work-order`. A solved or explained order awaits the resident's confirmation; a dispute sends it back to the
 * party organisation to issue again. Only the named member may act on an issued order.
 *
 * @example
 * ```ts
 * import { initialTransition } from 'xstate';
 * const [snapshot] = initialTransition(threeOrdersMachine, input);
 * ```
 */
export const threeOrdersMachine = threeOrdersSetup.createMachine({
  id: 'three-orders',
  initial: 'placed',
  context: ({ input: { meta, requesterId, ...input } }) => ({
    ...input,
    requesterId: requesterId ?? null,
    placedBy: meta.actor.id,
    createdAt: meta.at,
    assignee: null,
    issuedBy: null,
    issueCount: 0,
    declineCount: 0,
    disputeCount: 0,
    lastDisputeReason: null,
    takeDueAt: null,
    takenAt: null,
    takeOverdue: false,
    solveOverdue: false,
    schedule: null,
    resolution: null,
    linkedCaseId: null,
    linkedCloseReason: null,
    confirmedBy: null,
    closedAt: null,
    outcome: null,
  }),
  states: {
    placed: {
      entry: notice('placed', { role: 'partyOrg' }, '群众点单, 请党组织下单'),
      on: {
        issueOrder: { target: 'issued' },
        cancel: { target: 'closed', actions: { type: 'close', params: { outcome: 'withdrawn' } } },
      },
    },
    issued: {
      entry: [
        assign(({ context, event }) => ({
          assignee: event.type === 'issueOrder' ? event.assignee : context.assignee,
          issuedBy: event.meta.actor.id,
          issueCount: context.issueCount + 1,
          takeDueAt: deadlineIn(THREE_ORDERS_LIMITS.takeDays),
          takenAt: null,
          takeOverdue: false,
        })),
        notice('issued', { person: 'assignee' }, '党组织已下单, 请接单', true),
      ],
      after: {
        takeLimit: {
          actions: [
            assign({ takeOverdue: true }),
            notice('notTaken', { role: 'partyOrg' }, '下单后逾期未接单'),
          ],
        },
      },
      on: {
        // Issuing again (to someone else) restarts the take limit.
        issueOrder: { target: 'issued', reenter: true },
        takeOrder: { guard: 'isAssignee', target: 'taken' },
        declineOrder: {
          guard: 'isAssignee',
          target: 'placed',
          actions: assign(({ context }) => ({ assignee: null, declineCount: context.declineCount + 1 })),
        },
        cancel: { target: 'closed', actions: { type: 'close', params: { outcome: 'withdrawn' } } },
      },
    },
    taken: {
      entry: assign(({ event }) => ({ takenAt: event.meta.at, solveOverdue: false })),
      after: {
        solveLimit: {
          actions: [
            assign({ solveOverdue: true }),
            notice('solveOverdue', [{ role: 'partyOrg' }, { person: 'assignee' }], '接单后逾期未办结'),
          ],
        },
      },
      on: {
        solveOnSpot: { guard: 'isAssignee', target: 'awaitingConfirmation', actions: 'resolve' },
        scheduleSolve: {
          guard: 'isAssignee',
          target: 'scheduled',
          actions: assign(({ event }) => {
            if (event.type !== 'scheduleSolve') return {};
            const { plan, professional, withinDays } = event;
            const due = deadlineIn(withinDays);
            const schedule = { by: event.meta.actor.id, at: event.meta.at, plan, withinDays, dueAt: due };
            return { schedule: { ...schedule, professional: professional ?? null } };
          }),
        },
        explain: { guard: 'isAssignee', target: 'awaitingConfirmation', actions: 'resolve' },
        escalate: {
          guard: 'isAssignee',
          target: 'escalated',
          actions: ['linkEscalation', { type: 'gridflow.createCase', params: linkedWorkOrder }],
        },
      },
    },
    // 约期办理: taken, to be solved by the promised time, which is the case's deadline meanwhile.
    scheduled: {
      entry: notice('scheduled', { person: 'requester' }, '党员已接单, 约期办理', false, ({ schedule }) => ({
        text: schedule ? `: ${schedule.plan}; 将于 ${schedule.dueAt} 前办结` : '',
        data: { dueAt: schedule?.dueAt, plan: schedule?.plan, professional: schedule?.professional },
      })),
      after: {
        scheduledLimit: {
          actions: [
            assign({ solveOverdue: true }),
            notice('solveOverdue', [{ role: 'partyOrg' }, { person: 'assignee' }], '约定时间已过, 仍未办结'),
          ],
        },
      },
      on: {
        solve: { guard: 'isAssignee', target: 'awaitingConfirmation', actions: 'resolve' },
        explain: { guard: 'isAssignee', target: 'awaitingConfirmation', actions: 'resolve' },
        escalate: {
          guard: 'isAssignee',
          target: 'escalated',
          actions: ['linkEscalation', { type: 'gridflow.createCase', params: linkedWorkOrder }],
        },
      },
    },
    awaitingConfirmation: {
      entry: notice('resultReady', { person: 'requester' }, '已办理, 请确认', true),
      after: {
        confirmLimit: { target: 'closed', actions: [assign({ confirmedBy: 'timeout' }), 'closeResolved'] },
      },
      on: {
        confirm: { target: 'closed', actions: [assign({ confirmedBy: 'requester' }), 'closeResolved'] },
        dispute: {
          target: 'placed',
          actions: assign(({ context, event }) => ({
            assignee: null,
            disputeCount: context.disputeCount + 1,
            lastDisputeReason: event.type === 'dispute' ? event.reason : null,
          })),
        },
      },
    },
    // 追踪: the platform owns it now; the work order tells us when it closes.
    escalated: {
      on: {
        linkedCaseClosed: {
          guard: 'isLinkedCase',
          target: 'closed',
          actions: [
            assign(({ event }) => ({
              linkedCloseReason: event.type === 'linkedCaseClosed' ? event.closeReason : null,
            })),
            { type: 'close', params: { outcome: 'escalated' } },
          ],
        },
      },
    },
    closed: { type: 'final' },
  },
});
