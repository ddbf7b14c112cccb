/**
 * Deep-copy a JSON-like value (plain objects, arrays, `Date`s, primitives) so that callers of the memory
 * storage can never reach stored state. Hand-rolled because `structuredClone` costs several times more on the
 * small records a commit carries, and the memory storage sits on the engine's hot path.
 *
 * @example
 * ```ts
 * const copy = cloneValue({ at: new Date(), tags: ['a'] });
 * ```
 */
export function cloneValue<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = cloneValue(value[i]);
    return out as T;
  }
  const proto = Object.getPrototypeOf(value);
  // Anything that is not a plain object (Map, typed array...) still gets a faithful, if slower, copy.
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = cloneValue((value as Record<string, unknown>)[key]);
  return out as T;
}
