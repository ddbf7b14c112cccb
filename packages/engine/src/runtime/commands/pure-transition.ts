import {
  type AnyActorScope,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  createEmptyActor,
  type EventObject,
  type ExecutableActionsFrom,
} from 'xstate';

type Actions = ExecutableActionsFrom<AnyStateMachine>[];

/**
 * An actor scope that records actions instead of running them, as XState's own pure functions use, but
 * built around an empty actor. XState 5's `transition()` builds its scope with `createActor(machine)`,
 * which eagerly computes the machine's initial snapshot with no input on every call: the context factory
 * runs (and usually throws on the missing input) for every event the engine applies. The empty actor
 * brings the same fresh actor system per call (children spawned by the transition register there) at a
 * fraction of the cost.
 */
function recordingScope(actions: Actions): AnyActorScope {
  const self = createEmptyActor();
  return {
    self: self as AnyActorScope['self'],
    id: '',
    sessionId: '',
    logger: () => {},
    defer: () => {},
    emit: () => {},
    system: self.system,
    stopChild: () => {},
    actionExecutor: (action) => {
      actions.push(action as Actions[number]);
    },
  };
}

/**
 * XState's pure `transition(machine, snapshot, event)`: the next snapshot and the actions to execute,
 * without running them and without computing the machine's initial snapshot first.
 *
 * @internal
 * @example
 * ```ts
 * const [next, actions] = pureTransition(flow.machine, flow.machine.resolveState(stored), event);
 * ```
 */
export function pureTransition(
  machine: AnyStateMachine,
  snapshot: AnyMachineSnapshot,
  event: EventObject,
): [AnyMachineSnapshot, Actions] {
  const actions: Actions = [];
  const next = machine.transition(snapshot, event, recordingScope(actions)) as AnyMachineSnapshot;
  return [next, actions];
}

/**
 * XState's pure `initialTransition(machine, input)`: the initial snapshot and its entry actions, with the
 * context factory run once, with the input.
 *
 * @internal
 * @example
 * ```ts
 * const [snapshot, actions] = pureInitialTransition(flow.machine, { orgUnit: 'grid-1' });
 * ```
 */
export function pureInitialTransition(
  machine: AnyStateMachine,
  input: unknown,
): [AnyMachineSnapshot, Actions] {
  const actions: Actions = [];
  const snapshot = machine.getInitialSnapshot(recordingScope(actions), input) as AnyMachineSnapshot;
  return [snapshot, actions];
}
