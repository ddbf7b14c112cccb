import { z } from 'zod';
import { idRef, photoUrls } from '../shared/fields.js';
import type { EventMeta } from '../../types.js';
import { THREE_ORDERS_LIMITS } from './three-orders-context.js';

const text = z.string().trim().min(1).max(1000);
const photos = photoUrls;

/**
 * `createCase` input of `three-orders`: the resident's order (点单) in their own words.
 *
 * @example
 * ```ts
 * threeOrdersInputSchema.parse({ title: '楼道灯坏了', description: '3 单元 5 楼楼道灯不亮一周了' });
 * ```
 */
export const threeOrdersInputSchema = z
  .object({
    title: z.string().trim().min(1).max(100),
    description: text,
    category: z.string().trim().min(1).max(50).default('other'),
  })
  .strict();

/**
 * Payload schemas of the events callers may send to a `three-orders` case. `linkedCaseClosed` has no role in
 * the permissions: only the engine sends it, when the escalated work order closes.
 *
 * @example
 * ```ts
 * threeOrdersEvents.issueOrder.parse({ assignee: 'u-party-li' });
 * ```
 */
export const threeOrdersEvents = {
  /** 下单: the party organisation names the party member who will take the order (again after a dispute). */
  issueOrder: z.object({ assignee: idRef, note: text.optional() }).strict(),
  /** 接单: the named member takes it. */
  takeOrder: z.object({}).strict(),
  /** The named member cannot take it (away, conflict of interest); back to the party organisation. */
  declineOrder: z.object({ reason: text }).strict(),
  /** Solved on the spot. */
  solveOnSpot: z.object({ result: text, photos: photos.default([]) }).strict(),
  /**
   * 约期办理: taken, to be solved later (a professional comes the next day): the plan, who will come, and within
   * how many working days (1 by default, at most the solve limit) it will be solved.
   */
  scheduleSolve: z
    .object({
      plan: text,
      professional: z.string().trim().min(1).max(100).optional(),
      withinDays: z.number().int().min(1).max(THREE_ORDERS_LIMITS.solveDays).default(1),
    })
    .strict(),
  /** Solved as scheduled (after `scheduleSolve`). */
  solve: z.object({ result: text, photos: photos.default([]) }).strict(),
  /** Beyond the member: becomes a platform `work-order` (district, street and community). */
  escalate: z
    .object({
      reason: text,
      requestType: z.enum(['consultation', 'help', 'complaint', 'tipOff', 'suggestion']).default('help'),
      urgency: z.enum(['normal', 'urgent', 'critical']).default('normal'),
    })
    .strict(),
  /** Law or policy forbids it: closed with a patient explanation (耐心解释) naming the basis. */
  explain: z.object({ basis: text, explanation: text }).strict(),
  /** The resident accepts the result. */
  confirm: z.object({ comment: text.optional() }).strict(),
  /** The resident does not accept it: back to the party organisation to issue again. */
  dispute: z.object({ reason: text }).strict(),
  /** The resident withdraws the order before anyone has taken it. */
  cancel: z.object({ reason: text }).strict(),
  /** The escalated work order closed (sent by the engine). */
  linkedCaseClosed: z
    .object({ caseId: z.string().min(1), closeReason: z.string().min(1).optional() })
    .strict(),
};

/**
 * The events a `three-orders` machine receives: a payload, its `type`, and the engine's `meta`.
 *
 * @example
 * ```ts
 * const e: ThreeOrdersEvent = { type: 'takeOrder', meta: { actor, at: '2026-10-09T02:00:00Z' } };
 * ```
 */
export type ThreeOrdersEvent = {
  [K in keyof typeof threeOrdersEvents]: z.output<(typeof threeOrdersEvents)[K]> & {
    type: K;
    meta: EventMeta;
  };
}[keyof typeof threeOrdersEvents];

/**
 * The machine's input as the engine hands it over.
 *
 * @example
 * ```ts
 * const input: ThreeOrdersInput = { title: '楼道灯', description: '不亮', category: 'other', caseId: 'o-1',
 *   orgUnit: 'comm-1', requesterId: 'u-resident', meta };
 * ```
 */
export type ThreeOrdersInput = z.output<typeof threeOrdersInputSchema> & {
  caseId: string;
  orgUnit: string;
  requesterId?: string | null;
  meta: EventMeta;
};
