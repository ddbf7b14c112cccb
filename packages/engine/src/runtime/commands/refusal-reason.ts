import type { AnyMachineSnapshot } from 'xstate';
import type { FlowDefinition } from '../../flow/define-flow.js';
import type { GridflowEvent } from '../../types.js';

/** The structural slice of an XState v5 `StateNode` read here. */
interface NodeLike {
  states: Record<string, NodeLike>;
  transitions: Map<string, ReadonlyArray<{ guard?: unknown }>>;
}

/** The active state nodes of a state value, deepest first (the order XState picks transitions in). */
function activeNodes(node: NodeLike, value: unknown): NodeLike[] {
  const below: NodeLike[] = [];
  if (typeof value === 'string') {
    const child = node.states[value];
    if (child) below.push(child);
  } else if (value && typeof value === 'object') {
    for (const [key, childValue] of Object.entries(value)) {
      const child = node.states[key];
      if (child) below.push(...activeNodes(child, childValue));
    }
  }
  return [...below.reverse(), node];
}

const guardName = (guard: unknown): string | null =>
  typeof guard === 'string'
    ? guard
    : typeof (guard as { type?: unknown } | null)?.type === 'string'
      ? (guard as { type: string }).type
      : null;

/**
 * Why a state did not take an event, when the flow says (`refusals`): the reason declared for the first named
 * guard on a transition the active states have for the event type. Called only after the transition changed
 * nothing, so that guard was false. Null when the state has no such transition or the flow gives no reason.
 *
 * @example
 * ```ts
 * refusalReason(flow, previous, event); // '退单时限已过: returns are accepted until …'
 * ```
 */
export function refusalReason(
  flow: Pick<FlowDefinition, 'machine' | 'refusals'>,
  snapshot: AnyMachineSnapshot,
  event: GridflowEvent,
): string | null {
  const refusals = flow.refusals;
  if (!refusals) return null;
  const root = flow.machine.root as unknown as NodeLike;
  for (const node of activeNodes(root, snapshot.value)) {
    for (const transition of node.transitions.get(event.type) ?? []) {
      const name = guardName(transition.guard);
      if (!name || !Object.hasOwn(refusals, name)) continue;
      const reason = refusals[name]!;
      return typeof reason === 'string' ? reason : reason({ context: snapshot.context, event });
    }
  }
  return null;
}
