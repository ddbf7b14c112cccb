import { validationError } from '@gridflow/engine';
import type { z } from 'zod';

/**
 * Parse a factory's options with its zod schema, or throw `VALIDATION_FAILED` whose `details.field` names the
 * first bad option as a dotted path under `root` (`hotlineClient.baseUrl`).
 *
 * @example
 * ```ts
 * const options = parseOptions(optionsSchema, input, 'hotlineClient');
 * ```
 */
export function parseOptions<S extends z.ZodType>(schema: S, value: unknown, root: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.map(String).join('.');
  throw validationError(path ? `${root}.${path}` : root, issue.message, parsed.error);
}
