import type { z } from 'zod';

/**
 * Inputs this module parsed, with the schema that parsed them. Only {@link validateFlowInput} adds to it, and
 * only objects it just produced and froze, so an entry cannot be forged and its object cannot change after.
 */
const validated = new WeakMap<object, z.ZodType>();

/**
 * Parse a flow's `createCase` input once, for a caller that needs the result before the engine does (an intake
 * that turns a schema issue into its own quarantine reason). A successful result is deep-frozen and remembered:
 * when that very object reaches `createCase` as `input` of a flow whose `input` schema is the same schema object,
 * the engine does not parse it again. Any other object, a copy, or another schema is parsed as usual.
 *
 * @example
 * ```ts
 * import { workOrderInputSchema } from '@gridflow/engine/flows';
 * const parsed = validateFlowInput(workOrderInputSchema, candidate);
 * if (parsed.success) await engine.createCase({ flow: 'work-order', actor, orgUnit, input: parsed.data });
 * ```
 */
export function validateFlowInput<T>(schema: z.ZodType<T>, value: unknown): z.ZodSafeParseResult<T> {
  const result = schema.safeParse(value);
  if (result.success && typeof result.data === 'object' && result.data !== null && isPlainTree(result.data)) {
    deepFreeze(result.data);
    validated.set(result.data, schema);
  }
  return result;
}

/** Whether `value` is an object {@link validateFlowInput} produced with exactly `schema`. */
export function isValidatedBy(value: unknown, schema: z.ZodType): boolean {
  return typeof value === 'object' && value !== null && validated.get(value) === schema;
}

/**
 * Plain objects and arrays all the way down: what freezing makes immutable. A Date's time can still be set
 * through a frozen Date (and a Map's entries), so an input holding one is parsed again by the engine.
 */
function isPlainTree(value: object, depth = 0): boolean {
  if (depth > 64) return false;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) return false;
  for (const child of Object.values(value)) {
    if (typeof child === 'object' && child !== null && !isPlainTree(child, depth + 1)) return false;
  }
  return true;
}

function deepFreeze(value: object): void {
  Object.freeze(value);
  for (const child of Object.values(value)) {
    if (typeof child === 'object' && child !== null && !Object.isFrozen(child)) deepFreeze(child);
  }
}
