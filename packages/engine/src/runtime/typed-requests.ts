import type { z } from 'zod';
import type { EventMeta } from '../types.js';

/**
 * An event a caller sends when nothing more is known of the flows: a `type` and any fields.
 *
 * @example
 * ```ts
 * const event: AnyCaseEvent = { type: 'reply', result: '已修复', solved: true };
 * ```
 */
export interface AnyCaseEvent {
  /** Event type. */
  type: string;
  [field: string]: unknown;
}

/**
 * The event schemas of a flow definition (its `events`), by event type.
 *
 * @example
 * ```ts
 * type Schemas = FlowEventSchemas<typeof repairFlow>; // { fix: ZodObject<...>, ... }
 * ```
 */
export type FlowEventSchemas<TFlow> = TFlow extends { readonly events: infer TEvents } ? TEvents : never;

/**
 * The events a caller may send to a flow's cases, inferred from its zod schemas: `{ type: 'fix', note?: string }
 * | ...`. A flow whose `events` are not known precisely (a registry, a loosely typed definition) takes
 * {@link AnyCaseEvent}. With several flows, the union of their events.
 *
 * @example
 * ```ts
 * const event: CaseEvent<typeof repairFlow> = { type: 'assign', to: 'g-wang' };
 * // @ts-expect-error: no such event in the flow
 * const typo: CaseEvent<typeof repairFlow> = { type: 'asign', to: 'g-wang' };
 * ```
 */
export type CaseEvent<TFlow> = TFlow extends unknown ? EventsOf<FlowEventSchemas<TFlow>> : never;

type EventsOf<TEvents> = [TEvents] extends [never]
  ? AnyCaseEvent
  : string extends keyof TEvents
    ? AnyCaseEvent
    : {
        [K in keyof TEvents & string]: { type: K } & PayloadOf<TEvents[K]>;
      }[keyof TEvents & string];

/** A schema's input; `{}` for an empty strict object (zod types it `Record<string, never>`, which `type` breaks). */
type PayloadOf<TSchema> = TSchema extends z.ZodType
  ? string extends keyof z.input<TSchema>
    ? // biome-ignore lint/complexity/noBannedTypes: the empty payload: only `type` is sent
      {}
    : z.input<TSchema>
  : Record<string, unknown>;

/**
 * What the engine hands a flow's machine as `input` at `createCase`: the validated `input` plus the case's own
 * fields. Type a machine's input with it.
 *
 * @example
 * ```ts
 * const machine = setup({ types: {} as { input: CaseMachineInput<{ title: string }>; context: Ctx } })
 *   .createMachine({ context: ({ input }) => ({ title: input.title, unit: input.orgUnit, chain: input.orgChain }) });
 * ```
 */
export type CaseMachineInput<TInput = Record<string, unknown>> = TInput & {
  /** The case id. */
  caseId: string;
  /** The org unit the case belongs to. */
  orgUnit: string;
  /** The unit and its ancestors up to the root, nearest first (from the directory). */
  orgChain: string[];
  /** The requester (a resident), or null. */
  requesterId: string | null;
  /** Who created the case, and when. */
  meta: EventMeta;
};
