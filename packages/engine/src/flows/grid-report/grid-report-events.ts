import { z } from 'zod';
import { photoUrls } from '../shared/fields.js';
import type { EventMeta } from '../../types.js';

const photos = photoUrls;
const note = z.string().trim().min(1).max(1000);

/**
 * Where the grid worker stood: WGS-84 coordinates and the street address shown to handlers.
 *
 * @example
 * ```ts
 * gridReportLocationSchema.parse({ lat: 18.25, lng: 109.51, address: '三亚市吉阳区幸福里 3 号楼' });
 * ```
 */
export const gridReportLocationSchema = z
  .object({
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
    address: z.string().trim().min(1).max(200),
  })
  .strict();

/**
 * `createCase` input of `grid-report`: what the grid worker saw, with at least one photo and a location.
 * `communityLimitDays` is how many working days the community has to act once the report is handed over.
 *
 * @example
 * ```ts
 * gridReportInputSchema.parse({ description: '井盖缺失', photos: ['https://img.example/1.jpg'],
 *   location: { lat: 18.25, lng: 109.51, address: '幸福里 3 号楼' } });
 * ```
 */
export const gridReportInputSchema = z
  .object({
    description: note,
    category: z.string().trim().min(1).max(50).default('other'),
    photos: photos.min(1),
    location: gridReportLocationSchema,
    communityLimitDays: z.number().int().min(1).max(30).default(3),
  })
  .strict();

/**
 * Payload schemas of the events callers may send to a `grid-report` case. `linkedCaseClosed` has no role in
 * the permissions: only the engine (on behalf of the linked work order) sends it.
 *
 * @example
 * ```ts
 * gridReportEvents.fixOnSpot.parse({ afterPhotos: ['https://img.example/after.jpg'] });
 * ```
 */
export const gridReportEvents = {
  /** 当场处置: the grid worker fixed it; an after-photo proves it. */
  fixOnSpot: z.object({ afterPhotos: photos.min(1), note: note.optional() }).strict(),
  /** 转办: beyond the grid worker; the community takes over. */
  handOver: z.object({ note: note.optional() }).strict(),
  /** A mistaken or duplicate report, withdrawn before anyone acted on it. */
  withdraw: z.object({ reason: note }).strict(),
  /** 落实: the community solved it itself. */
  resolve: z.object({ result: note, afterPhotos: photos.default([]) }).strict(),
  /** Beyond the community too: raise a linked `work-order` and track it. */
  raiseWorkOrder: z
    .object({
      note: note.optional(),
      /** The 12345 request type the work order is filed as; most grid problems are 求助 (help). */
      requestType: z.enum(['consultation', 'help', 'complaint', 'tipOff', 'suggestion']).default('help'),
      urgency: z.enum(['normal', 'urgent', 'critical']).default('normal'),
    })
    .strict(),
  /** 追踪: the linked work order closed (sent by the engine, never by a person). */
  linkedCaseClosed: z
    .object({ caseId: z.string().min(1), closeReason: z.string().min(1).optional() })
    .strict(),
};

/**
 * The events a `grid-report` machine receives: a payload, its `type`, and the engine's `meta`.
 *
 * @example
 * ```ts
 * const e: GridReportEvent = { type: 'handOver', meta: { actor, at: '2026-10-09T02:00:00Z' } };
 * ```
 */
export type GridReportEvent = {
  [K in keyof typeof gridReportEvents]: z.output<(typeof gridReportEvents)[K]> & { type: K; meta: EventMeta };
}[keyof typeof gridReportEvents];

/**
 * The machine's input as the engine hands it over: validated input plus case id, org unit and requester.
 *
 * @example
 * ```ts
 * const input: GridReportInput = { ...gridReportInputSchema.parse(raw), caseId: 'r-1', orgUnit: 'grid-01',
 *   requesterId: null, meta };
 * ```
 */
export type GridReportInput = z.output<typeof gridReportInputSchema> & {
  caseId: string;
  orgUnit: string;
  requesterId?: string | null;
  meta: EventMeta;
};
