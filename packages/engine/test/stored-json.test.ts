import { describe, expect, it } from 'vitest';
import { assign, setup } from 'xstate';
import { z } from 'zod';
import { chinaCalendar } from '../src/calendar/china-calendar.js';
import { memoryDirectory } from '../src/directory/memory-directory.js';
import { defineFlow } from '../src/flow/define-flow.js';
import { replayJournal } from '../src/runtime/commands/replay.js';
import { storedCommit } from '../src/runtime/commands/stored-json.js';
import { makeCaseRecord, makeCreateCommit } from '../src/testing/storage-fixtures.js';
import { createTestEngine } from '../src/testing/test-engine.js';
import { org, staffA } from './fixtures/org.js';

const machine = setup({}).createMachine({
  id: 'stamp',
  initial: 'open',
  context: { stamps: [] as unknown[], count: 0 as unknown },
  states: {
    open: {
      on: {
        stamp: {
          actions: assign({
            stamps: ({ context, event }) => [
              ...context.stamps,
              new Date((event as unknown as { meta: { at: string } }).meta.at),
            ],
          }),
        },
        count: { actions: assign({ count: () => 2n ** 64n }) },
      },
    },
  },
});
const stampFlow = defineFlow({
  id: 'stamp',
  version: 1,
  machine,
  events: { stamp: z.object({}).strict(), count: z.object({}).strict() },
  permissions: {
    create: ['communityStaff'],
    events: { stamp: ['communityStaff'], count: ['communityStaff'] },
  },
});

describe('what a commit stores is JSON, on memory as on Postgres', () => {
  it('keeps a Date put in context as its ISO string, and replays the journal to the stored snapshot', async () => {
    const t = createTestEngine({
      flows: [stampFlow],
      directory: memoryDirectory(org),
      start: '2026-09-21T09:00:00+08:00',
    });
    const c = await t.engine.createCase({ flow: 'stamp', actor: staffA, orgUnit: 'comm-a' });
    await t.engine.send({ caseId: c.id, actor: staffA, event: { type: 'stamp' } });
    await t.advance('1 working day');
    const sent = await t.engine.send({ caseId: c.id, actor: staffA, event: { type: 'stamp' } });
    expect(sent.context.stamps).toEqual(['2026-09-21T01:00:00.000Z', '2026-09-22T01:00:00.000Z']);
    const stored = await t.engine.storage.loadCase(c.id);
    expect(stored?.snapshot).toMatchObject({ context: { stamps: sent.context.stamps } });
    const replayed = replayJournal(t.engine.flows, chinaCalendar(), await t.engine.history(c.id));
    expect(replayed.snapshot).toEqual(stored?.snapshot);
  });

  it('refuses a BigInt with VALIDATION_FAILED naming the field, leaving the case as it was', async () => {
    const t = createTestEngine({ flows: [stampFlow], directory: memoryDirectory(org) });
    const c = await t.engine.createCase({ flow: 'stamp', actor: staffA, orgUnit: 'comm-a' });
    await expect(
      t.engine.send({ caseId: c.id, actor: staffA, event: { type: 'count' } }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'context.count' },
    });
    expect((await t.engine.getCase(c.id)).version).toBe(1);
    expect(await t.engine.history(c.id)).toHaveLength(1);
  });

  it("drops a snapshot's undefined top-level fields without copying a context that already is JSON", () => {
    const context = { title: '路灯不亮', notes: [{ by: 'g-wang', text: '已到场' }] };
    const snapshot = { status: 'active', value: 'open', output: undefined, error: undefined, context };
    const stored = storedCommit(makeCreateCommit(makeCaseRecord({ snapshot }))).case.snapshot;
    expect(Object.keys(stored as object)).toEqual(['status', 'value', 'context']);
    expect((stored as { context: unknown }).context).toBe(context);
    // Anything JSON would change below the top level is still copied as JSON keeps it.
    const late = { ...snapshot, context: { at: new Date('2026-09-21T01:00:00Z'), gone: undefined } };
    const copied = storedCommit(makeCreateCommit(makeCaseRecord({ snapshot: late }))).case.snapshot;
    expect(copied).toEqual({ status: 'active', value: 'open', context: { at: '2026-09-21T01:00:00.000Z' } });
    expect(Object.keys((copied as { context: object }).context)).toEqual(['at']);
  });
});
