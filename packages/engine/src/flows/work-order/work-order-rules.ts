import { z } from 'zod';
import { type WorkingDuration, workingDurationSchema } from '../sla/sla-policy.js';

/**
 * The rules a district enforces from `work-order` version 3 on (issue 9's 12345 practices), besides escalation
 * along the handling unit's own chain with the command centre told of breaches and late report-ins. Version 1
 * and 2 machines are built without them, so running cases keep the rules they started with.
 *
 * @example
 * ```ts
 * const rules: WorkOrderRules = {
 *   suspension: { max: { amount: 10, unit: 'workingDays' }, onLimit: 'resume' },
 *   skipVerification: ['policyConsultation'],
 *   returnWithin: { amount: 1, unit: 'workingDays' },
 * };
 * ```
 */
export interface WorkOrderRules {
  /**
   * 挂起: a suspension is requested and approved, for at most `max`; when the approved time runs out the case
   * resumes on its own (`resume`) or stays suspended and the command centre is alerted (`alert`).
   */
  suspension: { max: WorkingDuration; onLimit: 'resume' | 'alert' };
  /**
   * 核查 first: a reply is verified before the requester rates it or is called back, except for these request
   * categories (a consultation answered by phone, say), which go to follow-up straight after the reply.
   */
  skipVerification: readonly string[];
  /** 退单时限: a return is accepted only within this time of dispatch (null: any time before sign-for). */
  returnWithin: WorkingDuration | null;
}

/**
 * Schema of the district's rule options of `createWorkOrderFlow` (every field optional, defaults filled in).
 *
 * @internal
 * @example
 * ```ts
 * workOrderRulesSchema.parse({}); // the defaults
 * ```
 */
export const workOrderRulesSchema = z
  .object({
    suspension: z
      .object({
        max: workingDurationSchema.default({ amount: 10, unit: 'workingDays' }),
        onLimit: z.enum(['resume', 'alert']).default('resume'),
      })
      .strict()
      .default({ max: { amount: 10, unit: 'workingDays' }, onLimit: 'resume' }),
    skipVerification: z.array(z.string().trim().min(1).max(100)).max(100).default([]),
    returnWithin: workingDurationSchema.nullable().default({ amount: 1, unit: 'workingDays' }),
  })
  .strict();
