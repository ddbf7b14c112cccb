import { z } from 'zod';
import { idRef, longText, photoUrls } from '../shared/fields.js';
import { workingDurationSchema } from '../sla/sla-policy.js';

/**
 * The 5-level satisfaction rating (满意度): 非常满意, 满意, 基本满意, 不满意, 非常不满意.
 *
 * @example
 * ```ts
 * ratingSchema.parse('basicallySatisfied');
 * ```
 */
export const ratingSchema = z.enum([
  'verySatisfied',
  'satisfied',
  'basicallySatisfied',
  'unsatisfied',
  'veryUnsatisfied',
]);

/**
 * Why a case closed (办结原因). `withdrawn` and `duplicate` are set by `withdraw` and `merge`.
 *
 * @example
 * ```ts
 * closeReasonSchema.parse('partiallyResolved');
 * ```
 */
export const closeReasonSchema = z.enum([
  'resolved',
  'partiallyResolved',
  'explained',
  'notResponsible',
  'referred',
  'duplicate',
  'withdrawn',
]);

/**
 * A 5-level rating.
 *
 * @example
 * ```ts
 * const r: Rating = 'satisfied';
 * ```
 */
export type Rating = z.infer<typeof ratingSchema>;

/**
 * A close reason.
 *
 * @example
 * ```ts
 * const why: CloseReason = 'explained';
 * ```
 */
export type CloseReason = z.infer<typeof closeReasonSchema>;

const text = longText;
const units = z.array(idRef).max(20);

/**
 * Payload schemas of every `work-order` event a caller may send (strict: an unknown field is rejected by name).
 * Version 2 adds `reviewReturn`; version 3 adds the suspension's approval and appeals, and takes a `length` with
 * `suspend`.
 *
 * @example
 * ```ts
 * workOrderEvents.reply.parse({ result: '已更换灯泡', solved: true, publicReply: '路灯已修复' });
 * ```
 */
export const workOrderEvents = {
  /** 受理 */
  accept: z.object({ note: text.optional() }).strict(),
  /** 不予受理 */
  notAccepted: z.object({ reason: text }).strict(),
  /** 直办: answered by the intake seat on the spot. */
  answerOnSpot: z
    .object({ answer: text, reason: z.enum(['resolved', 'explained']).default('resolved') })
    .strict(),
  /** 并单 */
  merge: z.object({ masterCaseId: idRef, note: text.optional() }).strict(),
  /** 派单: a lead unit (主办) and optional co-handling units (协办). */
  dispatch: z.object({ leadUnit: idRef, coUnits: units.default([]), note: text.optional() }).strict(),
  /** 改派 */
  reassign: z.object({ leadUnit: idRef, coUnits: units.default([]), reason: text }).strict(),
  /** 签收 */
  signFor: z.object({ note: text.optional() }).strict(),
  /** 退单 */
  return: z.object({ reason: text, suggestedUnit: idRef.optional() }).strict(),
  /**
   * 挂起. From v3 a request (挂起申请) the command centre approves, for `length` (at most the flow's limit;
   * the limit when not given); versions 1 and 2 suspend at once and take no `length`.
   */
  suspend: z.object({ reason: text, length: workingDurationSchema.optional() }).strict(),
  /** 解挂 */
  resume: z.object({ note: text.optional() }).strict(),
  /** 延期申请 */
  requestExtension: z.object({ extra: workingDurationSchema, reason: text }).strict(),
  /** 延期审批: grant the requested time, or `extra` if given. */
  approveExtension: z.object({ extra: workingDurationSchema.optional(), note: text.optional() }).strict(),
  rejectExtension: z.object({ reason: text }).strict(),
  /** 吹哨: summon departments, each to report in within `reportInWithin` (default 1 working day). */
  whistle: z
    .object({ departments: units.min(1), reason: text, reportInWithin: workingDurationSchema.optional() })
    .strict(),
  /** 报到: a summoned department reports in (to the newest whistle naming it unless `whistleId` is given). */
  reportIn: z.object({ whistleId: idRef.optional(), note: text.optional() }).strict(),
  /** 催办 */
  urge: z.object({ note: text }).strict(),
  /** 督办 */
  supervise: z.object({ note: text, dueBy: z.iso.datetime().optional() }).strict(),
  /** 难事联办: the handler marks the case hard, which escalates it. */
  markHard: z.object({ reason: text }).strict(),
  /** 回复/回单 */
  reply: z.object({ result: text, solved: z.boolean(), publicReply: text }).strict(),
  /** 核查 */
  verify: z.object({ passed: z.boolean(), photos: photoUrls.default([]), note: text.optional() }).strict(),
  /** 回访: the follow-up call; a rating when the requester was reached. */
  followUp: z
    .object({
      reached: z.boolean(),
      rating: ratingSchema.optional(),
      comment: text.optional(),
      unitAtFault: z.boolean().optional(),
    })
    .strict(),
  /** 满意度评价 by the requester. */
  rate: z.object({ rating: ratingSchema, comment: text.optional() }).strict(),
  /** 重办 */
  reopen: z.object({ reason: text }).strict(),
  /** 办结 */
  close: z
    .object({ reason: closeReasonSchema.exclude(['withdrawn', 'duplicate']), note: text.optional() })
    .strict(),
  /** 撤单 by the requester (or for them). */
  withdraw: z.object({ reason: text.optional() }).strict(),
  /** v2 on: 退单审核. `upheld` sends it back to dispatch; otherwise the unit must take it. */
  reviewReturn: z.object({ upheld: z.boolean(), note: text }).strict(),
  /** v3: 挂起审批: approve a requested suspension, for the time asked or `length` (at most the flow's limit). */
  approveSuspension: z.object({ length: workingDurationSchema.optional(), note: text.optional() }).strict(),
  /** v3: refuse a requested suspension; the unit keeps working. */
  rejectSuspension: z.object({ reason: text }).strict(),
  /** v3: 协办反馈. A co-handling unit reports its own part of the handling to the lead unit. */
  reportPart: z.object({ result: text }).strict(),
  /** v3: 申诉. The lead unit appeals an unsatisfied rating to the command centre, saying why it is not its fault. */
  appealRating: z.object({ reason: text }).strict(),
  /** v3: the command centre decides an appeal; an upheld one takes the rating out of the unit's satisfaction. */
  decideAppeal: z.object({ upheld: z.boolean(), note: text }).strict(),
};

/**
 * `suspend` in versions 1 and 2: a suspension at once, with a reason only.
 *
 * @internal
 * @example
 * ```ts
 * suspendAtOnce.parse({ reason: '等待产权单位确认' });
 * ```
 */
export const suspendAtOnce = z.object({ reason: text }).strict();

/**
 * The events only version 3 has.
 *
 * @internal
 * @example
 * ```ts
 * V3_EVENTS.includes('approveSuspension'); // true
 * ```
 */
export const V3_EVENTS = [
  'approveSuspension',
  'rejectSuspension',
  'reportPart',
  'appealRating',
  'decideAppeal',
] as const;

/**
 * A `work-order` event type a caller may send.
 *
 * @example
 * ```ts
 * const type: WorkOrderEventType = 'signFor';
 * ```
 */
export type WorkOrderEventType = keyof typeof workOrderEvents;

/**
 * The payload of a `work-order` event, as validated.
 *
 * @example
 * ```ts
 * const p: WorkOrderPayload<'reply'> = { result: '已修复', solved: true, publicReply: '已修复' };
 * ```
 */
export type WorkOrderPayload<K extends WorkOrderEventType> = z.output<(typeof workOrderEvents)[K]>;
