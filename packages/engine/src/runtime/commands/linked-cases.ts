import { z } from 'zod';
import type { EffectHandler } from '../../effects/effects.js';
import { permanentFailure } from '../../effects/effects.js';
import { isGridflowError } from '../../errors.js';
import { SYSTEM_ACTOR } from '../../types.js';
import type { CaseCommands } from './case-commands.js';

/**
 * Effect type of the built-in effect that opens a linked case (e.g. a 随手拍 report raising a work order).
 *
 * @example
 * ```ts
 * setup({ actions: { [CREATE_CASE_EFFECT]: effect<LinkedCasePayload>() } })
 * ```
 */
export const CREATE_CASE_EFFECT = 'gridflow.createCase';

/**
 * Effect type of the built-in effect that sends an event to another case as the system actor.
 *
 * @example
 * ```ts
 * setup({ actions: { [SEND_EVENT_EFFECT]: effect<CaseEventPayload>() } })
 * ```
 */
export const SEND_EVENT_EFFECT = 'gridflow.sendEvent';

const createPayload = z.object({
  flow: z.string().min(1),
  flowVersion: z.number().int().positive().optional(),
  caseId: z.string().min(1),
  orgUnit: z.string().min(1),
  input: z.record(z.string(), z.unknown()).optional(),
  requesterId: z.string().min(1).nullable().optional(),
});

const sendPayload = z.object({
  caseId: z.string().min(1),
  event: z.looseObject({ type: z.string().min(1) }),
});

/**
 * Payload of {@link CREATE_CASE_EFFECT}. Choose a deterministic `caseId` so the parent knows its child.
 *
 * @example
 * ```ts
 * const p: LinkedCasePayload = { flow: 'work-order', caseId: `${id}/work-order`, orgUnit: 'comm-1', input };
 * ```
 */
export type LinkedCasePayload = z.infer<typeof createPayload>;

/**
 * Payload of {@link SEND_EVENT_EFFECT}.
 *
 * @example
 * ```ts
 * const p: CaseEventPayload = { caseId: parentId, event: { type: 'linkedCaseClosed', childId } };
 * ```
 */
export type CaseEventPayload = z.infer<typeof sendPayload>;

/** The engine's own handlers for the linked-case effects; idempotent through the effect's idempotency key. */
export function linkedCaseHandlers(commands: CaseCommands): Record<string, EffectHandler> {
  return {
    [CREATE_CASE_EFFECT]: async ({ payload, idempotencyKey, caseId }) => {
      const parsed = createPayload.safeParse(payload);
      if (!parsed.success) throw permanentFailure(parsed.error);
      const p = parsed.data;
      try {
        await commands.createCase(
          {
            flow: p.flow,
            flowVersion: p.flowVersion,
            caseId: p.caseId,
            orgUnit: p.orgUnit,
            input: p.input,
            requesterId: p.requesterId ?? undefined,
            idempotencyKey,
            causationId: caseId,
          },
          true,
        );
      } catch (error) {
        throw isGridflowError(error) ? permanentFailure(error) : error;
      }
    },
    [SEND_EVENT_EFFECT]: async ({ payload, idempotencyKey, caseId }) => {
      const parsed = sendPayload.safeParse(payload);
      if (!parsed.success) throw permanentFailure(parsed.error);
      const outcome = await commands.apply(
        parsed.data.caseId,
        parsed.data.event,
        SYSTEM_ACTOR,
        { idempotencyKey, causationId: caseId, consumeTimer: null },
        true,
      );
      if (outcome.status === 'not-accepted') {
        throw permanentFailure(
          new Error(`case ${parsed.data.caseId} did not accept ${parsed.data.event.type}`),
        );
      }
    },
  };
}
