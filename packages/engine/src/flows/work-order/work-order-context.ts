import type { EscalationState } from '../escalation/escalation-ladder.js';
import type { SlaClock } from '../sla/sla-clock.js';
import type { RequestType, Urgency, WorkingDuration } from '../sla/sla-policy.js';
import type { CloseReason, Rating } from './work-order-events.js';
import type { WorkOrderInput } from './work-order-input.js';

/**
 * Who did something when; every record kept in a work order's context carries one.
 *
 * @example
 * ```ts
 * const stamp: Stamp = { by: 'u-li', at: '2026-09-30T02:00:00.000Z' };
 * ```
 */
export interface Stamp {
  by: string;
  at: string;
}

/**
 * One summoned department of a whistle (吹哨) and whether it reported in (报到) on time.
 *
 * @example
 * ```ts
 * const s: Summons = { unit: 'dept-housing', dueAt: '2026-10-09T02:00:00.000Z', reportedAt: null, late: false };
 * ```
 */
export interface Summons {
  unit: string;
  dueAt: string;
  reportedAt: string | null;
  late: boolean;
}

/**
 * One suspension (挂起): from when to when, by whom and why. From v3 a suspension is requested and decided first:
 * `from` is null until it is approved, and the request's `at`, asked `length`, `decision`, the time `granted`,
 * when it runs out (`limitAt`) and whether it overran its limit (`overdue`) are kept too.
 *
 * @example
 * ```ts
 * const s: Suspension = { reason: '等待配件', by: 'u-house', from: '2026-10-08T02:00:00.000Z', to: null };
 * ```
 */
export interface Suspension {
  reason: string;
  by: string;
  from: string | null;
  to: string | null;
  at?: string;
  length?: WorkingDuration | null;
  /** `lapsed`: the unit replied before anyone decided. */
  decision?: 'pending' | 'approved' | 'rejected' | 'lapsed';
  note?: string | null;
  granted?: WorkingDuration | null;
  limitAt?: string | null;
  overdue?: boolean;
}

/**
 * An appeal (申诉, v3) of an unsatisfied rating by the unit that handled the case: which rating (the time it was
 * given), why, and the command centre's decision (`upheld` is null until decided). An upheld appeal takes the
 * rating out of that unit's satisfaction (考核); the journal has it too (`appealRating`, `decideAppeal`).
 *
 * @example
 * ```ts
 * const a: Appeal = { unit: 'dept-housing', by: 'u-house', at: '2026-10-12T02:00:00.000Z', reason: '诉求超出政策',
 *   rating: 'unsatisfied', ratedAt: '2026-10-10T02:00:00.000Z', followUp: 0, upheld: true, decidedBy: 'u-disp',
 *   decidedAt: '2026-10-13T02:00:00.000Z', note: '属实' };
 * ```
 */
export interface Appeal extends Stamp {
  unit: string;
  reason: string;
  rating: Rating;
  ratedAt: string;
  /** Index in `followUps` of the rating appealed. */
  followUp: number;
  upheld: boolean | null;
  decidedBy: string | null;
  decidedAt: string | null;
  note: string | null;
}

/**
 * A work order's context. Besides the request, it keeps every fact the district metrics need (sign-for and
 * reply times, rating, returns, reopenings, escalations, whether the SLA held) so metrics can be computed from
 * cases and the journal alone. `orgUnit`, `assignee`, `requesterId` and `handlingUnits` feed the case columns.
 *
 * @example
 * ```ts
 * const view = await engine.getCase<WorkOrderContext>(id);
 * console.log(view.context.returnCount, view.context.rating, view.context.onTime);
 * ```
 */
export interface WorkOrderContext {
  caseId: string;
  orgUnit: string;
  requesterId: string | null;
  createdBy: string;
  createdAt: string;
  request: Omit<WorkOrderInput, 'ladder' | 'requestType' | 'urgency'> & {
    requestType: RequestType;
    urgency: Urgency;
  };
  assignee: string | null;
  handlingUnits: string[];
  leadUnit: string | null;
  coUnits: string[];
  sla: SlaClock;
  escalation: EscalationState;
  hard: boolean;
  acceptedAt: string | null;
  dispatches: Array<Stamp & { leadUnit: string; coUnits: string[]; note: string | null }>;
  dispatchedAt: string | null;
  signForDueAt: string | null;
  signForOverdue: boolean;
  signedForAt: string | null;
  /** Response metric: the last sign-for came within the sign-for limit. */
  signedForOnTime: boolean | null;
  returns: Array<
    Stamp & { unit: string; reason: string; review: (Stamp & { upheld: boolean; note: string }) | null }
  >;
  returnCount: number;
  /** v3 (退单时限): a return is accepted until this instant, set at dispatch; absent without a limit. */
  returnDueAt?: string | null;
  suspensions: Suspension[];
  extensions: Array<
    Stamp & {
      extra: WorkingDuration;
      reason: string;
      /** `lapsed`: the unit replied before anyone decided. */
      decision: 'pending' | 'approved' | 'rejected' | 'lapsed';
      granted: WorkingDuration | null;
    }
  >;
  whistles: Array<Stamp & { id: string; reason: string; within: WorkingDuration; summons: Summons[] }>;
  /** v3: what the co-handling units (协办) reported of their part; absent until the first. */
  coReports?: Array<Stamp & { unit: string; result: string }>;
  urges: Array<Stamp & { note: string }>;
  supervisions: Array<Stamp & { note: string; dueBy: string | null }>;
  repliedAt: string | null;
  reply: { result: string; solved: boolean; publicReply: string } | null;
  verifications: Array<Stamp & { passed: boolean; photos: string[]; note: string | null }>;
  followUps: Array<
    Stamp & { reached: boolean; rating: Rating | null; comment: string | null; unitAtFault: boolean | null }
  >;
  rating: Rating | null;
  unitAtFault: boolean | null;
  /** v3: appeals (申诉) of unsatisfied ratings, oldest first; absent until the first. */
  appeals?: Appeal[];
  reopenCount: number;
  reopens: Array<Stamp & { reason: string }>;
  notAcceptedReason: string | null;
  masterCaseId: string | null;
  onSpotAnswer: string | null;
  closedAt: string | null;
  closeReason: CloseReason | null;
  closeNote: string | null;
  /** Whether the SLA held: set when the case closes (false as soon as it is breached). */
  onTime: boolean | null;
}
