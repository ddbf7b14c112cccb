import { type GridflowErrorCode, isGridflowError } from '@gridflow/engine';
import { z } from 'zod';

/**
 * HTTP status of each `GridflowError` code. A case one may not see is `CASE_NOT_FOUND` (404), as the engine
 * answers, so a refusal reveals nothing about cases outside one's jurisdiction.
 *
 * @example
 * ```ts
 * STATUS_OF.FORBIDDEN; // 403
 * ```
 */
export const STATUS_OF: Record<GridflowErrorCode | 'UNAUTHENTICATED' | 'CSRF_REJECTED', number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CSRF_REJECTED: 403,
  CASE_NOT_FOUND: 404,
  FLOW_NOT_FOUND: 404,
  EVENT_NOT_ACCEPTED: 409,
  FLOW_CONFLICT: 409,
  VERSION_CONFLICT: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  MIGRATION_INVALID: 422,
  CALENDAR_UNCOVERED: 422,
  ADAPTER_FAILED: 503,
  ENGINE_STOPPED: 503,
};

/**
 * The body of every error answer: `{ error: { code, message, details } }`.
 *
 * @example
 * ```ts
 * errorBodySchema.parse({ error: { code: 'FORBIDDEN', message: 'no', details: {} } });
 * ```
 */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(STATUS_OF) as [keyof typeof STATUS_OF, ...(keyof typeof STATUS_OF)[]]),
    message: z.string(),
    details: z.record(z.string(), z.unknown()),
  }),
});

/**
 * What the error body holds.
 *
 * @example
 * ```ts
 * const body: ErrorBody = { error: { code: 'CASE_NOT_FOUND', message: 'no case c-1', details: { caseId: 'c-1' } } };
 * ```
 */
export type ErrorBody = z.infer<typeof errorBodySchema>;

/**
 * An error answer of the server's own (not from the engine): not signed in, or a request without its CSRF token.
 *
 * @example
 * ```ts
 * throw new HttpError('UNAUTHENTICATED', 'sign in first');
 * ```
 */
export class HttpError extends Error {
  constructor(
    readonly code: 'UNAUTHENTICATED' | 'CSRF_REJECTED' | 'FORBIDDEN' | 'VALIDATION_FAILED' | 'CASE_NOT_FOUND',
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/**
 * Turn anything thrown by a route into a status and a typed body; unknown errors are 500 without internals.
 *
 * @example
 * ```ts
 * const { status, body } = errorResponse(new GridflowError('FORBIDDEN', 'no'));
 * ```
 */
export function errorResponse(error: unknown): {
  status: number;
  body: ErrorBody | { error: { code: 'INTERNAL'; message: string; details: Record<string, never> } };
} {
  if (isGridflowError(error) || error instanceof HttpError) {
    const details = isGridflowError(error) ? safeDetails(error.details) : error.details;
    return {
      status: STATUS_OF[error.code],
      body: { error: { code: error.code, message: error.message, details } },
    };
  }
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'internal error', details: {} } } };
}

/** Details as JSON: causes and other errors become their message. */
function safeDetails(details: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(details, (_key, value) => (value instanceof Error ? value.message : value)),
  ) as Record<string, unknown>;
}
