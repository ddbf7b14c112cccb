import { z } from 'zod';
import { PHONE_PATTERN } from './mask.js';

/**
 * The person who called or wrote in (来电人/诉求人): a name, a phone number checked as a mainland mobile or a
 * landline with area code, and whether they asked to stay confidential (是否保密). Personal data: masked for
 * everyone but the command centre, and hidden entirely from handling units when confidential.
 *
 * @example
 * ```ts
 * callerSchema.parse({ name: '王芳', phone: '13812345678', confidential: true });
 * ```
 */
export const callerSchema = z
  .object({
    name: z.string().trim().min(1).max(50).optional(),
    phone: z
      .string()
      .trim()
      .regex(PHONE_PATTERN, 'must be a mainland mobile (138…) or a landline with area code (010-…)')
      .optional(),
    confidential: z.boolean().default(false),
  })
  .strict();

/**
 * A structured caller, as validated by {@link callerSchema}.
 *
 * @example
 * ```ts
 * const caller: Caller = { name: '王芳', phone: '13812345678', confidential: false };
 * ```
 */
export type Caller = z.output<typeof callerSchema>;
