import type { AnyStateMachine } from 'xstate';
import type { FlowDefinition } from '../flow/define-flow.js';

/** The structural slice of an XState v5 `StateNode` a diagram reads. */
interface NodeLike {
  key: string;
  path: string[];
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  description?: string;
  states: Record<string, NodeLike>;
  initial?: { target?: readonly NodeLike[] };
  transitions: Map<string, ReadonlyArray<TransitionLike>>;
  after: ReadonlyArray<TransitionLike & { delay: string | number }>;
  always?: ReadonlyArray<TransitionLike>;
}

interface TransitionLike {
  eventType: string;
  target?: readonly NodeLike[];
  guard?: unknown;
}

/**
 * One arrow of a diagram, and the events a state handles without leaving it (urging, supervision, timers
 * that only notify), which a state diagram cannot show as arrows.
 *
 * @example
 * ```ts
 * const { inPlace } = flowTransitions(workOrderFlowV2);
 * inPlace.get('dispatched'); // ['signFor.overdue', 'urge', 'supervise']
 * ```
 */
export interface FlowTransitions {
  /** Every transition as an arrow from one state to another, labelled with its event. */
  arrows: Array<{ from: string; to: string; label: string }>;
  /** Dotted state path ('' for the machine itself) → events handled there without a change of state. */
  inPlace: Map<string, string[]>;
}

const idOf = (node: NodeLike) => (node.path.length === 0 ? '[*]' : node.path.join('_').replace(/\W/g, '_'));

/** `event [guard]`, with `after <delay>` for delayed transitions and `always` for eventless ones. */
function labelOf(t: TransitionLike, delays: ReadonlyMap<string, string | number>): string {
  const delay = delays.get(t.eventType);
  const event =
    delay !== undefined
      ? `after ${typeof delay === 'number' ? `${delay}ms` : delay}`
      : t.eventType || 'always';
  const guard = guardName(t.guard);
  return guard ? `${event} [${guard}]` : event;
}

function guardName(guard: unknown): string | null {
  if (!guard) return null;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && typeof (guard as { type?: unknown }).type === 'string') {
    return (guard as { type: string }).type;
  }
  return 'guard';
}

function nodesOf(node: NodeLike): NodeLike[] {
  return [node, ...Object.values(node.states).flatMap(nodesOf)];
}

/**
 * The transitions of a flow's machine: arrows between states (labelled with the event type, `after <delay>`
 * for delays, `[guard]` when guarded) and, per state, the events handled without a change of state.
 *
 * @example
 * ```ts
 * flowTransitions(repairFlow).arrows[0]; // { from: 'open', to: 'assigned', label: 'assign' }
 * ```
 */
export function flowTransitions(flow: Pick<FlowDefinition, 'machine'>): FlowTransitions {
  const result: FlowTransitions = { arrows: [], inPlace: new Map() };
  for (const node of nodesOf((flow.machine as AnyStateMachine).root as unknown as NodeLike)) {
    const delays = new Map(node.after.map((t) => [t.eventType, t.delay] as const));
    const all = [...[...node.transitions.values()].flat(), ...(node.always ?? [])];
    for (const t of all) {
      const label = labelOf(t, delays);
      if (!t.target?.length) {
        const path = node.path.join('.');
        const list = result.inPlace.get(path) ?? [];
        if (!list.includes(label)) result.inPlace.set(path, [...list, label]);
        continue;
      }
      for (const target of t.target) result.arrows.push({ from: idOf(node), to: idOf(target), label });
    }
  }
  return result;
}

/** The lines declaring `node`'s children inside its block: labels, initial arrow, nested blocks, finals. */
function block(node: NodeLike, indent: string): string[] {
  const lines: string[] = [];
  const children = Object.values(node.states);
  const nested = node.path.length > 0;
  for (const [i, child] of children.entries()) {
    if (node.type === 'parallel' && i > 0) lines.push(`${indent}--`);
    const id = idOf(child);
    const composite = Object.keys(child.states).length > 0;
    if (nested) lines.push(`${indent}state "${child.key}" as ${id}`);
    else if (!composite) lines.push(`${indent}${id}`);
    if (child.description) lines.push(`${indent}${id}: ${child.description}`);
    if (composite) {
      lines.push(`${indent}state ${id} {`, ...block(child, `${indent}  `), `${indent}}`);
    }
  }
  for (const target of node.initial?.target ?? []) lines.push(`${indent}[*] --> ${idOf(target)}`);
  for (const child of children) if (child.type === 'final') lines.push(`${indent}${idOf(child)} --> [*]`);
  return lines;
}

/**
 * A Mermaid `stateDiagram-v2` of a flow version's machine: nested states as composite states, `[*]` arrows to
 * each initial state and from each final state, transitions labelled with their event type (`after
 * slaDeadline` for delays, `[guard]` when guarded). Transitions that do not change state are left out (see
 * {@link flowTransitions}). The output is deterministic, so committed diagrams can be checked against code.
 *
 * @example
 * ```ts
 * const mermaid = flowDiagram(workOrderFlowV2);
 * // stateDiagram-v2
 * //   [*] --> submitted
 * //   submitted --> pendingDispatch: accept
 * ```
 */
export function flowDiagram(flow: Pick<FlowDefinition, 'machine'>): string {
  const root = (flow.machine as AnyStateMachine).root as unknown as NodeLike;
  const arrows = flowTransitions(flow).arrows.map((a) => `  ${a.from} --> ${a.to}: ${a.label}`);
  return ['stateDiagram-v2', ...block(root, '  '), ...arrows].join('\n');
}
