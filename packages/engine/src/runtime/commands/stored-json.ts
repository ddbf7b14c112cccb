import { validationError } from '../../errors.js';
import type { CommitRequest } from '../../storage/storage.js';

/**
 * The value as a JSON column keeps it: what `JSON.parse(JSON.stringify(value))` gives (a `Date` becomes its ISO
 * string, `undefined` fields go), so memory storage holds exactly what Postgres `jsonb` would, and the case a
 * command returns equals the one a later read loads. A value JSON cannot hold (a `BigInt`, a cycle) is
 * `VALIDATION_FAILED` naming where it sits (`context.amount`), before anything is written.
 *
 * @example
 * ```ts
 * toStoredJson({ at: new Date(0) }, 'context'); // { at: '1970-01-01T00:00:00.000Z' }
 * toStoredJson({ n: 1n }, 'context'); // throws VALIDATION_FAILED, field 'context.n'
 * ```
 */
export function toStoredJson<T>(value: T, path: string): T {
  // Most values already are what JSON keeps (plain objects, arrays, strings, finite numbers): checking that is a
  // walk without allocation, where a round trip through text would copy everything on every commit.
  if (isJsonClean(value, 0)) return value;
  const copied = storedCopy(value, path);
  return (copied === undefined ? null : copied) as T;
}

/**
 * A fresh copy of `value` as a JSON column keeps it (see {@link toStoredJson}), never the value itself: for what
 * must not change when its sender's object does, such as an outside record kept for the quarantine. One walk;
 * what that walk leaves (a `BigInt`, a cycle, a `__proto__` field) takes the round trip through text, and a
 * value JSON cannot hold is `VALIDATION_FAILED` naming `path`.
 *
 * @example
 * ```ts
 * const kept = copyStoredJson(JSON.parse(body), 'raw'); // kept !== the parsed object, equal in JSON
 * ```
 */
export function copyStoredJson(value: unknown, path: string): unknown {
  const copied = storedCopy(value, path);
  if (copied === undefined) throw validationError(path, 'cannot be stored as JSON');
  return copied;
}

/**
 * `JSON.parse(JSON.stringify(value))`, always a copy: one walk, or the round trip through text for what the walk
 * leaves, naming where a value JSON cannot hold sits. `undefined` when JSON gives nothing (a function, a symbol).
 */
function storedCopy(value: unknown, path: string): unknown {
  const copied = jsonCopy(value, '', 0);
  if (copied !== UNCOPYABLE) return copied;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (cause) {
    const [where, what] = findUnstorable(value, path, new WeakSet()) ?? [path, 'cannot be stored as JSON'];
    throw validationError(where, what, cause);
  }
  return text === undefined ? undefined : JSON.parse(text);
}

/**
 * Every JSON part of a commit (snapshot, journal events, timer events, effect payloads) as storage keeps it; see
 * {@link toStoredJson}. Top-level dates (`createdAt`, `dueAt`) are columns, not JSON, and stay dates.
 *
 * @example
 * ```ts
 * const request = storedCommit(prepared.request);
 * ```
 */
export function storedCommit(request: CommitRequest): CommitRequest {
  return {
    ...request,
    // Named as a flow author knows the fields: `context.amount`, not `snapshot.context.amount`.
    case: { ...request.case, snapshot: toStoredSnapshot(request.case.snapshot) },
    journal: request.journal.map((entry) => ({ ...entry, event: toStoredJson(entry.event, 'event') })),
    scheduleTimers: request.scheduleTimers.map((timer) => ({
      ...timer,
      event: toStoredJson(timer.event, `timers.${timer.key}.event`),
    })),
    outbox: request.outbox.map((row) => ({
      ...row,
      payload: toStoredJson(row.payload, `effects.${row.type}`),
    })),
  };
}

/**
 * A persisted XState snapshot as JSON keeps it. Its top level carries fields that are `undefined` while the
 * machine runs (`output`, `error`), which JSON drops: dropping them in a shallow copy lets the rest (the context,
 * the state value) pass the allocation-free check instead of being copied whole on every commit.
 */
