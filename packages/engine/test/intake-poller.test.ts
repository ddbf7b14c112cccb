import { describe, expect, it } from 'vitest';
import { virtualClock } from '../src/clock/virtual-clock.js';
import { memoryDirectory } from '../src/directory/memory-directory.js';
import { isGridflowError } from '../src/errors.js';
import { createEngine } from '../src/runtime/engine.js';
import type { Engine } from '../src/runtime/engine-types.js';
import { inspectMemoryStorage } from '../src/storage/memory-inspector.js';
import { memoryStorage } from '../src/storage/memory-storage.js';
import type { Storage } from '../src/storage/storage.js';
import { type HotlineRecord, hotlineIntake } from './fixtures/hotline-intake.js';
import { org } from './fixtures/org.js';
import { repairFlow } from './fixtures/repair-flow.js';

const CURSOR = 'hotline:todo';
const units = new Map([
  ['3301', 'grid-a1'],
  ['3302', 'grid-b1'],
]);

/** The platform's to-do list: 23 orders, one with a unit code nobody knows, served in pages after a position. */
const todo: HotlineRecord[] = Array.from({ length: 23 }, (_, i) => ({
  no: `GD-${String(i + 1).padStart(3, '0')}`,
  unit: i === 10 ? '9999' : i % 2 ? '3301' : '3302',
  title: `工单 ${i + 1}`,
}));
const pageAfter = (position: number, size = 5) => todo.slice(position, position + size);

function engineOn(storage: Storage): Engine {
  return createEngine({
    storage,
    flows: [repairFlow],
    directory: memoryDirectory(org),
    clock: virtualClock('2026-09-21T09:00:00+08:00'),
    intakes: [hotlineIntake(units)],
  });
}

/**
 * One polling step as a poller does it: read the cursor, ingest the page after it, then move the cursor with a
 * compare-and-set. `crashAfter` stops part-way through the page, before the cursor moves, as a killed process.
 */
async function pollOnce(engine: Engine, crashAfter = Number.POSITIVE_INFINITY): Promise<number> {
  const at = (await engine.cursors.get(CURSOR))?.value ?? null;
  const position = at === null ? 0 : Number(at);
  const page = pageAfter(position);
  for (const [i, record] of page.entries()) {
    if (i >= crashAfter) return -1;
    await engine.ingest('hotline', record);
  }
  if (page.length > 0) await engine.cursors.set(CURSOR, String(position + page.length), { expected: at });
  return page.length;
}

describe('a poller with a durable cursor', () => {
  it('imports each record exactly once across a restart in the middle of a page', async () => {
    const storage = memoryStorage();
    const applied: string[] = [];
    const first = engineOn(storage);
    first.events.on('intake.applied', (e) => applied.push(e.externalId));
    await pollOnce(first);
    await pollOnce(first);
    expect(await pollOnce(first, 3)).toBe(-1); // killed after 3 of the third page's 5 records
    await first.stop();

    const second = engineOn(storage);
    second.events.on('intake.applied', (e) => applied.push(e.externalId));
    expect((await second.cursors.get(CURSOR))?.value).toBe('10');
    while ((await pollOnce(second)) > 0);

    expect((await second.cursors.get(CURSOR))?.value).toBe('23');
    const good = todo.filter((r) => r.unit !== '9999').map((r) => r.no);
    expect(applied.sort()).toEqual(good);
    const inspect = inspectMemoryStorage(storage);
    expect((await inspect.counts()).cases).toBe(22);
    const rows = await inspect.quarantineRows();
    // The killed page is read again: its bad record is counted twice, its good ones are duplicates.
    expect(rows.map((r) => [r.externalId, r.attempts])).toEqual([['GD-011', 2]]);
  });

  it('lets only one of two pollers advance from the same position; the other backs off', async () => {
    const storage = memoryStorage();
    const [a, b] = [engineOn(storage), engineOn(storage)];
    const outcomes = await Promise.allSettled([pollOnce(a), pollOnce(b)]);
    const lost = outcomes.filter((o) => o.status === 'rejected');
    expect(lost).toHaveLength(1);
    expect(isGridflowError((lost[0] as PromiseRejectedResult).reason, 'VERSION_CONFLICT')).toBe(true);
    expect((lost[0] as PromiseRejectedResult).reason.details).toMatchObject({ cursor: CURSOR, current: '5' });
    expect((await a.cursors.get(CURSOR))?.value).toBe('5');
    expect((await inspectMemoryStorage(storage).counts()).cases).toBe(5);
  });

  it('writes a cursor unconditionally or only over the expected value, naming bad arguments', async () => {
    const engine = engineOn(memoryStorage());
    expect(await engine.cursors.get(CURSOR)).toBeNull();
    const set = await engine.cursors.set(CURSOR, 'a', { expected: null });
    expect(set).toEqual({ name: CURSOR, value: 'a', updatedAt: new Date('2026-09-21T01:00:00Z') });
    expect(await engine.cursors.set(CURSOR, 'b')).toMatchObject({ value: 'b' });
    const conflict = await engine.cursors.set(CURSOR, 'c', { expected: 'a' }).catch((e: unknown) => e);
    expect(conflict).toMatchObject({ code: 'VERSION_CONFLICT', details: { expected: 'a', current: 'b' } });
    const bad = await engine.cursors.set('', 'x').catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'name' } });
    const badExpected = await engine.cursors
      .set(CURSOR, 'x', { expected: 7 as never })
      .catch((e: unknown) => e);
    expect(badExpected).toMatchObject({ details: { field: 'options.expected' } });
    expect((await engine.cursors.get(CURSOR))?.value).toBe('b');
  });
});
