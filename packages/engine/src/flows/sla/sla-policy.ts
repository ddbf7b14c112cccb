import { z } from 'zod';
import { validationError } from '../../errors.js';

/**
 * The kind of request (诉求类型): 咨询 `consultation`, 求助 `help`, 投诉 `complaint`, 举报 `tipOff`,
 * 建议 `suggestion`.
 *
 * @example
 * ```ts
 * const type: RequestType = 'complaint';
 * ```
 */
export type RequestType = z.infer<typeof requestTypeSchema>;

/**
 * How urgent a request is: 一般 `normal`, 紧急 `urgent`, 特急 `critical`.
 *
 * @example
 * ```ts
 * const urgency: Urgency = 'urgent';
 * ```
 */
export type Urgency = z.infer<typeof urgencySchema>;

/**
 * An amount of working time on the engine's calendar (调休 aware).
 *
 * @example
 * ```ts
 * const limit: WorkingDuration = { amount: 15, unit: 'workingDays' };
 * ```
 */
export type WorkingDuration = z.infer<typeof workingDurationSchema>;

/**
 * One row of the SLA table: which requests it matches and the limits it sets. A row with fewer `match` keys is
 * more general; {@link resolveSla} picks the most specific row that matches.
 *
 * @example
 * ```ts
 * const row: SlaPolicy = { id: 'help', match: { requestType: 'help' },
 *   limit: { amount: 15, unit: 'workingDays' }, clockStart: 'signFor',
 *   signForWithin: { amount: 1, unit: 'workingDays' }, reminders: [0.5, 0.8], pauseOnSuspend: true };
 * ```
 */
export type SlaPolicy = z.infer<typeof slaPolicySchema>;

/**
 * What {@link resolveSla} looks up: the request's type, urgency and (free-text) category.
 *
 * @example
 * ```ts
 * const key: SlaKey = { requestType: 'help', urgency: 'normal', category: 'utilities' };
 * ```
 */
export interface SlaKey {
  /** Request type: 咨询, 求助, 投诉, 举报 or 建议. */
  requestType: RequestType;
  /** Urgency of the request. */
  urgency: Urgency;
  /** Category code, if the policy table distinguishes categories. */
  category?: string | null;
}

/**
 * Schema of {@link RequestType}.
 *
 * @example
 * ```ts
 * requestTypeSchema.parse('consultation');
 * ```
 */
export const requestTypeSchema = z.enum(['consultation', 'help', 'complaint', 'tipOff', 'suggestion']);

/**
 * Schema of {@link Urgency}.
 *
 * @example
 * ```ts
 * urgencySchema.parse('critical');
 * ```
 */
export const urgencySchema = z.enum(['normal', 'urgent', 'critical']);

/**
 * The longest working duration a flow accepts in an event or an SLA table: one working year (250 working days,
 * or 2,000 office hours). Deadlines, extensions and report-in limits are days or weeks; a larger number is a
 * mistake, refused before it reaches the calendar.
 *
 * @example
 * ```ts
 * MAX_WORKING_DURATION.workingDays; // 250
 * ```
 */
export const MAX_WORKING_DURATION = { workingDays: 250, workingHours: 2_000 } as const;

/**
 * Schema of {@link WorkingDuration}.
 *
 * @example
 * ```ts
 * workingDurationSchema.parse({ amount: 2, unit: 'workingHours' });
 * ```
 */
export const workingDurationSchema = z
  .object({ amount: z.number().positive(), unit: z.enum(['workingDays', 'workingHours']) })
  .strict()
  .superRefine((duration, ctx) => {
    const max = MAX_WORKING_DURATION[duration.unit];
    if (duration.amount > max) {
      ctx.addIssue({
        code: 'custom',
        path: ['amount'],
        message: `must be at most ${max} ${duration.unit === 'workingDays' ? 'working days' : 'working hours'} (one working year)`,
      });
    }
  });

/**
 * Schema of {@link SlaPolicy}; districts' own tables are checked with it.
 *
 * @example
 * ```ts
 * slaPolicySchema.array().parse(myDistrictTable);
 * ```
 */