function toStoredSnapshot<T>(snapshot: T): T {
  if (
    typeof snapshot !== 'object' ||
    snapshot === null ||
    Object.getPrototypeOf(snapshot) !== Object.prototype
  ) {
    return toStoredJson(snapshot, '');
  }
  if ('toJSON' in snapshot || Object.getOwnPropertySymbols(snapshot).length > 0)
    return toStoredJson(snapshot, '');
  const top: Record<string, unknown> = {};
  for (const key of Object.keys(snapshot)) {
    const value = (snapshot as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (key === '__proto__' || !isJsonClean(value, 1)) return toStoredJson(snapshot, '');
    top[key] = value;
  }
  return top as T;
}

function findUnstorable(value: unknown, path: string, seen: WeakSet<object>): [string, string] | null {
  if (typeof value === 'bigint')
    return [
      path || 'value',
      'is a BigInt, which JSON (and so Postgres jsonb) cannot hold: store it as a string',
    ];
  if (typeof value !== 'object' || value === null) return null;
  if (seen.has(value)) return [path || 'value', 'refers back to itself (a cycle), which JSON cannot hold'];
  seen.add(value);
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return null;
  for (const [key, item] of Object.entries(value)) {
    const found = findUnstorable(item, path ? `${path}.${key}` : key, seen);
    if (found) return found;
  }
  seen.delete(value);
  return null;
}

/** Deeper values take the round trip, which also reports a cycle. */
const CLEAN_WALK_DEPTH = 64;

/**
 * Whether `JSON.parse(JSON.stringify(value))` would give back an equal value: only `null`, booleans, strings,
 * finite numbers other than `-0`, arrays of such values and plain objects (prototype `Object.prototype`, no `toJSON`) whose fields are such
 * values. `undefined` fields, dates, class instances, `NaN`, functions and symbols are not clean.
 */
function isJsonClean(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      if (depth >= CLEAN_WALK_DEPTH) return false;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          if (!(i in value) || !isJsonClean(value[i], depth + 1)) return false;
        }
        return true;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype || 'toJSON' in value) return false;
      for (const key in value) {
        if (!Object.hasOwn(value, key)) return false;
        if (!isJsonClean((value as Record<string, unknown>)[key], depth + 1)) return false;
      }
      return Object.getOwnPropertySymbols(value).length === 0;
    }
    default:
      return false;
  }
}

/** What {@link jsonCopy} answers when it leaves a value to the round trip through text. */
const UNCOPYABLE = Symbol('uncopyable');

/**
 * `JSON.parse(JSON.stringify(value))` in one walk, without the text: `undefined`, function and symbol fields go
 * (in arrays they become `null`), non-finite numbers become `null`, `toJSON` is called (a `Date` becomes its ISO
 * string). A `BigInt`, boxed primitives, a cycle or a very deep value answer {@link UNCOPYABLE}, so the round
 * trip decides, and names the field when it fails.
 */
function jsonCopy(value: unknown, key: string, depth: number): unknown {
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    value = (value as { toJSON(key: string): unknown }).toJSON(key);
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value + 0 : null;
    case 'object': {
      if (value === null) return null;
      if (depth >= CLEAN_WALK_DEPTH) return UNCOPYABLE;
      if (value instanceof Number || value instanceof String || value instanceof Boolean) return UNCOPYABLE;
      if (Array.isArray(value)) {
        const out: unknown[] = new Array(value.length);
        for (let i = 0; i < value.length; i++) {
          const item = jsonCopy(value[i], String(i), depth + 1);
          if (item === UNCOPYABLE) return UNCOPYABLE;
          out[i] = item === undefined ? null : item;
        }
        return out;
      }
      const out: Record<string, unknown> = {};
      for (const field of Object.keys(value)) {
        if (field === '__proto__') return UNCOPYABLE; // an own field JSON.parse would create; assignment would not
        const item = jsonCopy((value as Record<string, unknown>)[field], field, depth + 1);
        if (item === UNCOPYABLE) return UNCOPYABLE;
        if (item !== undefined) out[field] = item;
      }
      return out;
    }
    case 'bigint':
      return UNCOPYABLE;
    default:
      return undefined;
  }
}
