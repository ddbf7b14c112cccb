import type { Actor, CaseView, Directory, FlowDefinition } from '@gridflow/engine';
import type { AnyStateMachine } from 'xstate';
import { z } from 'zod';
import { eventLabel } from './labels.js';

/**
 * An event the signed-in member may send now, with the JSON Schema of its payload (for a generated form).
 *
 * @example
 * ```ts
 * const e: AvailableEvent = { type: 'signFor', label: '签收', schema: { type: 'object', properties: {} } };
 * ```
 */
export interface AvailableEvent {
  type: string;
  label: string;
  schema: Record<string, unknown>;
}

/** The event types the case's active states handle (guards are left to the engine, which names a refusal). */
function handledNow(flow: FlowDefinition, view: CaseView): Set<string> {
  const machine = flow.machine as AnyStateMachine;
  const snapshot = machine.resolveState({ value: view.value as never, context: view.context });
  const types = new Set<string>();
  for (const node of snapshot._nodes) for (const type of node.ownEvents) types.add(type);
  return types;
}

/** The lead and co-handling units, as the engine's `lead` and `co` scopes read them. */
function actingUnits(flow: FlowDefinition, view: CaseView) {
  const p = (flow.project?.({ value: view.value, context: view.context }) ?? view.context) as {
    leadUnit?: unknown;
    coUnits?: unknown;
  };
  return {
    leadUnit: typeof p.leadUnit === 'string' ? p.leadUnit : null,
    coUnits: Array.isArray(p.coUnits) ? (p.coUnits as string[]) : [],
  };
}

/** May `actor` send an event of `scope` on `view` with `role`? Mirrors the engine's rule (DESIGN: authorization). */
async function inScope(
  directory: Pick<Directory, 'isWithin'>,
  actor: Actor,
  role: string,
  view: CaseView,
  scope: 'case' | 'lead' | 'co',
  units: { leadUnit: string | null; coUnits: string[] },
): Promise<boolean> {
  if (role === 'resident') return view.requesterId === actor.id;
  if (scope === 'lead') return view.assignee === actor.id || units.leadUnit === actor.orgUnit;
  if (scope === 'co') return units.coUnits.includes(actor.orgUnit);
  if (view.assignee === actor.id || view.handlingUnits.includes(actor.orgUnit)) return true;
  return directory.isWithin(view.orgUnit, actor.orgUnit);
}

/**
 * The events `actor` may send on the case now: handled in its current state, allowed to one of the actor's
 * roles, and in that role's scope. `view` is the whole (unmasked) case; only event names and schemas leave.
 *
 * @example
 * ```ts
 * const events = await availableEvents({ flow, view: await engine.getCase(id), actor, directory });
 * ```
 */
export async function availableEvents(options: {
  flow: FlowDefinition;
  view: CaseView;
  actor: Actor;
  directory: Pick<Directory, 'isWithin'>;
}): Promise<AvailableEvent[]> {
  const { flow, view, actor } = options;
  if (view.status !== 'active') return [];
  const handled = handledNow(flow, view);
  const units = actingUnits(flow, view);
  const result: AvailableEvent[] = [];
  for (const [type, allowed] of Object.entries(flow.permissions.events)) {
    if (!handled.has(type) || !allowed) continue;
    const scope = flow.permissions.scopes?.[type] ?? 'case';
    let ok = false;
    for (const role of actor.roles.filter((r) => allowed.includes(r))) {
      if (await inScope(options.directory, actor, role, view, scope, units)) ok = true;
    }
    if (!ok) continue;
    const schema = flow.events[type];
    result.push({
      type,
      label: eventLabel(type),
      schema: schema
        ? (z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>)
        : {},
    });
  }
  return result;
}
