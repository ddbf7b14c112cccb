import { z } from 'zod';
import { photoUrls } from '../shared/fields.js';
import type { EventMeta } from '../../types.js';

const text = z.string().trim().min(1).max(1000);

/**
 * `createCase` input of `micro-wish`: the wish in the wisher's words. A grid worker or community staff member
 * collecting it for a resident passes the resident as `requesterId`.
 *
 * @example
 * ```ts
 * microWishInputSchema.parse({ title: '想要一台助听器', description: '独居老人, 听力下降' });
 * ```
 */
export const microWishInputSchema = z
  .object({
    title: z.string().trim().min(1).max(100),
    description: text,
    category: z.string().trim().min(1).max(50).default('other'),
  })
  .strict();

/**
 * Payload schemas of the events callers may send to a `micro-wish` case.
 *
 * @example
 * ```ts
 * microWishEvents.publish.parse({ points: 20 });
 * ```
 */
export const microWishEvents = {
  /** Reviewed and published on the wish wall, with the points its fulfilment earns. */
  publish: z
    .object({ points: z.number().int().min(1).max(1000).default(10), note: text.optional() })
    .strict(),
  /** Not suitable for a micro-wish (too large, a commercial request, …). */
  reject: z.object({ reason: text }).strict(),
  /** 领办: a party member or volunteer claims the wish. */
  claim: z.object({}).strict(),
  /** The claimer gives it back to the wish wall. */
  release: z.object({ reason: text }).strict(),
  /** 实现: done, with photo evidence. */
  fulfil: z.object({ evidence: photoUrls.min(1), note: text.optional() }).strict(),
  /** The wisher confirms it came true. */
  confirm: z.object({ comment: text.optional() }).strict(),
  /** The wisher says it did not: back to the claimer. */
  dispute: z.object({ reason: text }).strict(),
  /** The wisher withdraws the wish before anyone claimed it. */
  cancel: z.object({ reason: text }).strict(),
};

/**
 * The events a `micro-wish` machine receives: a payload, its `type`, and the engine's `meta`.
 *
 * @example
 * ```ts
 * const e: MicroWishEvent = { type: 'claim', meta: { actor, at: '2026-10-09T02:00:00Z' } };
 * ```
 */
export type MicroWishEvent = {
  [K in keyof typeof microWishEvents]: z.output<(typeof microWishEvents)[K]> & { type: K; meta: EventMeta };
}[keyof typeof microWishEvents];

/**
 * The machine's input as the engine hands it over.
 *
 * @example
 * ```ts
 * const input: MicroWishInput = { title: '助听器', description: '独居老人', category: 'other', caseId: 'w-1',
 *   orgUnit: 'comm-1', requesterId: 'u-grandma', meta };
 * ```
 */
export type MicroWishInput = z.output<typeof microWishInputSchema> & {
  caseId: string;
  orgUnit: string;
  requesterId?: string | null;
  meta: EventMeta;
};
