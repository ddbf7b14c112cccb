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
  /** The resident the report is for, if any. */
  requesterId: string | null;
  /** Member id of the grid worker who reported it. */
  reporterId: string;
  /** Member responsible now, if any. */
  assignee: string | null;
  /** When it was reported (ISO-8601). */
  createdAt: string;
  /** When it was handed to the community, or null. */
  handedOverAt: string | null;
  /** True once the community let its working-day limit pass without acting. */
  communityOverdue: boolean;
  /** How it was resolved on the spot: by whom, a note, photos after. */
  resolution: { by: string; note: string | null; afterPhotos: string[] } | null;
  /** The work order it became, or null. */
  linkedCaseId: string | null;
  /** That work order's close reason, once it closed. */
  linkedCloseReason: string | null;
  /** When the report closed, or null. */
  closedAt: string | null;
  /** How it ended, or null while open. */
  outcome: GridReportOutcome | null;
}
