import type { AnyStateMachine } from 'xstate';
import type { z } from 'zod';
import { GridflowError } from '../errors.js';
import type { Actor, GridflowEvent, Role } from '../types.js';
import { checkMachine } from './check-machine.js';
import { contentHash } from './content-hash.js';
import type { FlowLabels } from './flow-labels.js';
import type { FlowReferences } from './flow-references.js';

export { type EffectOptions, effect, type OrderingKey } from './effect-action.js';

/**
 * How closely a staff member must be involved in a case to send an event, beyond holding an allowed role:
 * - `case` (the default): the case's org unit lies in the actor's subtree, the actor's unit handles it (is one
 *   of its `handlingUnits`), or the case is assigned to the actor; for watching, urging, supervising and
 *   dispatching.
 * - `lead`: the actor's unit is the case's lead handling unit (主办), or the case is assigned to the actor; for
 *   the events of the handling itself (签收, 退单, 挂起, 延期, 回复).
 * - `co`: the actor's unit is one of the case's co-handling units (协办), reporting its own part.
 *
 * Residents act only on cases they requested, whatever the scope. The lead and co-handling units are read from
 * the case's snapshot (the projection's `leadUnit` and `coUnits`, by default the context fields of those names).
 *
 * @example
 * ```ts
 * const scopes: Record<string, EventScope> = { signFor: 'lead', reply: 'lead', reportPart: 'co' };
 * ```
 */
export type EventScope = 'case' | 'lead' | 'co';

const EVENT_SCOPES: readonly EventScope[] = ['case', 'lead', 'co'];

/**
 * Who may do what in a flow. `create` lists the roles that may open a case; `events` lists, for every event a
 * caller may send, the roles allowed to send it. An event missing here can only come from timers or the engine.
 * Beyond the role, the engine checks scope: a `resident` acts only on cases they requested; any other role only
 * on cases whose org unit lies in the actor's subtree, whose handling units include the actor's unit, or that
 * are assigned to the actor; `scopes` narrows that for events of the handling (see {@link EventScope}).
 *
 * @example
 * ```ts
 * const permissions = { create: ['resident', 'gridWorker'], events: { signFor: ['departmentHandler'] } };
 * ```
 */
export interface FlowPermissions<TEventType extends string = string> {
  /** Roles that may create a case of this flow. */
  create: readonly Role[];
  /** Roles that may send each event type; an event without an entry is refused. */
  events: { readonly [K in TEventType]?: readonly Role[] };
  /** Events that only the lead handling unit (`lead`) or a co-handling unit (`co`) may send; others are `case`. */
  scopes?: { readonly [K in TEventType]?: EventScope };
  /**
   * Roles that may read a case (in their scope, as above). Defaults to the command centre and every role named
   * in `create` and `events`; a role named nowhere sees nothing, and a case it may not read answers `CASE_NOT_FOUND`.
   */
  read?: readonly Role[];
  /**
   * Roles that see personal data whole (a caller's name and phone, phone numbers in text): the command centre
   * by default (`dispatcher`, `supervisor`). Everyone else who may read sees it masked (`138****5678`), and a
   * confidential caller (保密) not at all; the requester always sees their own.
   */
  personalData?: readonly Role[];
}

/**
 * The district command centre's roles (指挥中心: dispatchers and supervisors): by default they read every case
 * and see personal data whole.
 *
 * @example
 * ```ts
 * COMMAND_CENTRE_ROLES.includes('dispatcher'); // true
 * ```
 */
export const COMMAND_CENTRE_ROLES: readonly Role[] = ['dispatcher', 'supervisor'];

/**
 * The roles that may read a flow's cases: `permissions.read`, or every role the permissions name.
 *
 * @example
 * ```ts
 * readRoles(workOrderFlowV2.permissions); // ['resident', 'dispatcher', ...]
 * ```
 */
export function readRoles(permissions: FlowPermissions): readonly Role[] {
  if (permissions.read) return permissions.read;
  // The command centre watches every flow, whether or not it acts in it.
  const roles = new Set<Role>([...permissions.create, ...COMMAND_CENTRE_ROLES]);
  for (const allowed of Object.values(permissions.events) as Array<readonly Role[] | undefined>) {
    for (const role of allowed ?? []) roles.add(role);
  }
  return [...roles];
}

/**
 * The ids of the flows that one of `actor`'s roles may read in some version (the system actor reads them all), in
 * the order the flows were registered. A per-case check still decides each case; this narrows a list to the
 * flows worth asking about.
 *
 * @example
 * ```ts
 * readableFlowIds(engine.flows, partyOrg); // ['three-orders', 'micro-wish']
 * ```
 */
