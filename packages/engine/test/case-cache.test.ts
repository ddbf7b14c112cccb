import { describe, expect, it } from 'vitest';
import { memoryDirectory } from '../src/directory/memory-directory.js';
import { memoryStorage } from '../src/storage/memory-storage.js';
import type { Storage } from '../src/storage/storage.js';
import { createTestEngine } from '../src/testing/test-engine.js';
import { gridWorker, org, resident, staffA } from './fixtures/org.js';
import { repairFlow } from './fixtures/repair-flow.js';

const input = { title: '电梯故障' };

function countingLoads(storage: Storage) {
  const counter = { loads: 0 };
  const original = storage.loadCase.bind(storage);
  storage.loadCase = async (id) => {
    counter.loads++;
    return original(id);
  };
  return counter;
}

describe('case cache', () => {
  it('skips the storage read for events on a case this engine just committed', async () => {
    const storage = memoryStorage();
    const counter = countingLoads(storage);
    const { engine } = createTestEngine({ flows: [repairFlow], directory: memoryDirectory(org), storage });
    const c = await engine.createCase({ flow: 'repair', actor: resident, orgUnit: 'grid-a1', input });
    for (let i = 0; i < 5; i++)
      await engine.send({ caseId: c.id, actor: staffA, event: { type: 'note', text: `${i}` } });
    expect(counter.loads).toBe(0);
    expect((await engine.getCase(c.id)).version).toBe(6);
  });

  it('judges again on the stored case when another engine moved it on', async () => {
    const storage = memoryStorage();
    const a = createTestEngine({ flows: [repairFlow], directory: memoryDirectory(org), storage });
    const b = createTestEngine({ flows: [repairFlow], directory: memoryDirectory(org), storage });
    const c = await a.engine.createCase({ flow: 'repair', actor: resident, orgUnit: 'grid-a1', input });
    // Engine a still holds the case in `open`, where `fix` is not accepted; b assigns it.
    await b.engine.send({ caseId: c.id, actor: staffA, event: { type: 'assign', to: 'g-wang' } });
    const fixed = await a.engine.send({ caseId: c.id, actor: gridWorker, event: { type: 'fix' } });
    expect(fixed).toMatchObject({ state: 'fixed', version: 3 });
    // And a stale copy never overwrites: b's note lands on top of a's fix, not instead of it.
    const notes = await b.engine.history(c.id);
    expect(notes.map((e) => e.type)).toEqual(['gridflow.create', 'assign', 'fix']);
  });

  it('still rejects on fresh state what the stored case does not accept', async () => {
    const storage = memoryStorage();
    const a = createTestEngine({ flows: [repairFlow], directory: memoryDirectory(org), storage });
    const b = createTestEngine({ flows: [repairFlow], directory: memoryDirectory(org), storage });
    const c = await a.engine.createCase({ flow: 'repair', actor: resident, orgUnit: 'grid-a1', input });
    await b.engine.send({ caseId: c.id, actor: resident, event: { type: 'cancel' } });
    await expect(
      a.engine.send({ caseId: c.id, actor: staffA, event: { type: 'assign', to: 'x' } }),
    ).rejects.toMatchObject({
      code: 'EVENT_NOT_ACCEPTED',
      details: { state: 'cancelled' },
    });
  });

  it('hands out copies: changing a returned case changes nothing stored or cached', async () => {
    const { engine } = createTestEngine({ flows: [repairFlow], directory: memoryDirectory(org) });
    const c = await engine.createCase({ flow: 'repair', actor: resident, orgUnit: 'grid-a1', input });
    (c.context.notes as string[]).push('forged');
    (c.handlingUnits as string[]).push('dept-water');
    const next = await engine.send({ caseId: c.id, actor: staffA, event: { type: 'note', text: 'real' } });
    expect(next.context.notes).toEqual(['real']);
    expect(next.handlingUnits).toEqual([]);
  });
});
