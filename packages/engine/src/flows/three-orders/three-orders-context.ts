import type { ThreeOrdersInput } from './three-orders-events.js';

/**
 * Working-day limits of `three-orders` version 1: take within 1 day of issue, solve within 5 days of taking (or,
 * scheduled for later, within the 1 to 5 days promised), and a result the resident leaves unanswered for 3 days
 * counts as confirmed (默认满意).
 *
 * @example
 * ```ts
 * THREE_ORDERS_LIMITS.solveDays; // 5
 * ```
 */
export const THREE_ORDERS_LIMITS = Object.freeze({ takeDays: 1, solveDays: 5, confirmDays: 3 });

/**
 * How an order ended.
 *
 * @example
 * ```ts
 * const o: ThreeOrdersOutcome = 'explained';
 * ```
 */
export type ThreeOrdersOutcome = 'solved' | 'explained' | 'escalated' | 'withdrawn';

/**
 * What a `three-orders` case remembers; `assignee` is the party member the order is issued to.
 *
 * @example
 * ```ts
 * if (c.context.disputeCount > 1) flagForSupervisor(c.id);
 * ```
 */
export interface ThreeOrdersContext extends Omit<ThreeOrdersInput, 'meta' | 'requesterId'> {
  /** The resident who placed the order (点单), if a member. */
  requesterId: string | null;
  /** Member id of who placed it. */
  placedBy: string;
  /** When it was placed (ISO-8601). */
  createdAt: string;
  /** Member responsible now, if any. */
  assignee: string | null;
  /** The party organisation member who issued it (下单), or null. */
  issuedBy: string | null;
  /** How many times it was issued. */
  issueCount: number;
  /** How many times a party member declined it. */
  declineCount: number;
  /** How many times the requester disputed the result. */
  disputeCount: number;
  /** The latest dispute's reason, or null. */
  lastDisputeReason: string | null;
  /** When the current issue must be taken by (接单时限); with `takenAt` it gives the response rate. */
  takeDueAt: string | null;
  /** When a party member took it (接单), or null. */
  takenAt: string | null;
  /** True once the take limit passed untaken. */
  takeOverdue: boolean;
  /** True once the solve limit, or the time promised when scheduling, passed without a result. */
  solveOverdue: boolean;
  /** 约期办理: the member's promise to solve the order later, and by when (`dueAt`, the case's deadline then). */
  schedule: {
    by: string;
    at: string;
    plan: string;
    professional: string | null;
    withinDays: number;
    dueAt: string;
  } | null;
  /** The result: solved or explained, by whom, with text, basis and photos. */
  resolution: {
    kind: 'solved' | 'explained';
    by: string;
    text: string;
    basis: string | null;
    photos: string[];
  } | null;
  /** The work order it was escalated into, or null. */
  linkedCaseId: string | null;
  /** That work order's close reason, once it closed. */
  linkedCloseReason: string | null;
  /** Who confirmed the result: the requester, or the timeout. */
  confirmedBy: 'requester' | 'timeout' | null;
  /** When it closed, or null. */
  closedAt: string | null;
  /** How it ended, or null while open. */
  outcome: ThreeOrdersOutcome | null;
}