export function readableFlowIds(
  flows: { list(): readonly Pick<FlowDefinition, 'id' | 'permissions'>[] },
  actor: Pick<Actor, 'roles'>,
): string[] {
  const system = actor.roles.includes('system');
  const readable = new Set<string>();
  for (const flow of flows.list()) {
    const roles = readRoles(flow.permissions);
    if (system || actor.roles.some((role) => roles.includes(role))) readable.add(flow.id);
  }
  return [...readable];
}

/**
 * The indexed columns of a case, derived from its snapshot after each transition.
 *
 * @example
 * ```ts
 * const project = (s) => ({ orgUnit: s.context.unit, assignee: s.context.handler ?? null });
 * ```
 */
export interface CaseProjection {
  /** Org unit the case belongs to; unchanged when omitted. */
  orgUnit?: string;
  /** Member responsible now; null clears it, omitted keeps it. */
  assignee?: string | null;
  /** The requester who owns the case; null clears it, omitted keeps it. */
  requesterId?: string | null;
  /** Units handling the case (lead and co-handling); omitted keeps them. */
  handlingUnits?: readonly string[];
  /** The lead handling unit (主办), read when authorizing an event with the `lead` scope; not stored. */
  leadUnit?: string | null;
  /** The co-handling units (协办), read when authorizing an event with the `co` scope; not stored. */
  coUnits?: readonly string[];
}

/**
 * Reasons for refusals, by guard name (see {@link FlowConfig.refusals}).
 *
 * @example
 * ```ts
 * const refusals: FlowRefusals = {
 *   beforeDeadline: 'an extension is requested before the deadline',
 *   withinReturnLimit: ({ context }) => `退单时限已过 (${(context as { returnDueAt: string }).returnDueAt})`,
 * };
 * ```
 */
export type FlowRefusals = {
  readonly [guard: string]: string | ((args: { context: unknown; event: GridflowEvent }) => string);
};

/**
 * What {@link defineFlow} takes.
 *
 * @example
 * ```ts
 * defineFlow({ id: 'repair', version: 1, machine, events: { fix: z.object({ note: z.string() }) },
 *   permissions: { create: ['resident'], events: { fix: ['gridWorker'] } } });
 * ```
 */
export interface FlowConfig<
  TMachine extends AnyStateMachine = AnyStateMachine,
  TEvents extends Record<string, z.ZodType> = Record<string, z.ZodType>,
  TId extends string = string,
> {
  /** Stable flow id, e.g. `work-order`. */
  id: TId;
  /** Positive integer; new cases use the newest registered version. */
  version: number;
  /** An XState v5 machine made with `setup(...).createMachine(...)`. */
  machine: TMachine;
  /** Payload schema (without `type` and `meta`) for each event a caller may send. */
  events: TEvents;
  /** Schema of `createCase`'s `input`. Defaults to any object. */
  input?: z.ZodType;
  /** Which roles may create cases and send each event. */
  permissions: FlowPermissions<Extract<keyof TEvents, string>>;
  /** Ids in event payloads that must exist (units, departments, members, other cases), checked at send time. */
  references?: FlowReferences;
  /** Names of custom actions (declared in `setup({ actions })`) that are effects: they become outbox rows. */
  effects?: readonly string[];
  /**
   * Delay names (or `raise`/`after` ids) that are the case's SLA deadline: while such a timer is pending its due
   * time is the case's `dueAt` (used by overdue queries and metrics).
   */
  deadlines?: readonly string[];
  /**
   * Why an event is not accepted when one of the machine's named guards stops it: guard name → the reason, or a
   * function of the case's context and the event that words it. `EVENT_NOT_ACCEPTED` then carries it in its
   * message and `details.reason`.
   */
  refusals?: FlowRefusals;
  /** Derive indexed columns from the snapshot. Defaults to reading the same-named `context` fields. */
  project?: (snapshot: { value: unknown; context: unknown }) => CaseProjection;
  /** One line for diagrams and docs. */
  description?: string;
  /**
   * Words for events, states and timers in timelines and inspectors (`签收`, `待签收`, `超时提醒`); display only,
   * not hashed. See {@link FlowLabels}.
   */
  labels?: FlowLabels;
}

/**
 * A validated, hashed flow version, ready to register.
 *
 * @example
 * ```ts
 * console.log(flow.id, flow.version, flow.hash);
 * ```
 */
