import { z } from 'zod';
import type { HotlineProfile } from './hotline-profile.js';
import { type HotlineDeadline, parseBeijingDateTime, parseHotlineDeadline } from './hotline-time.js';

/**
 * Why a platform record could not become an order (the quarantine reason's code).
 *
 * @example
 * ```ts
 * const code: HotlineMappingReasonCode = 'UNKNOWN_UNIT';
 * ```
 */
export type HotlineMappingReasonCode =
  | 'MISSING_FIELD'
  | 'BAD_TYPE'
  | 'BAD_VALUE'
  | 'BAD_DATE'
  | 'BAD_URL'
  | 'UNKNOWN_UNIT'
  | 'UNKNOWN_CATEGORY';

type Ctx = z.core.$RefinementCtx;

function fail(ctx: Ctx, reason: HotlineMappingReasonCode, message: string): never {
  ctx.addIssue({ code: 'custom', message, params: { reason } });
  return z.NEVER as never;
}

/** Platforms send `""` or `null` for "not given"; both count as absent, for required and optional fields. */
const absent = (value: unknown) =>
  value === null || (typeof value === 'string' && value.trim() === '') ? undefined : value;
const required = <T extends z.ZodType>(schema: T) => z.preprocess(absent, schema);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(absent, schema.optional());

const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);

const code = z.preprocess(
  (v) => (Number.isSafeInteger(v) ? String(v) : v),
  z.string().regex(/^[0-9A-Za-z_.\-/]{1,64}$/, 'must be 1-64 letters, digits or -_./'),
);

const label = (table: Record<string, unknown>, what: string) =>
  z
    .string()
    .trim()
    .transform((v, ctx) =>
      Object.hasOwn(table, v) ? v : fail(ctx, 'BAD_VALUE', `${JSON.stringify(v)} is not a known ${what}`),
    );

const categoryCode = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const digits = typeof v === 'number' ? String(v) : v.trim();
  if (/^\d{6}$/.test(digits)) return digits;
  return fail(ctx, 'BAD_VALUE', `must be a six-digit service code (a number loses its leading zeros): ${v}`);
});

const count = z.preprocess(
  (v) => (typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v),
  z.number().int('must be a whole number').min(0, 'must not be negative'),
);

const coordinate = z.preprocess(
  (v) => (typeof v === 'string' && Number.isFinite(Number(v)) ? Number(v) : v),
  z.number(),
);

const phone = z.preprocess(
  (v) => (Number.isSafeInteger(v) ? String(v) : v),
  z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 -]{2,19}$/, 'must be a phone number'),
);

const flag = z.unknown().transform((v, ctx) => {
  if (v === undefined) return false;
  const key = String(v).trim().toLowerCase();
  if (['是', '1', 'y', 'yes', 'true'].includes(key)) return true;
  if (['否', '0', 'n', 'no', 'false'].includes(key)) return false;
  return fail(ctx, 'BAD_VALUE', `must be 是/否, 1/0 or true/false, not ${JSON.stringify(v)}`);
});

const dateTime = z.string().transform((v, ctx): Date => {
  return parseBeijingDateTime(v.trim()) ?? fail(ctx, 'BAD_DATE', `must be yyyy-MM-dd HH:mm:ss, not ${v}`);
});

const deadline = z.string().transform((v, ctx): HotlineDeadline => {
  return (
    parseHotlineDeadline(v.trim()) ??
    fail(ctx, 'BAD_DATE', `must be yyyy-MM-dd or yyyy-MM-dd HH:mm:ss, not ${v}`)
  );
});

/** A list sent as a JSON array or as one comma-separated string. */
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(/[,，;；]/)
            .map((s) => s.trim())
            .filter(Boolean)
        : v,
    z.array(item),
  );

const url = z.string().transform((v, ctx) => {
  try {
    const parsed = new URL(v.trim());
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed.href;
  } catch {}
  return fail(ctx, 'BAD_URL', `must be an http or https URL, not ${JSON.stringify(v).slice(0, 80)}`);
});

/**
 * The schema of an order record once its fields carry gridflow's names, built from a profile's label tables.
 * Labels stay as the platform wrote them (the mapping translates them), so the platform's words are kept.
 *
 * @example
 * ```ts
 * const parsed = orderRecordSchema(DEFAULT_HOTLINE_PROFILE).safeParse({ orderNo: 'GD1', ... });
 * ```
 */
export function orderRecordSchema(profile: HotlineProfile) {
  let schema = schemas.get(profile);
  if (!schema) {
    schema = buildSchema(profile);
    schemas.set(profile, schema);
  }
  return schema;
}

// Building the schema costs several times parsing a record with it: build it once per profile.
const schemas = new WeakMap<HotlineProfile, ReturnType<typeof buildSchema>>();

function buildSchema(profile: HotlineProfile) {
  return z.object({
    orderNo: required(code),
    channel: optional(label(profile.channels, 'channel')),
    appealType: required(label(profile.appealTypes, 'appeal type')),
    category: required(categoryCode),
    urgency: optional(label(profile.urgencies, 'urgency')),
    title: required(text(200)),
    content: required(text(20_000)),
    callerName: optional(text(100)),
    callerPhone: optional(phone),
    confidential: z.preprocess(absent, flag),
    address: optional(text(500)),
    streetCode: optional(code),
    communityCode: optional(code),
    longitude: optional(coordinate),
    latitude: optional(coordinate),
    coordinateSystem: optional(label(profile.coordinateSystems, 'coordinate system')),
    receivedAt: required(dateTime),
    deadline: optional(deadline),
    attachments: optional(list(url)),
    leadUnit: optional(code),
    coUnits: optional(list(code)),
    urgeCount: optional(count),
    superviseCount: optional(count),
  });
}

/**
 * An order record after {@link orderRecordSchema}: typed, trimmed, dates parsed, labels as the platform sent them.
 *
 * @example
 * ```ts
 * const record: HotlineOrderRecord = orderRecordSchema(profile).parse(renamed);
 * ```
 */
export type HotlineOrderRecord = z.output<ReturnType<typeof buildSchema>>;
