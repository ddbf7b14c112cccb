import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoryDirectory } from '../src/directory/memory-directory.js';
import { isGridflowError } from '../src/errors.js';
import { replayJournal } from '../src/runtime/commands/replay.js';
import { createTestEngine } from '../src/testing/test-engine.js';
import type { Actor } from '../src/types.js';
import { gridWorker, org, otherResident, resident, staffA, staffB } from './fixtures/org.js';
import { repairFlow } from './fixtures/repair-flow.js';

const actors: Actor[] = [resident, otherResident, gridWorker, staffA, staffB];
const events = [
  { type: 'assign', to: 'g-wang' },
  { type: 'assign' },
  { type: 'note', text: 'on my way' },
  { type: 'note', text: '' },
  { type: 'urge' },
  { type: 'fix' },
  { type: 'release' },
  { type: 'cancel' },
  { type: 'teleport' },
  { type: 'urge', extra: true },
];

const command = fc.oneof(
  fc.record({
    kind: fc.constant('create' as const),
    actor: fc.constantFrom(resident, otherResident, gridWorker),
  }),
  fc.record({
    kind: fc.constant('send' as const),
    target: fc.nat(),
    actor: fc.constantFrom(...actors),
    event: fc.constantFrom(...events),
  }),
  fc.record({ kind: fc.constant('advance' as const), hours: fc.integer({ min: 1, max: 60 }) }),
);

describe('journal replay', () => {
  it('stored snapshots always equal the replay of their journal, and rejected events leave no trace', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 40 }), async (commands) => {
        const t = createTestEngine({
          flows: [repairFlow],
          directory: memoryDirectory(org),
          start: '2026-09-28T09:00:00+08:00',
          effects: { '*': async () => {} },
        });
        const ids: string[] = [];
        const accepted = new Map<string, number>();
        for (const c of commands) {
          if (c.kind === 'advance') {
            await t.advance(c.hours * 3_600_000);
            continue;
          }
          if (c.kind === 'create') {
            const created = await t.engine.createCase({
              flow: 'repair',
              actor: c.actor,
              orgUnit: 'grid-a1',
              input: { title: 't' },
            });
            ids.push(created.id);
            accepted.set(created.id, 1);
            continue;
          }
          const caseId = ids[c.target % Math.max(1, ids.length)];
          if (!caseId) continue;
          const before = await t.engine.getCase(caseId);
          try {
            await t.engine.send({ caseId, actor: c.actor, event: c.event });
            accepted.set(caseId, (accepted.get(caseId) ?? 0) + 1);
          } catch (error) {
            if (!isGridflowError(error)) throw error;
            const after = await t.engine.getCase(caseId);
            expect(after).toEqual(before);
          }
        }
        for (const id of ids) {
          const stored = await t.engine.storage.loadCase(id);
          const journal = await t.engine.history(id);
          const sends = journal.filter((e) => !e.type.startsWith('xstate.')).length;
          expect(sends).toBe(accepted.get(id));
          expect(journal.map((e) => e.seq)).toEqual(journal.map((_, i) => i + 1));
          const replayed = replayJournal(t.engine.flows, t.engine.calendar, journal);
          expect(replayed.snapshot).toEqual(stored?.snapshot);
          expect(replayed.state).toBe(stored?.state);
          expect(replayed.version).toBe(stored?.version);
        }
      }),
      { numRuns: 60 },
    );
  });
});
