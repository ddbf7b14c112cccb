import { assign, setup } from 'xstate';
import { effect } from '../../flow/define-flow.js';
import type { LinkedCasePayload } from '../../runtime/commands/linked-cases.js';
import { workingDays } from '../../flow/working-time.js';
import type { GridReportContext, GridReportOutcome } from './grid-report-context.js';
import type { GridReportEvent, GridReportInput } from './grid-report-events.js';
import type { NotifyParams } from '../escalation/notify-params.js';
import { noticeBuilder } from '../shared/notice.js';

type Args = { context: GridReportContext; event: GridReportEvent };

// The machine knows only the report's own unit (the grid): the notifier resolves a role from there up the tree.
const toReport = noticeBuilder<GridReportContext>('gridReport', (c) => `随手拍 ${c.caseId}`);

/**
 * A `notify` effect action telling a role at the report's unit about the report.
 *
 * @internal
 * @example
 * ```ts
 * notice('handedOver', 'communityStaff', '随手拍已转社区')
 * ```
 */
export const notice = (topic: string, role: string, text: string) => toReport(topic, { role }, text);

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
    notify: effect<NotifyParams>(),
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
