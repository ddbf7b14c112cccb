import { defineFlow } from '@gridflow/engine';
import { assign, setup } from 'xstate';
import { z } from 'zod';

/**
 * The timer bench's flow: one SLA deadline per case that marks it overdue, with no effects, so the bench
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
    types: { context: {} as { orgUnit: string; overdue: boolean }, input: {} as { orgUnit: string } },
    delays: { deadline: 3_600_000 },
  }).createMachine({
    id: 'sla',
    initial: 'open',
    context: ({ input }) => ({ orgUnit: input.orgUnit, overdue: false }),
    states: {
      open: { after: { deadline: { target: 'overdue', actions: assign({ overdue: true }) } } },
      overdue: {},
    },
  }),
  deadlines: ['deadline'],
  events: {},
  input: z.object({}).passthrough(),
  permissions: { create: ['gridWorker'], events: {} },
});
