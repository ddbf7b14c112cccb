import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { z } from 'zod';
import { memoryDirectory } from '../../directory/memory-directory.js';
import { defineFlow, type FlowRefusals } from '../../flow/define-flow.js';
import { createTestEngine } from '../../testing/test-engine.js';
import type { GridflowEvent } from '../../types.js';

const machine = setup({
  types: {} as { context: { limit: number }; events: GridflowEvent },
  guards: { small: ({ event }) => Number(event.size) <= 3, open: () => false },
}).createMachine({
  id: 'box',
  context: { limit: 3 },
  initial: 'a',
  states: {
    a: { initial: 'inner', states: { inner: { on: { put: { guard: 'small', target: 'inner' } } } } },
    // Handles `peek` where no case of these tests stands: `a` has no transition for it.
    b: { on: { peek: 'a' } },
  },
  on: { lock: { guard: 'open', target: '.a' } },
});
const flow = (refusals?: FlowRefusals) =>
  defineFlow({
    id: 'box',
    version: 1,
    machine,
    events: { put: z.object({ size: z.number() }), lock: z.object({}), peek: z.object({}) },
    permissions: {
      create: ['dispatcher'],
      events: { put: ['dispatcher'], lock: ['dispatcher'], peek: ['dispatcher'] },
    },
    refusals,
  });
const actor = { id: 'd', roles: ['dispatcher'], orgUnit: 'x' };

describe('refusal reasons', () => {
  it('names the guard’s reason in EVENT_NOT_ACCEPTED, worded from the context when a function', async () => {
    const { engine } = createTestEngine({
      flows: [
        flow({
          small: ({ context }) => `at most ${(context as { limit: number }).limit}`,
          open: 'locked for good',
        }),
      ],
      directory: memoryDirectory({
        units: [{ id: 'x', name: 'x', kind: 'district', parentId: null }],
        members: [],
      }),
    });
    const c = await engine.createCase({ flow: 'box', actor, orgUnit: 'x' });
    const refusal = (type: string, payload = {}) =>
      engine.send({ caseId: c.id, actor, event: { type, ...payload } }).catch((e) => e);
    const big = await refusal('put', { size: 9 });
    expect(big).toMatchObject({
      code: 'EVENT_NOT_ACCEPTED',
      details: { reason: 'at most 3', state: 'a.inner' },
    });
    expect(big.message).toMatch(/does not accept put: at most 3$/);
    expect((await refusal('lock')).details.reason).toBe('locked for good');
    // No transition for it at all: no reason to give.
    const peek = await refusal('peek');
    expect(peek.code).toBe('EVENT_NOT_ACCEPTED');
    expect(peek.details).not.toHaveProperty('reason');
  });

  it('refuses a reason for a guard the machine does not declare, naming the field', () => {
    expect(() => flow({ huge: 'no' })).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'refusals.huge' }) }),
    );
    expect(() => flow({ small: ' ' })).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'refusals.small' }) }),
    );
  });
});
