import { describe, expect, it } from 'vitest';
import { type EscalationEnqueue, escalationLadder, startLadder } from './escalation-ladder.js';

function recorder() {
  const patches: unknown[] = [];
  const enqueue: EscalationEnqueue = { assign: (patch) => void patches.push(patch) };
  return { enqueue, patches };
}

const meta = { actor: { id: 'system' }, at: '2026-10-26T02:00:00.000Z' };

describe('escalation ladder', () => {
  it('starts at the case unit, whether or not the given chain repeats it', () => {
    expect(startLadder('grid-01', ['comm-1', 'street-east']).ladder).toEqual([
      'grid-01',
      'comm-1',
      'street-east',
    ]);
    expect(startLadder('grid-01', ['grid-01', 'comm-1']).ladder).toEqual(['grid-01', 'comm-1']);
    expect(startLadder('grid-01').ladder).toEqual(['grid-01']);
  });

  it('applies only the triggers its config names', () => {
    const ladder = escalationLadder({ on: { slaBreach: true, returns: 3 } });
    expect(ladder.applies('slaBreach', { returns: 0 })).toBe(true);
    expect(ladder.applies('hard', { returns: 0 })).toBe(false);
    expect(ladder.applies('signForOverdue', { returns: 0 })).toBe(false);
    expect([1, 2, 3, 4, 5, 6].map((returns) => ladder.applies('returns', { returns }))).toEqual([
      false,
      false,
      true,
      false,
      false,
      true,
    ]);
  });

  it('moves up one tier, adds the unit to the handling units and returns the step', () => {
    const { enqueue, patches } = recorder();
    const context = {
      escalation: startLadder('grid-01', ['comm-1']),
      handlingUnits: ['dept-housing'],
    };
    const step = escalationLadder({ on: { slaBreach: true } }).escalate(enqueue, context, 'slaBreach', meta, {
      returns: 0,
    });
    expect(patches).toEqual([
      {
        escalation: {
          ladder: ['grid-01', 'comm-1'],
          tier: 1,
          steps: [{ trigger: 'slaBreach', from: 'grid-01', to: 'comm-1', at: meta.at, by: 'system' }],
        },
        handlingUnits: ['dept-housing', 'comm-1'],
      },
    ]);
    expect(step).toEqual({ trigger: 'slaBreach', from: 'grid-01', to: 'comm-1', at: meta.at, by: 'system' });
  });

  it('records an attempt at the top without moving, and does nothing for a trigger it ignores', () => {
    const { enqueue, patches } = recorder();
    const context = {
      escalation: { ladder: ['grid-01'], tier: 0, steps: [] },
      handlingUnits: [],
    };
    const ladder = escalationLadder({ on: { hard: true } });
    expect(ladder.escalate(enqueue, context, 'slaBreach', meta, { returns: 0 })).toBeNull();
    expect(patches).toEqual([]);
    const step = ladder.escalate(enqueue, context, 'hard', meta, { returns: 0 });
    expect(patches).toMatchObject([{ escalation: { tier: 0, steps: [{ from: 'grid-01', to: null }] } }]);
    expect(step).toMatchObject({ trigger: 'hard', from: 'grid-01', to: null });
  });

  it('rejects an unknown trigger in the config', () => {
    expect(() => escalationLadder({ on: { breach: true } } as never)).toThrow();
  });
});
