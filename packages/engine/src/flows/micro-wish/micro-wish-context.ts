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
  /** The resident who made the wish, if a member. */
  requesterId: string | null;
  /** Member id of who collected the wish. */
  collectedBy: string;
  /** When it was collected (ISO-8601). */
  createdAt: string;
  /** When it was published for claiming, or null. */
  publishedAt: string | null;
  /** Who published it, or null. */
  publishedBy: string | null;
  /** Points the claimer earns on confirmation; set when published. */
  points: number;
  /** Member responsible now, if any. */
  assignee: string | null;
  /** Who claimed it (领办), or null. */
  claimerId: string | null;
  /** Whether the claimer is a party member or a volunteer. */
  claimerRole: 'partyMember' | 'volunteer' | null;
  /** When it was claimed, or null. */
  claimedAt: string | null;
  /** How many times a claimer gave it back. */
  releaseCount: number;
  /** The fulfilment (实现): by whom, when, evidence and a note. */
  fulfilment: { by: string; at: string; evidence: string[]; note: string | null } | null;
  /** How many times the wisher disputed the fulfilment. */
  disputeCount: number;
  /** The latest dispute's reason, or null. */
  lastDisputeReason: string | null;
  /** Why the wish was rejected, or null. */
  rejectReason: string | null;
  /** Who confirmed the fulfilment: the wisher, or the timeout. */
  confirmedBy: 'wisher' | 'timeout' | null;
  /** When it closed, or null. */
  closedAt: string | null;
  /** How it ended, or null while open. */
  outcome: MicroWishOutcome | null;
}
