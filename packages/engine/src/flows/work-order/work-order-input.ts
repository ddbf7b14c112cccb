import { z } from 'zod';
import { callerSchema } from '../../privacy/caller.js';
import { idRef, longText, photoUrls, shortText } from '../shared/fields.js';
import { requestTypeSchema, urgencySchema } from '../sla/sla-policy.js';
import { workOrderOriginSchema } from './work-order-write-back.js';

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
    title: shortText,
    description: longText.optional(),
    requestType: requestTypeSchema.default('help'),
    urgency: urgencySchema.default('normal'),
    /** Free-text category (`utilities`, `environment`, …); the SLA table may key on it. */
    category: shortText.optional(),
    /** Where it came in: `hotline`, `web`, `app`, `gridReport`, `threeOrders`, … */
    channel: shortText.optional(),
    /** The 12345 platform's work-order number, when it came from the hotline. */
    hotlineNumber: idRef.optional(),
    /** Who called or wrote in (来电人): name, phone and 是否保密; masked for all but the command centre. */
    caller: callerSchema.optional(),
    location: z
      .object({
        address: shortText.optional(),
        lat: z.number().min(-90).max(90).optional(),
        lng: z.number().min(-180).max(180).optional(),
      })
      .strict()
      .optional(),
    photos: photoUrls.optional(),
    source: z.object({ flow: idRef, caseId: idRef }).strict().optional(),
    /** The platform that dispatched the order (12345): the case writes its steps back to it. */
    origin: workOrderOriginSchema.optional(),
    ladder: z.array(idRef).max(12).optional(),
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
