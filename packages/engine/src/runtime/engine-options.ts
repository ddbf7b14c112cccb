import { z } from 'zod';
import { parseOptions } from '../errors.js';
import { FlowRegistry } from '../flow/flow-registry.js';
import type { EngineOptions } from './engine-types.js';

const isObject = (v: unknown) => typeof v === 'object' && v !== null;
const isFunction = (v: unknown) => typeof v === 'function';
const hasMethods =
  (...names: string[]) =>
  (v: unknown) =>
    isObject(v) && names.every((name) => isFunction((v as Record<string, unknown>)[name]));

/** A check whose message says "is required" when the option is left out and `problem` otherwise. */
function shaped<T>(check: (v: unknown) => boolean, problem: string) {
  return z.custom<T>(check, { error: (issue) => (issue.input === undefined ? 'is required' : problem) });
}

// Not strict: embedders build options by spreading their own config objects. The adapters' members are checked
// by the guard, all at once; this only checks that each option has the right kind of value.
const engineOptionsSchema = z.object({
  storage: shaped(isObject, 'must be a storage adapter object'),
  flows: shaped(
    (v) => v instanceof FlowRegistry || Array.isArray(v),
    'must be a FlowRegistry or an array of flow definitions',
  ),
  directory: shaped(isObject, 'must be a directory object'),
  calendar: shaped(isObject, 'must be a calendar object').optional(),
  clock: shaped(hasMethods('now', 'sleep'), 'must have now() and sleep()').optional(),
  effects: z.record(z.string(), shaped(isFunction, 'must be a function')).optional(),
  logger: shaped(hasMethods('warn', 'error'), 'must have warn() and error()').optional(),
  instanceId: z.string().min(1).optional(),
  tuning: shaped(isObject, 'must be an object').optional(),
  metrics: z
    .object({ facts: z.record(z.string(), shaped(isFunction, 'must be a function')).optional() })
    .optional(),
  ownsAdapters: z.boolean().optional(),
  unhandledEffects: z.enum(['error', 'warn']).optional(),
});

/**
 * Check what `createEngine` was given: a bad option is `VALIDATION_FAILED` naming `options.<path>`. Returns the
 * caller's own object, so adapters keep their identity.
 */
export function parseEngineOptions(options: EngineOptions): EngineOptions {
  parseOptions(engineOptionsSchema, options);
  return options;
}
