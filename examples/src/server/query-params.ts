import { validationError } from '@gridflow/engine';
import type { z } from 'zod';

/**
 * Parse query parameters or a body with `schema`; the first problem is `VALIDATION_FAILED` naming
 * `<where>.<field>`.
 *
 * @example
 * ```ts
 * const q = parseWith(caseQuerySchema, c.req.query(), 'query');
 * ```
 */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw validationError([where, ...issue.path.map(String)].join('.'), issue.message, result.error);
}

/**
 * The JSON body of a request, or `VALIDATION_FAILED` on `body`.
 *
 * @example
 * ```ts
 * const body = await jsonBody(c.req.raw);
 * ```
 */
export async function jsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw validationError('body', 'must be JSON');
  }
}
