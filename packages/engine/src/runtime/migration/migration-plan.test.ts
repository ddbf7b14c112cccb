import { setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { stateNodeAt, stateValueOf } from './migration-plan.js';

describe('migration state paths', () => {
  it('turns a dotted path into an XState state value', () => {
    expect(stateValueOf('open')).toBe('open');
    expect(stateValueOf('inProgress.suspended')).toEqual({ inProgress: 'suspended' });
  });

  it('merges the leaves of a parallel state path', () => {
    expect(stateValueOf('checks.photo.taken,checks.sign.pending')).toEqual({
      checks: { photo: 'taken', sign: 'pending' },
    });
  });

  it('finds nested states and not inherited object keys', () => {
    const machine = setup({}).createMachine({
      id: 'm',
      initial: 'a',
      states: { a: { initial: 'x', states: { x: {} } }, b: {} },
    });
    expect(stateNodeAt(machine, 'a.x')?.id).toBe('m.a.x');
    expect(stateNodeAt(machine, 'a.y')).toBeUndefined();
    expect(stateNodeAt(machine, 'toString')).toBeUndefined();
  });
});