export const slaPolicySchema = z
  .object({
    id: z.string().min(1),
    match: z
      .object({
        requestType: requestTypeSchema.optional(),
        urgency: urgencySchema.optional(),
        category: z.string().optional(),
      })
      .strict(),
    /** Time from the clock start to the reply (办结时限). */
    limit: workingDurationSchema,
    /** Whether the clock starts when the case is accepted (受理) or when the unit signs for it (签收). */
    clockStart: z.enum(['intake', 'signFor']),
    /** Time the handling unit has to sign for a dispatched order (签收时限). */
    signForWithin: workingDurationSchema,
    /** Fractions of the limit at which reminders go out, e.g. `[0.5, 0.8]`. */
    reminders: z.array(z.number().gt(0).lt(1)),
    /** Whether suspension (挂起) stops the clock. */
    pauseOnSuspend: z.boolean(),
  })
  .strict();

const days = (amount: number) => ({ amount, unit: 'workingDays' as const });
const hours = (amount: number) => ({ amount, unit: 'workingHours' as const });
const reminders = [0.5, 0.8];

/**
 * The default SLA table (办理时限). Where the numbers come from:
 * - 国办发〔2020〕53号 (the State Council's guidance on 12345 hotlines) sets the loop (受理, 派单, 办理, 答复,
 *   督办, 办结, 回访, 评价) and asks for prompt handling of urgent requests, but leaves the exact limits to
 *   provinces and cities; 国办函〔2025〕66号 keeps that split.
 * - The numbers are therefore common city practice from published municipal 12345 rules: a consultation is
 *   answered within 1 working day; help requests, complaints, tip-offs and suggestions within 15 working days
 *   of sign-for; units sign for within 1 working day; urgent matters within a working day and critical ones
 *   within hours (water, power, gas and heating within 1 working day). Real emergencies go to 110/119/120, not
 *   here, which is why even `critical` runs on working hours.
 * - They are a starting point, not a rule: every district overrides them with its own table (pass it to
 *   `createWorkOrderFlow({ slaPolicies })`), and many cities use shorter limits (5 or 7 days for help requests).
 *
 * @example
 * ```ts
 * resolveSla(defaultSlaPolicies, { requestType: 'complaint', urgency: 'normal' }).limit; // 15 working days
 * ```
 */
export const defaultSlaPolicies: readonly SlaPolicy[] = Object.freeze([
  {
    id: 'default',
    match: {},
    limit: days(15),
    clockStart: 'signFor',
    signForWithin: days(1),
    reminders,
    pauseOnSuspend: true,
  },
  {
    id: 'consultation',
    match: { requestType: 'consultation' },
    limit: days(1),
    clockStart: 'intake',
    signForWithin: hours(2),
    reminders,
    pauseOnSuspend: true,
  },
  {
    id: 'utilities',
    match: { category: 'utilities' },
    limit: days(1),
    clockStart: 'intake',
    signForWithin: hours(2),
    reminders,
    pauseOnSuspend: true,
  },
  {
    id: 'urgent',
    match: { urgency: 'urgent' },
    limit: hours(8),
    clockStart: 'intake',
    signForWithin: hours(1),
    reminders,
    pauseOnSuspend: false,
  },
  {
    id: 'critical',
    match: { urgency: 'critical' },
    limit: hours(2),
    clockStart: 'intake',
    signForWithin: hours(0.5),
    reminders,
    pauseOnSuspend: false,
  },
] satisfies SlaPolicy[]);

// Ordered by rank: later keys weigh more on ties of key count.
const MATCH_KEYS = ['requestType', 'category', 'urgency'] as const;

/**
 * The SLA row for a request: among rows whose every `match` key equals the request's, the one matching the
 * most keys, with urgency outranking category outranking request type on ties, then table order. Throws
 * `VALIDATION_FAILED` when nothing matches (give your table a catch-all row with `match: {}`).
 *
 * @example
 * ```ts
 * const sla = resolveSla(defaultSlaPolicies, { requestType: 'help', urgency: 'critical' });
 * sla.limit; // { amount: 2, unit: 'workingHours' }
 * ```
 */
export function resolveSla(policies: readonly SlaPolicy[], key: SlaKey): SlaPolicy {
  let best: SlaPolicy | undefined;
  let bestScore = -1;
  for (const policy of policies) {
    let score = 0;
    let matches = true;
    for (const [i, name] of MATCH_KEYS.entries()) {
      const wanted = policy.match[name];
      if (wanted === undefined) continue;
      if (wanted !== key[name]) matches = false;
      // Weights 1, 2, 4 on top of 10 per key: more keys always win; among equals urgency, then category.
      score += 10 + 2 ** i;
    }
    if (matches && score > bestScore) {
      best = policy;
      bestScore = score;
    }
  }
  if (!best)
    throw validationError('slaPolicies', `has no row for ${JSON.stringify(key)}; add a catch-all row`);
  return best;
}
