import { assign, initialTransition, setup, transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import { pureInitialTransition, pureTransition } from './pure-transition.js';

function countingMachine() {
  const inputs: unknown[] = [];
  const machine = setup({
    types: {
      context: {} as { unit: string; count: number },
      input: {} as { unit: string },
      events: {} as { type: 'touch' } | { type: 'close' },
    },
    actions: { notify: () => {} },
  }).createMachine({
    id: 'counting',
    context: ({ input }) => {
      inputs.push(input);
      return { unit: input.unit, count: 0 };
    },
    initial: 'open',
    states: {
      open: {
        after: { 5000: 'late' },
        on: {
          touch: { actions: [assign({ count: ({ context }) => context.count + 1 }), { type: 'notify' }] },
          close: 'closed',
        },
      },
      late: { on: { close: 'closed' } },
      closed: { type: 'final' },
    },
  });
  return { machine, inputs };
}

describe('pure transitions', () => {
  it('runs the context factory once, with the input, and never again on later events', () => {
    const { machine, inputs } = countingMachine();
    const [initial] = pureInitialTransition(machine, { unit: 'grid-1' });
    pureTransition(machine, initial, { type: 'touch' });
    pureTransition(machine, initial, { type: 'close' });
    expect(inputs).toEqual([{ unit: 'grid-1' }]);
  });

  it("gives the same snapshots and actions as XState's own pure functions", () => {
    const { machine } = countingMachine();
    const [ours, ourEntry] = pureInitialTransition(machine, { unit: 'grid-1' });
    const [theirs, theirEntry] = initialTransition(machine, { unit: 'grid-1' });
    expect(machine.getPersistedSnapshot(ours)).toEqual(machine.getPersistedSnapshot(theirs));
    expect(ourEntry.map((a) => [a.type, a.params])).toEqual(theirEntry.map((a) => [a.type, a.params]));

    for (const event of [{ type: 'touch' }, { type: 'close' }] as const) {
      const [next, actions] = pureTransition(machine, ours, event);
      const [expected, expectedActions] = transition(machine, theirs, event);
      expect(machine.getPersistedSnapshot(next)).toEqual(machine.getPersistedSnapshot(expected));
      expect(actions.map((a) => a.type)).toEqual(expectedActions.map((a) => a.type));
    }
  });

  it('records actions instead of running them', () => {
    const { machine } = countingMachine();
    const [initial, entry] = pureInitialTransition(machine, { unit: 'grid-1' });
    expect(entry.map((a) => a.type)).toContain('xstate.raise');
    const [next, actions] = pureTransition(machine, initial, { type: 'touch' });
    expect(next.context.count).toBe(1);
    expect(actions.map((a) => a.type)).toEqual(['notify']);
  });
});