export interface FlowDefinition<
  TMachine extends AnyStateMachine = AnyStateMachine,
  TEvents extends Record<string, z.ZodType> = Record<string, z.ZodType>,
  TId extends string = string,
> extends Readonly<FlowConfig<TMachine, TEvents, TId>> {
  /** `sha256:` hash of the machine's configuration, implementations' source, events and permissions. */
  readonly hash: string;
  readonly effects: readonly string[];
  readonly deadlines: readonly string[];
}

const FLOW_ID = /^[a-z][a-z0-9-]*$/;

/**
 * Validate and hash a flow version. Throws `VALIDATION_FAILED` naming the bad field.
 *
 * @example
 * ```ts
 * import { setup } from 'xstate';
 * import { z } from 'zod';
 * const machine = setup({}).createMachine({ id: 'repair', initial: 'open',
 *   states: { open: { on: { fix: 'fixed' } }, fixed: { type: 'final' } } });
 * export const repairFlow = defineFlow({ id: 'repair', version: 1, machine,
 *   events: { fix: z.object({}) }, permissions: { create: ['resident'], events: { fix: ['gridWorker'] } } });
 * ```
 */
export function defineFlow<
  TMachine extends AnyStateMachine,
  TEvents extends Record<string, z.ZodType>,
  TId extends string,
>(config: FlowConfig<TMachine, TEvents, TId>): FlowDefinition<TMachine, TEvents, TId> {
  const invalid = (field: string, problem: string) =>
    new GridflowError('VALIDATION_FAILED', `flow ${field} ${problem}`, {
      details: { field, flowId: config.id },
    });
  if (typeof config.id !== 'string' || !FLOW_ID.test(config.id)) {
    throw invalid('id', 'must be kebab-case (a-z, 0-9, -)');
  }
  if (!Number.isInteger(config.version) || config.version < 1) {
    throw invalid('version', 'must be a positive integer');
  }
  if (!config.machine || typeof config.machine.transition !== 'function') {
    throw invalid('machine', 'must be an XState v5 machine');
  }
  const actions = (config.machine.implementations?.actions ?? {}) as Record<string, unknown>;
  const effects = config.effects ?? [];
  for (const name of effects) {
    if (!(name in actions))
      throw invalid(`effects.${name}`, 'is not an action declared in setup({ actions })');
  }
  for (const type of Object.keys(config.permissions?.events ?? {})) {
    if (!(type in config.events))
      throw invalid(`permissions.events.${type}`, 'names an event not in `events`');
  }
  const guards = (config.machine.implementations?.guards ?? {}) as Record<string, unknown>;
  for (const [name, reason] of Object.entries(config.refusals ?? {})) {
    if (!Object.hasOwn(guards, name))
      throw invalid(`refusals.${name}`, 'is not a guard declared in setup({ guards })');
    if (typeof reason !== 'function' && (typeof reason !== 'string' || reason.trim() === ''))
      throw invalid(`refusals.${name}`, 'must be a reason (a non-empty string or a function returning one)');
  }
  for (const [type, scope] of Object.entries(config.permissions?.scopes ?? {})) {
    if (!Object.hasOwn(config.events, type))
      throw invalid(`permissions.scopes.${type}`, 'names an event not in `events`');
    if (!EVENT_SCOPES.includes(scope as EventScope))
      throw invalid(`permissions.scopes.${type}`, `must be one of ${EVENT_SCOPES.join(', ')}`);
  }
  for (const [type, fields] of Object.entries(config.references ?? {})) {
    if (!Object.hasOwn(config.events, type))
      throw invalid(`references.${type}`, 'names an event not in `events`');
    for (const [field, kind] of Object.entries(fields)) {
      if (!['unit', 'department', 'member', 'otherCase'].includes(kind)) {
        throw invalid(`references.${type}.${field}`, 'must be unit, department, member or otherCase');
      }
    }
  }
  for (const type of Object.keys(config.events)) {
    if (type.startsWith('xstate.') || type.startsWith('gridflow.')) {
      throw invalid(`events.${type}`, 'uses a reserved prefix (xstate., gridflow.)');
    }
  }
  if (!Array.isArray(config.permissions?.create)) throw invalid('permissions.create', 'must list roles');
  checkMachine({ ...config, effects, deadlines: config.deadlines ?? [] }, config.id);
  return Object.freeze({
    ...config,
    effects: Object.freeze([...effects]),
    deadlines: Object.freeze([...(config.deadlines ?? [])]),
    hash: contentHash(config),
  });
}
