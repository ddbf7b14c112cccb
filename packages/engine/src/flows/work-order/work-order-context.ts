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
  /** Member id of who did it. */
  by: string;
  /** When (ISO-8601). */
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
  /** The summoned department. */
  unit: string;
  /** When it must report in by (ISO-8601). */
  dueAt: string;
  /** When it reported in (报到), or null. */
  reportedAt: string | null;
  /** True once its deadline passed without a report-in. */
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
  /** Why the case is suspended. */
  reason: string;
  /** Who suspended it or asked to. */
  by: string;
  /** When the suspension began (ISO-8601); null until approved. */
  from: string | null;
  /** When it ended (解挂), or null while it lasts. */
  to: string | null;
  /** v3: when it was requested. */
  at?: string;
  /** v3: the length asked for, if any. */
  length?: WorkingDuration | null;
  /** `lapsed`: the unit replied before anyone decided. */
  decision?: 'pending' | 'approved' | 'rejected' | 'lapsed';
  /** v3: the decision's note. */
  note?: string | null;
  /** v3: the length granted. */
  granted?: WorkingDuration | null;
  /** v3: when the granted time runs out. */
  limitAt?: string | null;
  /** v3: true once the suspension overran `limitAt`. */
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
  /** The unit appealing: the one that handled the case. */
  unit: string;
  /** Why the rating should not count against the unit. */
  reason: string;
  /** The rating appealed. */
  rating: Rating;
  /** When that rating was given (ISO-8601). */
  ratedAt: string;
  /** Index in `followUps` of the rating appealed. */
  followUp: number;
  /** The command centre's decision; null until decided. */
  upheld: boolean | null;
  /** Who decided, or null. */
  decidedBy: string | null;
  /** When it was decided (ISO-8601), or null. */
  decidedAt: string | null;
  /** The decision's note, or null. */
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
  /** The case's own id. */
  caseId: string;
  /** Org unit the case belongs to (the area of the problem). */
  orgUnit: string;
  /** The requester (resident) who owns the case, if any. */
  requesterId: string | null;
  /** Member id of who filed the case. */
  createdBy: string;
  /** When the case was filed (ISO-8601). */
  createdAt: string;
  /** The request as filed, with its request type and urgency resolved. */
  request: Omit<WorkOrderInput, 'ladder' | 'requestType' | 'urgency'> & {
    requestType: RequestType;
    urgency: Urgency;
  };
  /** Member responsible now, if any. */
  assignee: string | null;
  /** Units handling the case now: the lead unit and the co-handling units. */
  handlingUnits: string[];
  /** The lead handling unit (主办), or null before dispatch. */
  leadUnit: string | null;
  /** Co-handling units (协办). */
  coUnits: string[];
  /** The SLA clock: policy, status, deadline. */
  sla: SlaClock;
  /** Where the case is on its escalation ladder. */
  escalation: EscalationState;
  /** True once the case was marked hard (难事联办), which may escalate it. */
  hard: boolean;
  /** When it was accepted (受理), or null. */
  acceptedAt: string | null;
  /** Every dispatch (派单) and re-dispatch, oldest first. */
  dispatches: Array<Stamp & { leadUnit: string; coUnits: string[]; note: string | null }>;
  /** When it was last dispatched, or null. */
  dispatchedAt: string | null;
  /** When the current dispatch must be signed for by (签收时限), or null. */
  signForDueAt: string | null;
  /** True once that sign-for limit passed unsigned. */
  signForOverdue: boolean;
  /** When the current dispatch was signed for (签收), or null. */
  signedForAt: string | null;
  /** Response metric: the last sign-for came within the sign-for limit. */
  signedForOnTime: boolean | null;
  /** Every return (退单), with its dispute review when decided. */
  returns: Array<
    Stamp & { unit: string; reason: string; review: (Stamp & { upheld: boolean; note: string }) | null }
  >;
  /** How many times the case was returned. */
  returnCount: number;
  /** v3 (退单时限): a return is accepted until this instant, set at dispatch; absent without a limit. */
  returnDueAt?: string | null;
  /** Every suspension (挂起), oldest first. */
  suspensions: Suspension[];
  /** Every extension request (延期申请) and its decision. */
  extensions: Array<
    Stamp & {
      extra: WorkingDuration;
      reason: string;
      /** `lapsed`: the unit replied before anyone decided. */
      decision: 'pending' | 'approved' | 'rejected' | 'lapsed';
      granted: WorkingDuration | null;
    }
  >;
  /** Every whistle (吹哨) and the departments it summoned. */
  whistles: Array<Stamp & { id: string; reason: string; within: WorkingDuration; summons: Summons[] }>;
  /** v3: what the co-handling units (协办) reported of their part; absent until the first. */
  coReports?: Array<Stamp & { unit: string; result: string }>;
  /** Reminders (催办), oldest first. */
  urges: Array<Stamp & { note: string }>;
  /** Formal supervisions (督办), with the date they expect an answer by. */
  supervisions: Array<Stamp & { note: string; dueBy: string | null }>;
  /** When the unit replied (回复), or null. */
  repliedAt: string | null;
  /** The unit's reply: result, whether solved, and the text shown to the requester. */
  reply: { result: string; solved: boolean; publicReply: string } | null;
  /** Verifications (核查) of the result, with photos. */
  verifications: Array<Stamp & { passed: boolean; photos: string[]; note: string | null }>;
  /** Follow-up calls (回访): reached or not, rating and comment. */
  followUps: Array<
    Stamp & { reached: boolean; rating: Rating | null; comment: string | null; unitAtFault: boolean | null }
  >;
  /** The latest rating (满意度), or null. */
  rating: Rating | null;
  /** Whether dissatisfaction is the unit's fault, or null. */
  unitAtFault: boolean | null;
  /** v3: appeals (申诉) of unsatisfied ratings, oldest first; absent until the first. */
  appeals?: Appeal[];
  /** How many times the case was reopened (重办). */
  reopenCount: number;
  /** Every reopening, with its reason. */
  reopens: Array<Stamp & { reason: string }>;
  /** Why the request was not accepted (不予受理), or null. */
  notAcceptedReason: string | null;
  /** The master case this one was merged into (并单), or null. */
  masterCaseId: string | null;
  /** The answer given on the spot (直接答复), or null. */
  onSpotAnswer: string | null;
  /** When the case closed, or null. */
  closedAt: string | null;
  /** Why it closed (resolved, explained, duplicate ...), or null. */
  closeReason: CloseReason | null;
  /** A note on the closing, or null. */
  closeNote: string | null;
  /** Whether the SLA held: set when the case closes (false as soon as it is breached). */
  onTime: boolean | null;
}
