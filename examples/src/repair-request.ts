// A complete flow, from definition to escalation: the example of the "Writing flows" guide, tested by
// test/repair-request.test.ts on a virtual clock.
import { type CaseMachineInput, defineFlow, effect, workingDays } from '@gridflow/engine';
import { assign, setup } from 'xstate';
import { z } from 'zod';

/** What the machine keeps: JSON only (ISO strings, not Date), since it is stored and replayed. */
interface RepairContext {
  title: string;
  orgUnit: string;
  /** The case's unit and its ancestors, nearest first: where an escalation goes. */
  orgChain: string[];
  assignee: string | null;
  escalatedTo: string | null;
}

const machine = setup({
  types: {} as {
    context: RepairContext;
    input: CaseMachineInput<{ title: string }>;
    events: { type: 'dispatch'; to: string } | { type: 'fix'; note?: string };
  },
  // Side effects are declared, listed in `effects`, and delivered by the engine's handlers through the outbox.
  actions: { notify: effect<{ unit: string; text: string }>() },
  // Two Chinese working days (调休 aware), planned as a durable timer row.
  delays: { fixLimit: workingDays(2) },
}).createMachine({
  id: 'repair-request',
  initial: 'reported',
  context: ({ input }) => ({
    title: input.title,
    orgUnit: input.orgUnit,
    orgChain: input.orgChain,
    assignee: null,
    escalatedTo: null,
  }),
  states: {
    reported: {
      on: {
        dispatch: { target: 'assigned', actions: assign({ assignee: ({ event }) => event.to }) },
      },
    },
    assigned: {
      // Not fixed in time: escalate one tier up the org chain (grid → community) and tell that unit.
      after: {
        fixLimit: {
          target: 'escalated',
          actions: [
            assign({ escalatedTo: ({ context }) => context.orgChain[1] ?? context.orgUnit }),
            {
              type: 'notify',
              params: ({ context }) => ({
                unit: context.orgChain[1] ?? context.orgUnit,
                text: `报修超时未处置, 已升级: ${context.title}`,
              }),
            },
          ],
        },
      },
      on: { fix: 'fixed' },
    },
    escalated: { on: { fix: 'fixed' } },
    fixed: { type: 'final' },
  },
});

/** 报修: a resident reports, the community dispatches a grid worker, who fixes it within two working days. */
export const repairRequestFlow = defineFlow({
  id: 'repair-request',
  version: 1,
  machine,
  input: z.object({ title: z.string().min(1).max(200) }).strict(),
  events: {
    dispatch: z.object({ to: z.string().min(1) }).strict(),
    fix: z.object({ note: z.string().max(500).optional() }).strict(),
  },
  permissions: {
    create: ['resident'],
    events: { dispatch: ['communityStaff'], fix: ['gridWorker'] },
  },
  effects: ['notify'],
  deadlines: ['fixLimit'],
  // What timelines and inspectors show instead of ids.
  labels: {
    events: { 'gridflow.create': '报修', dispatch: '派单', fix: '修复' },
    states: { reported: '待派单', assigned: '处置中', escalated: '已升级', fixed: '已修复' },
    timers: { fixLimit: '超时升级' },
  },
});
