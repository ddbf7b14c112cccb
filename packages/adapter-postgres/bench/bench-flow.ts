import { defineFlow } from '@gridflow/engine';
import { assign, setup } from 'xstate';
import { z } from 'zod';

/**
 * The bench flow: one SLA deadline per case that marks it overdue, and a `touch` event that counts, with no
 * effects, so the events bench matches the raw floor's writes (case row + journal row) and the timer bench
 * measures the timer path alone (claim, load, transition, commit consuming the timer).
 *
 * @example
 * ```ts
 * createEngine({ storage, flows: [slaFlow], directory: ticketDirectory });
 * ```
 */
export const slaFlow = defineFlow({
  id: 'sla',
  version: 1,
  machine: setup({
    types: {
      context: {} as { orgUnit: string; overdue: boolean; count: number },
      input: {} as { orgUnit: string },
    },
    delays: { deadline: 3_600_000 },
  }).createMachine({
    id: 'sla',
    initial: 'open',
    context: ({ input }) => ({ orgUnit: input.orgUnit, overdue: false, count: 0 }),
    on: { touch: { actions: assign({ count: ({ context }) => context.count + 1 }) } },
    states: {
      open: { after: { deadline: { target: 'overdue', actions: assign({ overdue: true }) } } },
      overdue: {},
    },
  }),
  deadlines: ['deadline'],
  events: { touch: z.object({}).strict() },
  input: z.object({}).passthrough(),
  permissions: { create: ['gridWorker'], events: { touch: ['gridWorker'] } },
});
