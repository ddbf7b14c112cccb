import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { virtualClock } from '../src/clock/virtual-clock.js';
import type { Directory } from '../src/directory/directory.js';
import { memoryDirectory } from '../src/directory/memory-directory.js';
import { isGridflowError } from '../src/errors.js';
import type { Intake } from '../src/intake/intake.js';
import { createEngine } from '../src/runtime/engine.js';
import type { EngineOptions } from '../src/runtime/engine-types.js';
import { inspectMemoryStorage } from '../src/storage/memory-inspector.js';
import { memoryStorage } from '../src/storage/memory-storage.js';
import type { Storage } from '../src/storage/storage.js';
import { hotlineIntake } from './fixtures/hotline-intake.js';
import { org } from './fixtures/org.js';
import { repairFlow } from './fixtures/repair-flow.js';

const units = new Map([['3301', 'grid-a1']]);

function setup(options: Partial<EngineOptions> = {}) {
  const storage = memoryStorage();
  const engine = createEngine({
    storage,
    flows: [repairFlow],
    directory: memoryDirectory(org),
    clock: virtualClock('2026-09-21T09:00:00+08:00'),
    intakes: [hotlineIntake(units)],
    ...options,
  });
  return { engine, storage, inspect: inspectMemoryStorage(options.storage ?? storage) };
}

async function rejection(promise: Promise<unknown>) {
  const error = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  if (isGridflowError(error)) return error;
  throw error;
}

const intakeOf = (source: string, map: Intake['map']): Intake => ({ source, map });

describe('registering intakes', () => {
  it('refuses a source name given twice, or a malformed intake, naming the option', () => {
    const build = (intakes: Intake[]) => () => setup({ intakes });
    const twice = [hotlineIntake(units), hotlineIntake(units)];
    expect(build(twice)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', details: { field: 'options.intakes.1.source' } }),
    );
    expect(build([intakeOf('has:colon', () => ({}) as never)])).toThrow(
      expect.objectContaining({ details: { field: 'options.intakes.0.source' } }),
    );
    expect(build([{ source: 'open311' } as Intake])).toThrow(
      expect.objectContaining({ details: { field: 'options.intakes.0.map' } }),
    );
  });

  it('refuses a record for a source nobody registered, and stores nothing', async () => {
    const { engine, inspect } = setup();
    expect(await rejection(engine.ingest('open311', {}))).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'source' },
    });
    expect(await inspect.quarantineRows()).toEqual([]);
  });
});

describe('a mapping that fails', () => {
  it('quarantines a throwing map as MAPPING_FAILED, a zod error as VALIDATION_FAILED with its field', async () => {
    const schema = z.object({ no: z.string(), unit: z.string() });
    const { engine } = setup({
      intakes: [
        intakeOf('buggy', (raw) => (raw as { a: { b: string } }).a.b as never),
        intakeOf('strict', (raw) => {
          schema.parse(raw);
          throw new Error('unreachable in this test');
        }),
        intakeOf('garbage', () => ({ ok: true, externalId: '' }) as never),
      ],
    });
    expect(await engine.ingest('buggy', { no: 1 })).toMatchObject({
      status: 'quarantined',
      externalId: null,
      reason: { code: 'MAPPING_FAILED', message: expect.stringContaining('TypeError') },
    });
    expect(await engine.ingest('strict', { no: 'GD-1', unit: 7 })).toMatchObject({
      reason: { code: 'VALIDATION_FAILED', field: 'unit' },
    });
    expect(await engine.ingest('garbage', {})).toMatchObject({
      reason: {
        code: 'MAPPING_FAILED',
        message: expect.stringContaining('garbage.map returned no valid mapping'),
      },
    });
  });

  it('lets a transient failure propagate and quarantines nothing, so the caller retries', async () => {
    const storage = memoryStorage();
    const flaky: Storage = Object.assign(Object.create(storage), {
      name: 'flaky',
      commit: async () => {
        throw new Error('connection reset');
      },
    });
    const { engine, inspect } = setup({ storage: flaky });
    const error = await rejection(engine.ingest('hotline', { no: 'GD-1', unit: '3301', title: '路灯不亮' }));
    expect(error).toMatchObject({
      code: 'ADAPTER_FAILED',
      details: { adapter: 'storage', name: 'flaky', method: 'commit' },
    });
    expect(await inspect.quarantineRows()).toEqual([]);

    const down: Directory = Object.assign(Object.create(memoryDirectory(org)), {
      getUnit: async () => {
        throw new Error('LDAP timeout');
      },
    });
    const lookup = intakeOf('lookup', async (_raw, { directory }) => {
      await directory.getUnit('grid-a1');
      throw new Error('unreachable in this test');
    });
    const second = setup({ intakes: [lookup], directory: down });
    expect(await rejection(second.engine.ingest('lookup', {}))).toMatchObject({
      code: 'ADAPTER_FAILED',
      details: { adapter: 'directory', method: 'getUnit' },
    });
    expect(await second.inspect.quarantineRows()).toEqual([]);
  });

  it('refuses work after stop without quarantining it', async () => {
    const { engine, inspect } = setup();
    await engine.stop();
    expect((await rejection(engine.ingest('hotline', { no: 'GD-1', unit: '0' }))).code).toBe(
      'ENGINE_STOPPED',
    );
    expect(await inspect.quarantineRows()).toEqual([]);
  });
});

describe('the quarantine API', () => {
  it('lists rows by source and status, page by page', async () => {
    const clock = virtualClock('2026-09-21T09:00:00+08:00');
    const { engine } = setup({ clock });
    for (const no of ['GD-1', 'GD-2', 'GD-3']) {
      await engine.ingest('hotline', { no, unit: 'x', title: 't' });
      clock.advanceBy(1000);
    }
    const first = await engine.quarantine.list({ source: 'hotline', status: 'open', limit: 2 });
    expect(first.items.map((r) => r.externalId)).toEqual(['GD-1', 'GD-2']);
    const rest = await engine.quarantine.list({ source: 'hotline', limit: 2, cursor: first.nextCursor });
    expect(rest.items.map((r) => r.externalId)).toEqual(['GD-3']);
    expect((await engine.quarantine.list({ status: 'resolved' })).items).toEqual([]);
    expect(await rejection(engine.quarantine.list({ status: 'lost' as never }))).toMatchObject({
      details: { field: 'query.status' },
    });
    expect(await engine.quarantine.get('no-such-row')).toBeNull();
  });

  it('discards an open row with a note, and only an open row', async () => {
    const { engine } = setup();
    const { quarantineId } = await engine.ingest('hotline', { no: 'TEST-1', unit: 'x', title: '测试' });
    expect(await rejection(engine.quarantine.discard(quarantineId!, ' '))).toMatchObject({
      details: { field: 'note' },
    });
    expect(await engine.quarantine.discard(quarantineId!, '平台测试单')).toMatchObject({
      status: 'discarded',
      note: '平台测试单',
    });
    expect(await rejection(engine.quarantine.discard(quarantineId!, 'again'))).toMatchObject({
      details: { field: 'id' },
    });
    expect(await rejection(engine.quarantine.retry(quarantineId!))).toMatchObject({
      details: { field: 'id' },
    });
  });
});
