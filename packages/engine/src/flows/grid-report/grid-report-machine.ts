import { assign, setup } from 'xstate';
import { effect } from '../../flow/define-flow.js';
import type { LinkedCasePayload } from '../../runtime/linked-cases.js';
import { workingDays } from '../../runtime/working-time.js';
import type { GridReportEvent, GridReportInput } from './grid-report-events.js';

/**
 * How a report ended, for metrics and the public record.
 *
 * @example
 * ```ts
 * const fixed: GridReportOutcome = 'fixedOnSpot';
 * ```
 */
export type GridReportOutcome = 'fixedOnSpot' | 'resolvedByCommunity' | 'closedByWorkOrder' | 'withdrawn';

/**
 * What a `grid-report` case remembers. `assignee` and `requesterId` feed the engine's indexed columns.
 *
 * @example
 * ```ts
 * if (c.context.outcome === 'closedByWorkOrder') console.log(c.context.linkedCaseId);
 * ```
 */
export interface GridReportContext extends Omit<GridReportInput, 'meta' | 'requesterId'> {
  requesterId: string | null;
  reporterId: string;
  assignee: string | null;
  createdAt: string;
  handedOverAt: string | null;
  /** True once the community let its working-day limit pass without acting. */
  communityOverdue: boolean;
  resolution: { by: string; note: string | null; afterPhotos: string[] } | null;
  linkedCaseId: string | null;
  linkedCloseReason: string | null;
  closedAt: string | null;
  outcome: GridReportOutcome | null;
}

/** A notification for the notifier adapter: who (by role at a unit, or a person) and which template. */
type Notice = { template: string; caseId: string; orgUnit: string; roles?: string[]; personId?: string };

/**
 * The 随手拍 machine: 受理 (reported) → 转办 (withCommunity) → 落实 (resolve) or a linked work order → 追踪
 * (tracking) → closed. The community's working-day limit is the case's deadline while it holds the report.
 *
 * @example
 * ```ts
 * import { initialTransition } from 'xstate';
 * const [snapshot] = initialTransition(gridReportMachine, input);
 * ```
 */
export const gridReportMachine = setup({
  types: {
    context: {} as GridReportContext,
    events: {} as GridReportEvent,
    input: {} as GridReportInput,
  },
  actions: {
    notify: effect<Notice>(),
    'gridflow.createCase': effect<LinkedCasePayload>(),
    close: assign(({ event }, params: { outcome: GridReportOutcome }) => ({
      outcome: params.outcome,
      closedAt: event.meta.at,
      assignee: null,
    })),
  },
  delays: {
    communityLimit: workingDays(({ context }: { context: GridReportContext }) => context.communityLimitDays),
  },
}).createMachine({
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
          actions: [
            assign(({ event }) => ({
              resolution: {
                by: event.meta.actor.id,
                note: event.note ?? null,
                afterPhotos: event.afterPhotos,
              },
            })),
            { type: 'close', params: { outcome: 'fixedOnSpot' } },
          ],
        },
        handOver: {
          target: 'withCommunity',
          actions: [
            assign(({ event }) => ({ handedOverAt: event.meta.at, assignee: null })),
            {
              type: 'notify',
              params: ({ context }) => ({
                template: 'gridReport.handedOver',
                caseId: context.caseId,
                orgUnit: context.orgUnit,
                roles: ['communityStaff'],
              }),
            },
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
            {
              type: 'notify',
              params: ({ context }) => ({
                template: 'gridReport.communityOverdue',
                caseId: context.caseId,
                orgUnit: context.orgUnit,
                roles: ['communityStaff', 'streetStaff'],
              }),
            },
          ],
        },
      },
      on: {
        resolve: {
          target: 'closed',
          actions: [
            assign(({ event }) => ({
              resolution: { by: event.meta.actor.id, note: event.result, afterPhotos: event.afterPhotos },
            })),
            { type: 'close', params: { outcome: 'resolvedByCommunity' } },
          ],
        },
        raiseWorkOrder: {
          target: 'tracking',
          actions: [
            assign(({ context }) => ({ linkedCaseId: `${context.caseId}/work-order` })),
            {
              type: 'gridflow.createCase',
              params: ({ context, event }) => ({
                flow: 'work-order',
                caseId: `${context.caseId}/work-order`,
                orgUnit: context.orgUnit,
                requesterId: context.requesterId,
                input: {
                  title: context.description.slice(0, 50),
                  description: [context.description, event.note].filter(Boolean).join('\n'),
                  category: context.category,
                  urgency: event.urgency,
                  photos: context.photos,
                  location: context.location,
                  source: 'grid-report',
                  parentCaseId: context.caseId,
                },
              }),
            },
          ],
        },
      },
    },
    tracking: {
      on: {
        linkedCaseClosed: {
          guard: ({ context, event }) => event.caseId === context.linkedCaseId,
          target: 'closed',
          actions: [
            assign(({ event }) => ({ linkedCloseReason: event.closeReason })),
            { type: 'close', params: { outcome: 'closedByWorkOrder' } },
          ],
        },
      },
    },
    closed: { type: 'final' },
  },
});
