import { z } from 'zod';
import { GridflowError, validationError, zodFailure } from '../../errors.js';
import type { Actor } from '../../types.js';

const actorSchema = z.object({
  id: z.string().min(1),
  roles: z
    .array(z.string().min(1))
    .min(1)
    .refine((roles) => !roles.includes('system'), 'the system role is reserved for the engine'),
  orgUnit: z.string().min(1),
});

const eventSchema = z.looseObject({ type: z.string().min(1) });
const optionalKey = z.string().min(1).max(200).optional();

const sendSchema = z.object({
  caseId: z.string().min(1),
  actor: actorSchema,
  event: eventSchema,
  idempotencyKey: optionalKey,
  causationId: z.string().optional(),
});

const createSchema = z.object({
  flow: z.string().min(1),
  flowVersion: z.number().int().positive().optional(),
  actor: actorSchema,
  orgUnit: z.string().min(1),
  input: z.record(z.string(), z.unknown()).optional(),
  requesterId: z.string().min(1).optional(),
  idempotencyKey: optionalKey,
  caseId: z.string().min(1).max(200).optional(),
  causationId: z.string().optional(),
});

function parse<T>(schema: z.ZodType<T>, value: unknown, root: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw zodFailure(result.error, root);
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
