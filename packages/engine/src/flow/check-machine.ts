import type { AnyStateMachine } from 'xstate';
import { GridflowError } from '../errors.js';
import { isEffectAction } from './effect-action.js';

/** The structural slice of an XState v5 `StateNode` the checks read. */
interface NodeLike {
  path: string[];
  states: Record<string, NodeLike>;
  entry: readonly unknown[];
  exit: readonly unknown[];
  transitions: Map<string, ReadonlyArray<{ actions: readonly unknown[] }>>;
  after: ReadonlyArray<{ delay: string | number; actions: readonly unknown[] }>;
  always?: ReadonlyArray<{ actions: readonly unknown[] }>;
}

/** A built-in action object of XState (`assign`, `raise`, `enqueueActions`, ...): it has a `resolve`. */
interface BuiltInAction {
  type: string;
  resolve: unknown;
  delay?: unknown;
  id?: unknown;
}

const isBuiltIn = (action: unknown): action is BuiltInAction =>
  typeof action === 'function' && typeof (action as { resolve?: unknown }).resolve === 'function';

/** What a checked flow declares besides its machine. */
export interface MachineCheckInput {
  machine: AnyStateMachine;
  events: Readonly<Record<string, unknown>>;
  effects: readonly string[];
  deadlines: readonly string[];
}

/**
 * Refuse machine mistakes the engine would otherwise pass over in silence, each as `VALIDATION_FAILED` naming
 * the place (`details.field`): a delay name in `after` or a delayed `raise`/`sendTo` that `setup({ delays })`
 * does not declare (XState would fire it at once); a `deadlines` entry naming no timer; an `effect()` action
 * not listed in `effects` (it would write no outbox row); an action the engine can never run (a plain function
 * in `setup({ actions })` or inline in the machine: the engine runs transitions purely, and only XState's
 * built-in actions and declared effects take part); an action name the machine uses but does not declare; an
 * event in `events` no state handles.
 *
 * @example
 * ```ts
 * checkMachine({ machine, events: { fix: schema }, effects: ['notify'], deadlines: ['sla'] }, 'repair');
 * ```
 */
export function checkMachine(flow: MachineCheckInput, flowId: string): void {
  const invalid = (field: string, problem: string) =>
    new GridflowError('VALIDATION_FAILED', `flow ${field} ${problem}`, { details: { field, flowId } });
  const implementations = flow.machine.implementations as {
    actions?: Record<string, unknown>;
    delays?: Record<string, unknown>;
  };
  const actions = implementations.actions ?? {};
  const delays = implementations.delays ?? {};

  for (const [name, action] of Object.entries(actions)) {
    if (isEffectAction(action)) {
      if (!flow.effects.includes(name))
        throw invalid(
          `effects`,
          `does not list the effect() action ${name}: list it, or it writes no outbox row`,
        );
    } else if (typeof action === 'function' && !isBuiltIn(action)) {
      throw invalid(
        `machine.actions.${name}`,
        'is a plain function, which the engine never runs (transitions are pure): use assign() or enqueueActions() to change context, effect() for work outside the case',
      );
    }
  }

  const timerNames = new Set<string>(Object.keys(delays));
  let dynamicTimers = false;
  const checkDelay = (delay: unknown, place: string) => {
    if (typeof delay === 'string' && !Object.hasOwn(delays, delay))
      throw invalid(place, `uses the delay ${delay}, which setup({ delays }) does not declare`);
  };
  const checkAction = (action: unknown, place: string): void => {
    if (typeof action === 'string') {
      if (!Object.hasOwn(actions, action) && !action.startsWith('xstate.'))
        throw invalid(place, `uses the action ${action}, which setup({ actions }) does not declare`);
      return;
    }
    if (isBuiltIn(action)) {
      if (action.type === 'xstate.enqueueActions') dynamicTimers = true;
      if (action.type === 'xstate.raise' || action.type === 'xstate.sendTo') {
        checkDelay(action.delay, `${place} (${action.type.slice(7)})`);
        if (action.delay !== undefined && typeof action.id === 'string') timerNames.add(action.id);
      }
      return;
    }
    if (typeof action === 'function') {
      throw invalid(
        place,
        `has an inline function (${action.name || 'anonymous'}), which the engine never runs (transitions are pure): use assign() or enqueueActions() to change context, effect() for work outside the case`,
      );
    }
    if (action && typeof action === 'object' && typeof (action as { type?: unknown }).type === 'string')
      checkAction((action as { type: string }).type, place);
  };
  for (const action of Object.values(actions)) {
    if (isBuiltIn(action)) checkAction(action, 'machine.actions');
  }

  const handled = new Set<string>();
  const visit = (node: NodeLike) => {
    const at = `machine.states.${node.path.join('.') || '(root)'}`;
    // Before entry: XState plans `after` timers as delayed raises among the entry actions.
    for (const timer of node.after) {
      checkDelay(timer.delay, `${at}.after`);
      if (typeof timer.delay === 'string') timerNames.add(timer.delay);
    }
    for (const action of node.entry) checkAction(action, `${at}.entry`);
    for (const action of node.exit) checkAction(action, `${at}.exit`);
    for (const [type, transitions] of node.transitions) {
      handled.add(type);
      for (const t of transitions) for (const action of t.actions) checkAction(action, `${at}.on.${type}`);
    }
    for (const t of node.always ?? []) for (const action of t.actions) checkAction(action, `${at}.always`);
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(flow.machine.root as unknown as NodeLike);

  for (const name of flow.deadlines) {
    // Timers raised inside enqueueActions are only seen when they run; their ids cannot be checked here.
    if (!timerNames.has(name) && !dynamicTimers)
      throw invalid(
        `deadlines.${name}`,
        'names no delay of setup({ delays }), no after delay and no delayed raise id',
      );
  }
  for (const type of Object.keys(flow.events)) {
    if (!handles(handled, type))
      throw invalid(`events.${type}`, 'is an event no state of the machine handles');
  }
}

function handles(handled: ReadonlySet<string>, type: string): boolean {
  if (handled.has(type) || handled.has('*')) return true;
  for (const descriptor of handled) {
    if (descriptor.endsWith('.*') && type.startsWith(descriptor.slice(0, -1))) return true;
  }
  return false;
}
