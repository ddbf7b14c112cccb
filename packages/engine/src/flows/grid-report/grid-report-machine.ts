import { assign } from 'xstate';
import { gridReportSetup, linkedWorkOrder, notice, reporterHearsClosed } from './grid-report-setup.js';

/**
 * The 随手拍 machine: 受理 (reported) → 转办 (withCommunity) → 落实 (resolve) or a linked work order → 追踪
 * (tracking) → closed, which tells the reporter (反馈). The community's working-day limit is the case's deadline while it holds the report;
 * passing it marks the report overdue and tells the community and street, without moving it.
 *
 * @example
 * ```ts
 * import { initialTransition } from 'xstate';
 * const [snapshot] = initialTransition(gridReportMachine, input);
 * ```
 */
export const gridReportMachine = gridReportSetup.createMachine({
  id: 'grid-report',
  initial: 'reported',
  context: ({ input: { meta, requesterId, ...input } }) => ({
    ...input,
    requesterId: requesterId ?? null,
    reporterId: meta.actor.id,
    assignee: meta.actor.id,
    createdAt: meta.at,
    handedOverAt: null,
    communityOverdue: false,
    resolution: null,
    linkedCaseId: null,
    linkedCloseReason: null,
    closedAt: null,
    outcome: null,
  }),
  states: {
    reported: {
      on: {
        fixOnSpot: {
          target: 'closed',
          actions: ['recordResolution', { type: 'close', params: { outcome: 'fixedOnSpot' } }],
        },
        handOver: {
          target: 'withCommunity',
          actions: [
            assign(({ event }) => ({ handedOverAt: event.meta.at, assignee: null })),
            notice('handedOver', 'communityStaff', '网格员上报, 请社区处置', true),
          ],
        },
        withdraw: { target: 'closed', actions: { type: 'close', params: { outcome: 'withdrawn' } } },
      },
    },
    withCommunity: {
      after: {
        communityLimit: {
          actions: [
            assign({ communityOverdue: true }),
            notice('communityOverdue', 'communityStaff', '社区处置已超时', true),
            notice('communityOverdue', 'streetStaff', '社区处置已超时'),
          ],
        },
      },
      on: {
        resolve: {
          target: 'closed',
          actions: ['recordResolution', { type: 'close', params: { outcome: 'resolvedByCommunity' } }],
        },
        raiseWorkOrder: {
          target: 'tracking',
          actions: [
            assign(({ context }) => ({ linkedCaseId: `${context.caseId}/work-order` })),
            { type: 'gridflow.createCase', params: linkedWorkOrder },
          ],
        },
      },
    },
    tracking: {
      on: {
        linkedCaseClosed: {
          guard: 'isLinkedCase',
          target: 'closed',
          actions: [
            assign(({ event }) => ({ linkedCloseReason: event.closeReason ?? null })),
            { type: 'close', params: { outcome: 'closedByWorkOrder' } },
          ],
        },
      },
    },
    // The reporter hears how it ended (反馈), unless they closed it themselves.
    closed: { type: 'final', entry: reporterHearsClosed },
  },
});
