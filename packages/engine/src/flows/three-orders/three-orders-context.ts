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
  requesterId: string | null;
  placedBy: string;
  createdAt: string;
  assignee: string | null;
  issuedBy: string | null;
  issueCount: number;
  declineCount: number;
  disputeCount: number;
  lastDisputeReason: string | null;
  /** When the current issue must be taken by (接单时限); with `takenAt` it gives the response rate. */
  takeDueAt: string | null;
  takenAt: string | null;
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
  resolution: {
    kind: 'solved' | 'explained';
    by: string;
    text: string;
    basis: string | null;
    photos: string[];
  } | null;
  linkedCaseId: string | null;
  linkedCloseReason: string | null;
  confirmedBy: 'requester' | 'timeout' | null;
  closedAt: string | null;
  outcome: ThreeOrdersOutcome | null;
}
