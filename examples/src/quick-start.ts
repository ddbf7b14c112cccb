// Getting started: a first flow on embedded Postgres (PGlite), as the docs site shows it.
// Run: pnpm --filter @gridflow/examples exec tsx src/quick-start.ts
import { pgliteStorage } from '@gridflow/adapter-postgres';
import { createEngine, defineFlow, effect, memoryDirectory, workingDays } from '@gridflow/engine';
import { assign, setup } from 'xstate';
import { z } from 'zod';

// 1. A flow: an XState machine, plus what the engine needs to run it durably and safely.
const machine = setup({
  actions: { notify: effect<{ text: string }>() },
  delays: { sla: workingDays(3) },
}).createMachine({
  id: 'streetlight',
  initial: 'reported',
  context: ({ input }: { input: { orgUnit: string } }) => ({
    orgUnit: input.orgUnit,
    fixedBy: null as string | null,
  }),
  states: {
    reported: {
      // Three working days (调休 aware); a durable timer row, not an in-memory setTimeout.
      after: { sla: { actions: { type: 'notify', params: { text: '超期：路灯报修' } } } },
      on: { fix: { target: 'fixed', actions: assign({ fixedBy: ({ event }) => event.meta.actor.id }) } },
    },
    fixed: { type: 'final' },
  },
});
export const streetlightFlow = defineFlow({
  id: 'streetlight',
  version: 1,
  machine,
  effects: ['notify'],
  deadlines: ['sla'],
  events: { fix: z.object({}).strict() },
  permissions: { create: ['resident'], events: { fix: ['gridWorker'] } },
});

// 2. The district's org tree, storage and the engine.
const directory = memoryDirectory({
  units: [
    { id: 'd', name: '示范区', kind: 'district' },
    { id: 'grid-1', name: '一网格', kind: 'grid', parentId: 'd' },
  ],
});
const storage = await pgliteStorage({ dataDir: process.env.QUICK_START_DATA ?? '.data/quick-start' });
const engine = createEngine({
  storage,
  flows: [streetlightFlow],
  directory,
  effects: { notify: async ({ payload }) => console.log('notify', payload) },
});
await engine.start();

// 3. A resident reports a broken streetlight; a grid worker fixes it.
const report = await engine.createCase({
  flow: 'streetlight',
  orgUnit: 'grid-1',
  actor: { id: 'li', roles: ['resident'], orgUnit: 'grid-1' },
});
console.log(report.state, report.dueAt); // 'reported', three working days from now
const fixed = await engine.send({
  caseId: report.id,
  event: { type: 'fix' },
  actor: { id: 'wang', roles: ['gridWorker'], orgUnit: 'grid-1' },
});
console.log(fixed.state, (await engine.history(report.id)).length); // 'fixed', 2 journal entries
await engine.stop();
