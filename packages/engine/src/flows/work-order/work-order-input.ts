import { z } from 'zod';
import { requestTypeSchema, urgencySchema } from '../sla/sla-policy.js';

/**
 * Schema of `createCase`'s `input` for `work-order`. Flows that raise a work order (grid-report, three-orders)
 * pass `source` to link back. `ladder` is the unit chain above the case's org unit for escalation (see
 * `startLadder`); intake adapters fill it from the directory.
 *
 * @example
 * ```ts
 * await engine.createCase({ flow: 'work-order', actor, orgUnit: 'grid-01', input: workOrderInputSchema.parse({
 *   title: '路灯不亮', requestType: 'help', ladder: ['grid-01', 'comm-1', 'street-east', 'district'] }) });
 * ```
 */
export const workOrderInputSchema = z
  .object({
    title: z.string().min(1),
    description: z.string().optional(),
    requestType: requestTypeSchema.default('help'),
    urgency: urgencySchema.default('normal'),
    /** Free-text category (`utilities`, `environment`, …); the SLA table may key on it. */
    category: z.string().min(1).optional(),
    /** Where it came in: `hotline`, `web`, `app`, `gridReport`, `threeOrders`, … */
    channel: z.string().min(1).optional(),
    /** The 12345 platform's work-order number, when it came from the hotline. */
    hotlineNumber: z.string().min(1).optional(),
    location: z
      .object({ address: z.string().optional(), lat: z.number().optional(), lng: z.number().optional() })
      .strict()
      .optional(),
    photos: z.array(z.string().min(1)).optional(),
    source: z
      .object({ flow: z.string().min(1), caseId: z.string().min(1) })
      .strict()
      .optional(),
    ladder: z.array(z.string().min(1)).optional(),
  })
  .strict();

/**
 * A validated work-order input.
 *
 * @example
 * ```ts
 * const input: WorkOrderInput = { title: '噪音扰民', requestType: 'complaint', urgency: 'normal' };
 * ```
 */
export type WorkOrderInput = z.infer<typeof workOrderInputSchema>;
