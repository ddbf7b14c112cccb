import type { z } from 'zod';

const BRAND = Symbol.for('gridflow.error');

/**
 * Every error code gridflow raises. Codes are stable API: match on `code`, never on `message`.
 *
 * @example
 * ```ts
 * if (isGridflowError(err) && err.code === 'FORBIDDEN') reply(403);
 * ```
 */
export type GridflowErrorCode =
  | 'VALIDATION_FAILED'
  | 'FORBIDDEN'
  | 'EVENT_NOT_ACCEPTED'
  | 'CASE_NOT_FOUND'
  | 'FLOW_NOT_FOUND'
  | 'FLOW_CONFLICT'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'VERSION_CONFLICT'
  | 'CALENDAR_UNCOVERED'
  | 'ADAPTER_FAILED'
  | 'MIGRATION_INVALID'
  | 'ENGINE_STOPPED';

/**
 * Options accepted by {@link GridflowError}.
 *
 * @example
 * ```ts
 * new GridflowError('CASE_NOT_FOUND', 'no case c-1', { details: { caseId: 'c-1' } });
 * ```
 */
export interface GridflowErrorOptions {
  /** The underlying error, if any. */
  cause?: unknown;
  /** Machine-readable facts about the failure (the field, the current state, the adapter...). */
  details?: Record<string, unknown>;
}

/**
 * The one error base of gridflow. Check with {@link isGridflowError}, which works across duplicate installs.
 *
 * @example
 * ```ts
 * try { await engine.send({ caseId, actor, event: { type: 'signFor' } }); }
 * catch (err) { if (isGridflowError(err)) console.log(err.code, err.details); }
 * ```
 */
export class GridflowError extends Error {
  /** Stable code; see {@link GridflowErrorCode}. */
  readonly code: GridflowErrorCode;
  /** Facts about the failure, such as `field`, `state` or `adapter`. */
  readonly details: Record<string, unknown>;
  /** Brand read by `isGridflowError()`; a `Symbol.for` key, so it holds across duplicate installs. */
  readonly [BRAND] = true;

  constructor(code: GridflowErrorCode, message: string, options: GridflowErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GridflowError';
    this.code = code;
    this.details = options.details ?? {};
  }
}

/**
 * True when `value` is a {@link GridflowError}, optionally of the given code.
 *
 * @example
 * ```ts
 * if (isGridflowError(err, 'EVENT_NOT_ACCEPTED')) console.log(err.details.state);
 * ```
 */
export function isGridflowError<C extends GridflowErrorCode>(
  value: unknown,
  code?: C,
): value is GridflowError & { code: C } {
  if (typeof value !== 'object' || value === null || (value as Record<symbol, unknown>)[BRAND] !== true) {
    return false;
  }
  return code === undefined || (value as GridflowError).code === code;
}

/**
 * A `VALIDATION_FAILED` error naming the offending field (dotted path).
 *
 * @example
 * ```ts
 * throw validationError('event.reason', 'is required');
 * ```
 */
export function validationError(field: string, problem: string, cause?: unknown): GridflowError {
  return new GridflowError('VALIDATION_FAILED', `${field} ${problem}`, { details: { field }, cause });
}

/**
 * A zod failure as a `VALIDATION_FAILED` error naming the first bad field, prefixed with `root`; every issue is
 * listed in `details.issues`. An unknown key of a strict object is named by its own path (`options.tenantID`).
 *
 * @example
 * ```ts
 * const parsed = schema.safeParse(value);
 * if (!parsed.success) throw zodFailure(parsed.error, 'options');
 * ```
 */
export function zodFailure(error: z.ZodError, root: string): GridflowError {
  const issues = error.issues.flatMap((issue) =>
    issuePaths(issue).map((path) => ({
      path: [root, ...path].filter(Boolean).join('.') || root,
      message: issue.message,
    })),
  );
  const first = issues[0] ?? { path: root, message: 'is invalid' };
  const err = validationError(first.path, first.message, error);
  err.details.issues = issues;
  return err;
}

function issuePaths(issue: z.core.$ZodIssue): string[][] {
  const path = issue.path.map(String);
  // zod reports unknown keys on their object; naming each key tells the caller which option to fix.
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 0)
    return issue.keys.map((key) => [...path, key]);
  return [path];
}

/**
 * Parse a factory's options (or any caller-given value) with a zod schema: the parsed value, or a
 * `VALIDATION_FAILED` error whose `details.field` names the first bad option under `root` (`options.schema`,
 * `options.tuning.batchSize`) and whose `details.issues` lists every problem found. Every gridflow factory
 * checks its options with this, so a bad option always fails the same way.
 *
 * @example
 * ```ts
 * const optionsSchema = z.object({ tenantId: z.string().min(1).default('default') });
 * const { tenantId } = parseOptions(optionsSchema, options); // throws naming options.tenantId
 * ```
 */
export function parseOptions<S extends z.ZodType>(schema: S, value: unknown, root = 'options'): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw zodFailure(result.error, root);
  return result.data;
}
