import { z } from 'zod';
import { GridflowError, validationError, zodFailure } from '../../errors.js';
import type { Actor } from '../../types.js';
import { assertStorableText } from './storable-text.js';

/** Ids name units, members, cases and keys: bounded so that every storage can index them. */
const id = z
  .string()
  .min(1)
  .max(200)
  .refine((value) => value.trim() === value, 'must not start or end with spaces');

const actorSchema = z.object({
  id,
  roles: z
    .array(id)
    .min(1)
    .max(50)
    .refine((roles) => !roles.includes('system'), 'the system role is reserved for the engine'),
  orgUnit: id,
});

const eventSchema = z.looseObject({ type: z.string().min(1).max(100) });
const optionalKey = id.optional();

const sendSchema = z.object({
  caseId: id,
  actor: actorSchema,
  event: eventSchema,
  idempotencyKey: optionalKey,
  causationId: id.optional(),
});

const createSchema = z.object({
  flow: id,
  flowVersion: z.number().int().positive().optional(),
  actor: actorSchema,
  orgUnit: id,
  input: z.record(z.string(), z.unknown()).optional(),
  requesterId: id.optional(),
  idempotencyKey: optionalKey,
  caseId: id.optional(),
  causationId: id.optional(),
});

function parse<T>(schema: z.ZodType<T>, value: unknown, root: string): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw validationError(root || 'request', 'must be an object');
  }
  const result = schema.safeParse(value);
  if (!result.success) throw zodFailure(result.error, root);
  assertStorableText(result.data, root);
  return result.data;
}

/** Check the shape of a `send` request. */
export const parseSendRequest = (value: unknown) => parse(sendSchema, value, '');

/** Check the shape of a `createCase` request. */
export const parseCreateRequest = (value: unknown) => parse(createSchema, value, '');

/** Check an actor given to a read method. */
export const parseActor = (value: unknown): Actor => parse(actorSchema, value, 'actor');

/** Validate an event payload against the flow's schema; the result is `{ type, ...payload }` without `meta`. */
export function parseEventPayload(
  schemas: Record<string, z.ZodType>,
  event: { type: string; [field: string]: unknown },
): Record<string, unknown> {
  // A caller's string never indexes the prototype chain (`toString`, `__proto__`...).
  const schema = Object.hasOwn(schemas, event.type) ? schemas[event.type] : undefined;
  if (!schema) {
    throw new GridflowError('VALIDATION_FAILED', `event.type ${event.type} is not an event of this flow`, {
      details: { field: 'event.type', eventType: event.type, known: Object.keys(schemas) },
    });
  }
  const { type, meta, ...payload } = event;
  if (meta !== undefined) throw validationError('event.meta', 'is reserved: the engine sets it');
  return parse(schema, payload, 'event') as Record<string, unknown>;
}
