import { createHash } from 'node:crypto';
import { z } from 'zod';
import { parseOptions, validationError } from '../errors.js';
import type { OutboxRecord } from '../storage/storage.js';
import type { EngineContext } from './engine-context.js';

/**
 * Arguments of `engine.enqueueEffect`: one effect to deliver through the outbox without a transition.
 *
 * @example
 * ```ts
 * await engine.enqueueEffect({ type: 'wecom.updateCard', caseId: 'c-1', idempotencyKey: 'wecom:task-1:code-1',
 *   payload: { responseCode: 'code-1', userIds: ['wangfang'], replaceName: '已接单 · 王芳' } });
 * ```
 */
export interface EnqueueEffectRequest {
  /** The effect type: the handler registered under it (or `*`) delivers the row. */
  type: string;
  /** The case the effect is about, for listings and dead letters. Not checked: the case may be gone. */
  caseId: string;
  /** Stored as JSON. */
  payload?: unknown;
  /** Names the effect: enqueueing the same key again adds nothing; handlers get it to deduplicate downstream. */
  idempotencyKey: string;
}

/**
 * What `engine.enqueueEffect` did: the outbox row's id, and whether this call added it (false when the key
 * was enqueued before, in this process or another; the first row stands).
 *
 * @example
 * ```ts
 * const { id, enqueued } = await engine.enqueueEffect(request);
 * if (!enqueued) log.debug(`effect ${id} was already recorded`);
 * ```
 */
export interface EnqueueEffectResult {
  /** Id of the outbox row (the existing one when the key was enqueued before). */
  id: string;
  /** False when the idempotency key was enqueued before and nothing was added. */
  enqueued: boolean;
}

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);
const requestSchema = z
  .object({
    type: text(200),
    caseId: text(200),
    payload: z.unknown().optional(),
    idempotencyKey: text(1000),
  })
  .strict();

/**
 * The row id of an enqueued effect: one colon and a digest, so it never equals a commit's `caseId:version:index`
 * row id, and the same key always gives the same row (which is what makes enqueueing idempotent).
 *
 * @example
 * ```ts
 * enqueuedEffectId('wecom:task-1:code-1'); // 'effect:…' (43 base64url characters)
 * ```
 */
export function enqueuedEffectId(idempotencyKey: string): string {
  return `effect:${createHash('sha256').update(idempotencyKey).digest('base64url')}`;
}

/**
 * Validate the request (`VALIDATION_FAILED` naming `request.<field>`, and `request.type` when no handler of
 * this engine takes the type: the row would only be dead-lettered) and store one unordered pending outbox row,
 * due now, unless the key was enqueued before. The row is delivered, retried and dead-lettered like any other.
 *
 * @example
 * ```ts
 * const result = await enqueueEffect(ctx, { type: 'wecom.updateCard', caseId, payload, idempotencyKey }, (t) => t in handlers);
 * ```
 */
export async function enqueueEffect(
  ctx: EngineContext,
  request: EnqueueEffectRequest,
  handles: (type: string) => boolean,
): Promise<EnqueueEffectResult> {
  const parsed = parseOptions(requestSchema, request, 'request');
  if (!handles(parsed.type)) {
    throw validationError(
      'request.type',
      `no effect handler takes "${parsed.type}": register one (or "*") in options.effects`,
    );
  }
  const now = ctx.clock.now();
  const row: OutboxRecord = {
    id: enqueuedEffectId(parsed.idempotencyKey),
    caseId: parsed.caseId,
    type: parsed.type,
    payload: storablePayload(parsed.payload),
    idempotencyKey: parsed.idempotencyKey,
    orderingKey: null,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    lastError: null,
    createdAt: now,
    deliveredAt: null,
  };
  return { id: row.id, enqueued: await ctx.storage.enqueueOutbox(row) };
}

/** JSON in, JSON out on every storage: a payload that does not survive JSON is refused here, not on a retry. */
function storablePayload(payload: unknown): unknown {
  if (payload === undefined) return null;
  let json: string | undefined;
  try {
    json = JSON.stringify(payload);
  } catch (cause) {
    throw validationError('request.payload', 'must be JSON', cause);
  }
  if (json === undefined) throw validationError('request.payload', 'must be JSON');
  return JSON.parse(json);
}
