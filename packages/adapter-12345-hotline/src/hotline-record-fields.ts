import type { z } from 'zod';
import type { HotlineMappingReasonCode } from './hotline-order-record.js';

/**
 * Why a platform record was refused, naming the field as the platform wrote it (`leadUnitCode`,
 * `attachments[1]`; `$` for the record itself) and as gridflow calls it (`property`).
 *
 * @example
 * ```ts
 * const reason: HotlineMappingReason = { code: 'BAD_DATE', field: 'receivedTime', property: 'receivedAt',
 *   message: 'receivedTime must be yyyy-MM-dd HH:mm:ss, not 2026/03/02' };
 * ```
 */
export interface HotlineMappingReason {
  /** Why the record was refused. */
  code: HotlineMappingReasonCode;
  /** The platform's field at fault. */
  field: string;
  /** The order's property it maps to, or null. */
  property: string | null;
  /** The reason in words. */
  message: string;
}

/**
 * Read a field by its platform name; a dotted name walks into nested objects. Only own properties are read,
 * so a record naming `__proto__` or `constructor` reads nothing.
 *
 * @example
 * ```ts
 * readField({ caller: { mobile: '138' } }, 'caller.mobile'); // '138'
 * ```
 */
export function readField(record: Record<string, unknown>, path: string): unknown {
  return readPath(record, keysOf(path));
}

function readPath(record: Record<string, unknown>, keys: readonly string[]): unknown {
  let value: unknown = record;
  for (const key of keys) {
    if (!isRecord(value) || !Object.hasOwn(value, key)) return undefined;
    value = value[key];
  }
  return value;
}

// A profile's paths are few and fixed: split each once, not on every record.
const splitPaths = new Map<string, readonly string[]>();

function keysOf(path: string): readonly string[] {
  let keys = splitPaths.get(path);
  if (!keys) {
    keys = path.split('.');
    if (splitPaths.size < 1024) splitPaths.set(path, keys);
  }
  return keys;
}

/**
 * True for a JSON object (not null, not an array).
 *
 * @example
 * ```ts
 * isRecord({}); // true
 * isRecord([]); // false
 * ```
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Rename a platform record's fields to gridflow's names (`names` maps gridflow name → platform name).
 *
 * @example
 * ```ts
 * renameFields({ gdbh: 'A1' }, { orderNo: 'gdbh' }); // { orderNo: 'A1' }
 * ```
 */
export function renameFields(record: Record<string, unknown>, names: Record<string, string>) {
  const renamed: Record<string, unknown> = {};
  for (const [property, keys] of namePaths(names)) renamed[property] = readPath(record, keys);
  return renamed;
}

// A profile's field names (frozen, as every hotlineProfile() is), each with its path split, built once.
const namePathsOf = new WeakMap<Record<string, string>, [string, readonly string[]][]>();

function namePaths(names: Record<string, string>): [string, readonly string[]][] {
  let paths = namePathsOf.get(names);
  if (!paths) {
    paths = Object.entries(names).map(([property, path]) => [property, path.split('.')]);
    if (Object.isFrozen(names)) namePathsOf.set(names, paths);
  }
  return paths;
}

/**
 * Turn the first zod issue of a renamed record into a typed reason naming the platform's field.
 *
 * @example
 * ```ts
 * const reason = reasonFromIssue(parsed.error.issues[0]!, renamed, profile.fields);
 * ```
 */
export function reasonFromIssue(
  issue: z.core.$ZodIssue,
  renamed: Record<string, unknown>,
  names: Record<string, string>,
): HotlineMappingReason {
  const [property, ...rest] = issue.path.map(String);
  const field = fieldName(names, property, rest);
  // A list item is present by construction (blank items of a comma-separated list are dropped).
  const missing = rest.length === 0 && isBlank(property === undefined ? undefined : renamed[property]);
  const code = reasonCode(issue, missing);
  const problem = code === 'MISSING_FIELD' ? 'is required' : issue.message;
  return { code, field, property: property ?? null, message: `${field} ${problem}` };
}

/**
 * The platform's name of a gridflow field, with an index for list items (`coUnitCodes[2]`).
 *
 * @example
 * ```ts
 * fieldName({ coUnits: 'coUnitCodes' }, 'coUnits', ['2']); // 'coUnitCodes[2]'
 * ```
 */
export function fieldName(names: Record<string, string>, property: string | undefined, rest: string[] = []) {
  if (property === undefined) return '$';
  return (names[property] ?? property) + rest.map((key) => `[${key}]`).join('');
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function reasonCode(issue: z.core.$ZodIssue, missing: boolean): HotlineMappingReasonCode {
  const custom = (issue as { params?: { reason?: HotlineMappingReasonCode } }).params?.reason;
  if (issue.code === 'custom' && custom) return custom;
  if (missing) return 'MISSING_FIELD';
  // zod reports 1.5 against `.int()` as a type issue; to a platform engineer it is a wrong value.
  if (issue.code === 'invalid_type' && issue.expected === 'int') return 'BAD_VALUE';
  return issue.code === 'invalid_type' || issue.code === 'invalid_union' ? 'BAD_TYPE' : 'BAD_VALUE';
}
