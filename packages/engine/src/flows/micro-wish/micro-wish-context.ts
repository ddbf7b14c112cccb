import type { MicroWishInput } from './micro-wish-events.js';

/**
 * Working-day limit of `micro-wish` version 1: a fulfilment the wisher leaves unanswered for 5 working days
 * counts as confirmed, so a claimer is never left without the points for a wisher who cannot reply.
 *
 * @example
 * ```ts
 * MICRO_WISH_LIMITS.confirmDays; // 5
 * ```
 */
export const MICRO_WISH_LIMITS = Object.freeze({ confirmDays: 5 });

/**
 * How a wish ended.
 *
 * @example
 * ```ts
 * const o: MicroWishOutcome = 'fulfilled';
 * ```
 */
export type MicroWishOutcome = 'fulfilled' | 'rejected' | 'withdrawn';

/**
 * What a `micro-wish` case remembers. `requesterId` is the wisher; `assignee` the claimer while they work on it.
 *
 * @example
 * ```ts
 * if (c.context.outcome === 'fulfilled') console.log(c.context.claimerId, c.context.points);
 * ```
 */
export interface MicroWishContext extends Omit<MicroWishInput, 'meta' | 'requesterId'> {
  requesterId: string | null;
  collectedBy: string;
  createdAt: string;
  publishedAt: string | null;
  publishedBy: string | null;
  /** Points the claimer earns on confirmation; set when published. */
  points: number;
  assignee: string | null;
  claimerId: string | null;
  claimerRole: 'partyMember' | 'volunteer' | null;
  claimedAt: string | null;
  releaseCount: number;
  fulfilment: { by: string; at: string; evidence: string[]; note: string | null } | null;
  disputeCount: number;
  lastDisputeReason: string | null;
  rejectReason: string | null;
  confirmedBy: 'wisher' | 'timeout' | null;
  closedAt: string | null;
  outcome: MicroWishOutcome | null;
}
