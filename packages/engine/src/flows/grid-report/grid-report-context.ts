import type { GridReportInput } from './grid-report-events.js';

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
 * What a `grid-report` case remembers. `assignee` and `requesterId` feed the engine's indexed columns;
 * `createdAt`, `closedAt`, `outcome` and `communityOverdue` feed metrics.
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
