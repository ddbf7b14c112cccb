import { z } from 'zod';

/**
 * Query of `GET /api/cases`: filters of the worklist (saved in the dashboard's URL).
 *
 * @example
 * ```ts
 * caseQuerySchema.parse({ state: 'inProgress', overdue: 'true', limit: '50' });
 * ```
 */
export const caseQuerySchema = z
  .object({
    flow: z.string().min(1).optional(),
    state: z.string().min(1).optional(),
    status: z.enum(['active', 'done']).optional(),
    orgUnit: z.string().min(1).optional(),
    category: z.string().min(1).optional(),
    overdue: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().min(1).optional(),
  })
  .strict();

/**
 * Body of `POST /api/cases`.
 *
 * @example
 * ```ts
 * createCaseSchema.parse({ flow: 'work-order', orgUnit: 'grid-a1-1', input: { title: '路灯不亮' } });
 * ```
 */
export const createCaseSchema = z
  .object({
    flow: z.string().min(1),
    orgUnit: z.string().min(1),
    input: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

/**
 * Body of `POST /api/cases/{id}/events`: the event's type and its payload fields.
 *
 * @example
 * ```ts
 * sendEventSchema.parse({ type: 'reply', result: '已修复', solved: true });
 * ```
 */
export const sendEventSchema = z.object({ type: z.string().min(1) }).catchall(z.unknown());

/**
 * Query of `GET /api/metrics` (dates as ISO instants; the period defaults to the year up to now).
 *
 * @example
 * ```ts
 * metricsQuerySchema.parse({ orgUnit: 'district', from: '2026-01-01T00:00:00+08:00' });
 * ```
 */
export const metricsQuerySchema = z
  .object({
    orgUnit: z.string().min(1).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    flow: z.string().min(1).optional(),
    by: z.enum(['area', 'handlingUnit']).default('area'),
    weeks: z.coerce.number().int().min(1).max(52).default(8),
  })
  .strict();

/**
 * A case in a list: what the worklist shows.
 *
 * @example
 * ```ts
 * caseSummarySchema.shape.sla;
 * ```
 */
export const caseSummarySchema = z.object({
  id: z.string(),
  flowId: z.string(),
  flowLabel: z.string(),
  state: z.string(),
  stateLabel: z.string(),
  status: z.enum(['active', 'done']),
  orgUnit: z.string(),
  unitName: z.string(),
  title: z.string().nullable(),
  category: z.string().nullable(),
  dueAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  sla: z.object({
    light: z.enum(['red', 'yellow', 'green', 'none']),
    workingDaysLeft: z.number().nullable(),
  }),
});

/**
 * A page of cases with the cursor of the next one.
 *
 * @example
 * ```ts
 * casePageSchema.parse({ items: [], nextCursor: null, total: 0, totalCapped: false });
 * ```
 */
export const casePageSchema = z.object({
  items: z.array(caseSummarySchema),
  nextCursor: z.string().nullable(),
  /** Cases matching the filters (the category's too) in all pages (`engine.worklist`). */
  total: z.number().int(),
  /** True when more cases match than the engine counted (`engine.worklist`'s bound): `total` is a lower bound. */
  totalCapped: z.boolean(),
});
