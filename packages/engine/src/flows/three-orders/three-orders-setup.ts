import { assign, setup } from 'xstate';
import { effect } from '../../flow/define-flow.js';
import type { LinkedCasePayload } from '../../runtime/commands/linked-cases.js';
import { workingDays } from '../../flow/working-time.js';
import {
  THREE_ORDERS_LIMITS,
  type ThreeOrdersContext,
  type ThreeOrdersOutcome,
} from './three-orders-context.js';
import type { ThreeOrdersEvent, ThreeOrdersInput } from './three-orders-events.js';
import type { Notice } from '../../effects/notice.js';
import { noticeBuilder, type TopicOf } from '../shared/notice.js';
import type { Role } from '../../types.js';

/**
 * What an action or delay of this machine is called with.
 *
 * @inline
 */
type Args = { context: ThreeOrdersContext; event: ThreeOrdersEvent };

/**
 * Types, actions, guards and working-day delays of the `three-orders` machine.
 *
 * @internal
 * @example
 * ```ts
 * const machine = threeOrdersSetup.createMachine({ ... });
 * ```
 */
export const threeOrdersSetup = setup({
  types: { context: {} as ThreeOrdersContext, events: {} as ThreeOrdersEvent, input: {} as ThreeOrdersInput },
  actions: {
    notify: effect<Notice>(),
    'gridflow.createCase': effect<LinkedCasePayload>(),
    close: assign(({ event }, params: { outcome: ThreeOrdersOutcome }) => ({
      outcome: params.outcome,
      closedAt: event.meta.at,
      assignee: null,
    })),
    // Confirmed by the resident or by the timeout: the outcome is what the member did.
    closeResolved: assign(({ context, event }) => ({
      outcome: context.resolution?.kind ?? 'solved',
      closedAt: event.meta.at,
      assignee: null,
    })),
    // 上报平台: the order becomes a linked `work-order`, which the order tracks.
    linkEscalation: assign(({ context }) => ({
      linkedCaseId: `${context.caseId}/work-order`,
      assignee: null,
    })),
    resolve: assign(({ event }) => {
      const by = event.meta.actor.id;
      if (event.type === 'explain') {
        return {
          resolution: { kind: 'explained', by, text: event.explanation, basis: event.basis, photos: [] },
        };
      }
      if (event.type === 'solveOnSpot' || event.type === 'solve') {
        return { resolution: { kind: 'solved', by, text: event.result, basis: null, photos: event.photos } };
      }
      return {};
    }),
  },
  guards: {
    isAssignee: ({ context, event }) => event.meta.actor.id === context.assignee,
    isLinkedCase: ({ context, event }) =>
      event.type === 'linkedCaseClosed' && event.caseId === context.linkedCaseId,
  },
  delays: {
    takeLimit: workingDays(THREE_ORDERS_LIMITS.takeDays),
    solveLimit: workingDays(THREE_ORDERS_LIMITS.solveDays),
    confirmLimit: workingDays(THREE_ORDERS_LIMITS.confirmDays),
    scheduledLimit: workingDays(
      ({ context }: { context: ThreeOrdersContext }) => context.schedule?.withinDays ?? 1,
    ),
  },
});

const orderNotices = noticeBuilder<ThreeOrdersContext, 'threeOrders'>(
  'three-orders',
  'threeOrders',
  (c) => `三单制 ${c.title}`,
);

/**
 * Who hears about an order: a role at the order's unit (resolved up the tree), the assignee or the requester.
 *
 * @internal
 * @example
 * ```ts
 * const partyOrg: OrderAudience = { role: 'partyOrg' };
 * ```
 */
export type OrderAudience = { role: Role } | { person: 'assignee' | 'requester' };

/**
 * A `notify` effect action: one notice per audience (none for a requester not on file); `answerable` offers
 * the topic's actions from `BUILT_IN_TOPICS`; `details` adds text and data read from the order.
 *
 * @internal
 * @example
 * ```ts
 * entry: notice('issued', { person: 'assignee' }, '党组织已下单, 请接单', true)
 * ```
 */
export const notice = (
  topic: TopicOf<'threeOrders'>,
  to: OrderAudience | readonly OrderAudience[],
  text: string,
  answerable = false,
  details?: (context: ThreeOrdersContext) => { text: string; data: Record<string, unknown> },
) =>
  threeOrdersSetup.enqueueActions(({ context, enqueue }) => {
    const recipients = ([] as OrderAudience[]).concat(to).map((who) => {
      if ('role' in who) return { unit: context.orgUnit, role: who.role };
      const member = who.person === 'assignee' ? context.assignee : context.requesterId;
      return member ? { member } : null;
    });
    const more = details?.(context);
    const spec = {
      topic,
      to: recipients,
      text: more ? `${text}${more.text}` : text,
      answerable,
      data: more?.data,
    };
    for (const action of orderNotices(context, spec)) enqueue(action);
  });

/**
 * The `gridflow.createCase` payload that turns an order into a platform `work-order` linked back to it.
 *
 * @internal
 * @example
 * ```ts
 * { type: 'gridflow.createCase', params: linkedWorkOrder }
 * ```
 */
export function linkedWorkOrder({ context, event }: Args): LinkedCasePayload {
  const escalation = event.type === 'escalate' ? event : undefined;
  return {
    flow: 'work-order',
    caseId: `${context.caseId}/work-order`,
    orgUnit: context.orgUnit,
    requesterId: context.requesterId,
    input: {
      title: context.title,
      description: [context.description, escalation?.reason].filter(Boolean).join('\n'),
      requestType: escalation?.requestType ?? 'help',
      urgency: escalation?.urgency ?? 'normal',
      category: context.category,
      channel: 'threeOrders',
      source: { flow: 'three-orders', caseId: context.caseId },
    },
  };
}
