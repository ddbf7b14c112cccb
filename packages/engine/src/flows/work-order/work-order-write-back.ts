import { z } from 'zod';
import { deadlineIn } from '../../flow/working-time.js';
import { idRef, longText } from '../shared/fields.js';
import { extendSla } from '../sla/sla-clock.js';
import { workingDurationSchema } from '../sla/sla-policy.js';
import { toWorkingHours } from '../sla/sla-time.js';
import type { WorkOrderContext } from './work-order-context.js';
import { closeReasonSchema } from './work-order-events.js';
import type { WorkOrderCallerEvent, WorkOrderMachineEvent } from './work-order-records.js';
import type { workOrderSetup } from './work-order-setup.js';

/**
 * The effect a `work-order` emits at each step the dispatching platform must hear about, for cases that came
 * from one (`input.origin`). Its rows are ordered by the case id, so a platform hears a case's steps in the
 * order they happened, one after another, and never 回复 before 签收 was delivered.
 *
 * @example
 * ```ts
 * createEngine({ ...options, effects: { [PLATFORM_WRITE_BACK_EFFECT]: hotlineWriteBack({ client }) } });
 * ```
 */
export const PLATFORM_WRITE_BACK_EFFECT = 'platformWriteBack';

/**
 * Where a case came from outside (来源平台): the platform that dispatched it and its order number there. Set by
 * intake adapters (`hotlineIntake` sets `{ platform: 'hotline', orderNo }`); a case with an origin writes its
 * steps back to that platform.
 *
 * @example
 * ```ts
 * await engine.createCase({ flow: 'work-order', actor, orgUnit, input: { title: '路灯不亮',
 *   origin: workOrderOriginSchema.parse({ platform: 'hotline', orderNo: 'GD2026030200001' }) } });
 * ```
 */
export const workOrderOriginSchema = z.object({ platform: idRef, orderNo: idRef }).strict();

const common = {
  origin: workOrderOriginSchema,
  /** When the step happened (the event's time), ISO 8601. */
  at: z.string().min(1),
  /** Who did it: the actor's id. */
  by: idRef,
  /** The actor's org unit, and the case's lead unit (主办) when it had one. */
  unit: idRef,
  leadUnit: idRef.nullable(),
};
const nullableText = longText.nullable();

/**
 * Schema of a {@link PLATFORM_WRITE_BACK_EFFECT} row's params: the origin, the step, who and when, and the
 * step's data. Steps: `signFor` 签收, `return` 退单, `requestExtension` 延期申请 (with the deadline asked for),
 * `reply` 回复, `close` 办结.
 *
 * @example
 * ```ts
 * const payload = platformWriteBackSchema.parse(delivery.payload);
 * if (payload.step === 'reply') console.log(payload.data.solved, payload.data.result);
 * ```
 */
export const platformWriteBackSchema = z.discriminatedUnion('step', [
  z.object({ ...common, step: z.literal('signFor'), data: z.object({ note: nullableText }) }),
  z.object({
    ...common,
    step: z.literal('return'),
    data: z.object({ reason: longText, suggestedUnit: idRef.nullable() }),
  }),
  z.object({
    ...common,
    step: z.literal('requestExtension'),
    data: z.object({
      reason: longText,
      extra: workingDurationSchema,
      /** The deadline asked for: the current one moved by `extra` working time, ISO 8601. */
      newDeadline: z.string().min(1),
    }),
  }),
  z.object({
    ...common,
    step: z.literal('reply'),
    data: z.object({ result: longText, solved: z.boolean(), publicReply: longText }),
  }),
  z.object({
    ...common,
    step: z.literal('close'),
    data: z.object({ reason: closeReasonSchema, note: nullableText }),
  }),
]);

/**
 * The params of one write-back row.
 *
 * @example
 * ```ts
 * const signed: PlatformWriteBack = { origin: { platform: 'hotline', orderNo: 'GD1' }, step: 'signFor',
 *   at: '2026-03-02T02:00:00.000Z', by: 'u-city', unit: 'dept-city', leadUnit: 'dept-city', data: { note: null } };
 * ```
 */
export type PlatformWriteBack = z.output<typeof platformWriteBackSchema>;

/**
 * A step the platform hears about.
 *
 * @example
 * ```ts
 * const step: PlatformWriteBackStep = 'requestExtension';
 * ```
 */
export type PlatformWriteBackStep = PlatformWriteBack['step'];

type Event<K extends PlatformWriteBackStep> = WorkOrderCallerEvent<K>;

function dataOf(step: PlatformWriteBackStep, context: WorkOrderContext, event: WorkOrderMachineEvent) {
  switch (step) {
    case 'signFor':
      return { note: (event as Event<'signFor'>).note ?? null };
    case 'return': {
      const e = event as Event<'return'>;
      return { reason: e.reason, suggestedUnit: e.suggestedUnit ?? null };
    }
    case 'requestExtension': {
      const e = event as Event<'requestExtension'>;
      // The machine keeps working time; the platform wants a date: the current deadline moved by `extra`.
      const moved = extendSla(context.sla, e.extra).deadline;
      const newDeadline =
        moved && moved !== context.sla.deadline ? moved : deadlineIn(toWorkingHours(e.extra), 'workingHours');
      return { reason: e.reason, extra: e.extra, newDeadline };
    }
    case 'reply': {
      const e = event as Event<'reply'>;
      return { result: e.result, solved: e.solved, publicReply: e.publicReply };
    }
    case 'close': {
      const e = event as Event<'close'>;
      return { reason: e.reason, note: e.note ?? null };
    }
  }
}

/**
 * Enqueue the write-back of `step` when the case has an origin; nothing otherwise. Call it first in a
 * transition's `enqueueActions`, so it reads the case as the step found it.
 *
 * @internal
 * @example
 * ```ts
 * s.enqueueActions(({ context, event, enqueue }) => { writeBack(enqueue, context, event, 'reply'); ... })
 * ```
 */
export function writeBack(
  enqueue: unknown,
  context: WorkOrderContext,
  event: WorkOrderMachineEvent,
  step: PlatformWriteBackStep,
): void {
  const origin = context.request.origin;
  if (!origin) return;
  const params = {
    origin,
    step,
    at: event.meta.at,
    by: event.meta.actor.id,
    unit: event.meta.actor.orgUnit,
    leadUnit: context.leadUnit,
    data: dataOf(step, context, event),
  } as PlatformWriteBack;
  (enqueue as (action: { type: string; params: PlatformWriteBack }) => void)({
    type: PLATFORM_WRITE_BACK_EFFECT,
    params,
  });
}

/**
 * {@link writeBack} as an action of its own, for transitions whose actions are a list.
 *
 * @internal
 * @example
 * ```ts
 * signFor: { target: 'inProgress', actions: [writeBackAction(s, 'signFor'), ...] }
 * ```
 */
export function writeBackAction(s: ReturnType<typeof workOrderSetup>, step: PlatformWriteBackStep) {
  return s.enqueueActions(({ context, event, enqueue }) => writeBack(enqueue, context, event, step));
}
