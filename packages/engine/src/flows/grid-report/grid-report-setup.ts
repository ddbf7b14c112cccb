import { assign, setup } from 'xstate';
import { effect } from '../../flow/define-flow.js';
import type { LinkedCasePayload } from '../../runtime/commands/linked-cases.js';
import { workingDays } from '../../flow/working-time.js';
import type { GridReportContext, GridReportOutcome } from './grid-report-context.js';
import type { GridReportEvent, GridReportInput } from './grid-report-events.js';
import type { Notice } from '../../effects/notice.js';
import { noticeBuilder, type TopicOf } from '../shared/notice.js';
import type { Role } from '../../types.js';

/**
 * What an action or delay of this machine is called with.
 *
 * @inline
 */
type Args = { context: GridReportContext; event: GridReportEvent };

/**
 * Types, actions and the working-day delay of the `grid-report` machine.
 *
 * @internal
 * @example
 * ```ts
 * const machine = gridReportSetup.createMachine({ ... });
 * ```
 */
export const gridReportSetup = setup({
  types: { context: {} as GridReportContext, events: {} as GridReportEvent, input: {} as GridReportInput },
  actions: {
    notify: effect<Notice>(),
    'gridflow.createCase': effect<LinkedCasePayload>(),
    close: assign(({ event }, params: { outcome: GridReportOutcome }) => ({
      outcome: params.outcome,
      closedAt: event.meta.at,
      assignee: null,
    })),
    recordResolution: assign(({ event }) => {
      if (event.type === 'fixOnSpot') {
        return {
          resolution: { by: event.meta.actor.id, note: event.note ?? null, afterPhotos: event.afterPhotos },
        };
      }
      if (event.type === 'resolve') {
        return {
          resolution: { by: event.meta.actor.id, note: event.result, afterPhotos: event.afterPhotos },
        };
      }
      return {};
    }),
  },
  guards: {
    isLinkedCase: ({ context, event }) =>
      event.type === 'linkedCaseClosed' && event.caseId === context.linkedCaseId,
  },
  delays: {
    communityLimit: workingDays(({ context }: { context: GridReportContext }) => context.communityLimitDays),
  },
});

const reportNotices = noticeBuilder<GridReportContext, 'gridReport'>(
  'grid-report',
  'gridReport',
  (c) => `随手拍 ${c.caseId}`,
);

/**
 * A `notify` effect action telling a role at the report's unit; the machine knows only that unit (the grid),
 * so the notifier resolves the role from there up the tree. `answerable` offers the topic's actions.
 *
 * @internal
 * @example
 * ```ts
 * notice('handedOver', 'communityStaff', '网格员上报, 请社区处置', true)
 * ```
 */
export const notice = (topic: TopicOf<'gridReport'>, role: Role, text: string, answerable = false) =>
  gridReportSetup.enqueueActions(({ context, enqueue }) => {
    const to = { unit: context.orgUnit, role };
    for (const action of reportNotices(context, { topic, to, text, answerable })) enqueue(action);
  });

const OUTCOME_TEXT: Record<GridReportOutcome, string> = {
  fixedOnSpot: '已当场处置, 已办结',
  resolvedByCommunity: '社区已处置, 已办结',
  closedByWorkOrder: '关联工单已办结, 随手拍已办结',
  withdrawn: '已撤回',
};

/**
 * Entry action of `closed`: tell the reporter (the grid worker who reported it) how the report ended, unless
 * the reporter closed it themselves (fixed on the spot, withdrew it).
 *
 * @internal
 * @example
 * ```ts
 * closed: { type: 'final', entry: reporterHearsClosed }
 * ```
 */
export const reporterHearsClosed = gridReportSetup.enqueueActions(({ context, event, enqueue }) => {
  if (event.meta.actor.id === context.reporterId) return;
  const outcome = context.outcome;
  const text = outcome ? OUTCOME_TEXT[outcome] : '已办结';
  const data = { outcome, linkedCloseReason: context.linkedCloseReason };
  const to = { member: context.reporterId };
  for (const action of reportNotices(context, { topic: 'closed', to, text, data })) enqueue(action);
});

/**
 * The `gridflow.createCase` payload that raises the linked `work-order`, in that flow's input shape.
 *
 * @internal
 * @example
 * ```ts
 * { type: 'gridflow.createCase', params: linkedWorkOrder }
 * ```
 */
export function linkedWorkOrder({ context, event }: Args): LinkedCasePayload {
  const raise = event.type === 'raiseWorkOrder' ? event : undefined;
  return {
    flow: 'work-order',
    caseId: `${context.caseId}/work-order`,
    orgUnit: context.orgUnit,
    requesterId: context.requesterId,
    input: {
      title: context.description.slice(0, 50),
      description: [context.description, raise?.note].filter(Boolean).join('\n'),
      requestType: raise?.requestType ?? 'help',
      urgency: raise?.urgency ?? 'normal',
      category: context.category,
      channel: 'gridReport',
      location: context.location,
      photos: context.photos,
      source: { flow: 'grid-report', caseId: context.caseId },
    },
  };
}
