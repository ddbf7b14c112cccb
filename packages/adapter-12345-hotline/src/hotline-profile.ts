import { z } from 'zod';
import { parseOptions } from './hotline-options.js';
import {
  DEFAULT_ACTION_FIELD_NAMES,
  DEFAULT_ACTION_TYPES,
  DEFAULT_API_PATHS,
  DEFAULT_APPEAL_TYPES,
  DEFAULT_CLOSE_REASONS,
  DEFAULT_CHANNELS,
  DEFAULT_COORDINATE_SYSTEMS,
  DEFAULT_ORDER_FIELD_NAMES,
  DEFAULT_RATINGS,
  DEFAULT_REPLY_RESULTS,
  DEFAULT_URGENCIES,
} from './hotline-profile-defaults.js';
import { DEFAULT_SIGNATURE_HEADERS, signatureSchemeSchema } from './hotline-signature-types.js';

const name = z.string().min(1, 'must not be empty');
const labels = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.record(z.string().min(1), z.enum(values));
const codes = z.array(z.union([z.string(), z.number()]).transform(String));

const profileSchema = z
  .object({
    name,
    /** The reply envelope `{ code, message, data }`: field names and the code meaning success (0, 200, 10000). */
    envelope: z
      .object({ code: name, message: name, data: name, success: z.union([z.number(), z.string()]) })
      .strict(),
    fields: z.object(mapValues(DEFAULT_ORDER_FIELD_NAMES, () => name)).strict(),
    actionFields: z.object(mapValues(DEFAULT_ACTION_FIELD_NAMES, () => name)).strict(),
    channels: z.record(z.string().min(1), name),
    appealTypes: labels(['consultation', 'help', 'complaint', 'tipOff', 'suggestion']),
    urgencies: labels(['normal', 'urgent', 'critical']),
    coordinateSystems: labels(['GCJ-02', 'WGS84', 'BD-09', 'local']),
    /** The system of coordinates sent without one. Most platforms use a Chinese web map's GCJ-02. */
    defaultCoordinateSystem: z.enum(['GCJ-02', 'WGS84', 'BD-09', 'local']),
    actionTypes: labels([
      'urge',
      'supervise',
      'withdraw',
      'extensionApproved',
      'extensionDenied',
      'returnUpheld',
      'returnRejected',
      'followUpRating',
    ]),
    ratings: labels([
      'verySatisfied',
      'satisfied',
      'basicallySatisfied',
      'unsatisfied',
      'veryUnsatisfied',
      'notReached',
    ]),
    replyResults: z.object({ solved: name, unsolved: name, partly: name }).strict(),
    closeReasons: z.object(mapValues(DEFAULT_CLOSE_REASONS, () => name)).strict(),
    /** Business codes worth retrying, and those meaning "slow down"; every other failing code is permanent. */
    errorCodes: z.object({ retryable: codes, rateLimited: codes }).strict(),
    api: z
      .object({
        paths: z.object(mapValues(DEFAULT_API_PATHS, () => z.string().startsWith('/'))).strict(),
        idempotencyHeader: name,
        todoFields: z.object({ records: name, nextCursor: name, total: name }).strict(),
      })
      .strict(),
    signature: z
      .object({
        scheme: signatureSchemeSchema,
        windowSeconds: z.number().int().min(1).max(86_400),
        headers: z.object({ appId: name, timestamp: name, nonce: name, signature: name }).strict(),
      })
      .strict(),
  })
  .strict();

/**
 * A platform profile: how one 12345 platform's orders, actions, replies and signatures look. Validated at
 * construction by {@link hotlineProfile}.
 *
 * @example
 * ```ts
 * const profile: HotlineProfile = hotlineProfile({ name: 'city-a', envelope: { success: 200 } });
 * profile.fields.orderNo; // 'orderNo'
 * ```
 */
export type HotlineProfile = z.output<typeof profileSchema>;

/**
 * What a district may override: any part of the default profile. Objects merge key by key (label tables add
 * to the defaults), arrays replace.
 *
 * @example
 * ```ts
 * const overrides: HotlineProfileOverrides = { fields: { orderNo: 'gdbh' }, channels: { 市长信箱: 'web' } };
 * ```
 */
export type HotlineProfileOverrides = DeepPartial<HotlineProfile>;

type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/**
 * The default profile, modelled on how 12345 platforms exchange orders: JSON, a `{ code, message, data }`
 * envelope with `code: 0` for success, HMAC-SHA256 signatures with a 300 s window, times in Beijing time.
 *
 * @example
 * ```ts
 * DEFAULT_HOTLINE_PROFILE.envelope.success; // 0
 * ```
 */
export const DEFAULT_HOTLINE_PROFILE: HotlineProfile = deepFreeze(
  profileSchema.parse({
    name: 'default',
    envelope: { code: 'code', message: 'message', data: 'data', success: 0 },
    fields: DEFAULT_ORDER_FIELD_NAMES,
    actionFields: DEFAULT_ACTION_FIELD_NAMES,
    channels: DEFAULT_CHANNELS,
    appealTypes: DEFAULT_APPEAL_TYPES,
    urgencies: DEFAULT_URGENCIES,
    coordinateSystems: DEFAULT_COORDINATE_SYSTEMS,
    defaultCoordinateSystem: 'GCJ-02',
    actionTypes: DEFAULT_ACTION_TYPES,
    ratings: DEFAULT_RATINGS,
    replyResults: DEFAULT_REPLY_RESULTS,
    closeReasons: DEFAULT_CLOSE_REASONS,
    errorCodes: { retryable: [-1, 1002, 1003, 2002, 5000], rateLimited: [4290] },
    api: {
      paths: DEFAULT_API_PATHS,
      idempotencyHeader: 'Idempotency-Key',
      todoFields: { records: 'records', nextCursor: 'nextCursor', total: 'total' },
    },
    signature: { scheme: 'hmac-sha256', windowSeconds: 300, headers: DEFAULT_SIGNATURE_HEADERS },
  }),
);

/**
 * Build a district's profile: the default profile with `overrides` merged in, validated. Throws
 * `VALIDATION_FAILED` naming the bad entry (`profile.envelope.success`).
 *
 * @example
 * ```ts
 * const profile = hotlineProfile({
 *   name: 'city-b', envelope: { success: 10000 }, fields: { orderNo: 'workOrderNo', callerPhone: 'caller.mobile' },
 * });
 * ```
 */
export function hotlineProfile(overrides: HotlineProfileOverrides = {}): HotlineProfile {
  return parseOptions(profileSchema, deepMerge(DEFAULT_HOTLINE_PROFILE, overrides), 'profile');
}

function deepMerge(base: unknown, patch: unknown): unknown {
  if (patch === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) merged[key] = deepMerge(base[key], value);
  return merged;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mapValues<T extends Record<string, unknown>, V>(object: T, fn: (value: T[keyof T]) => V) {
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, fn(v as T[keyof T])])) as {
    [K in keyof T]: V;
  };
}
