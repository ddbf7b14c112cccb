import { describe, expect, it } from 'vitest';
import { memoryDirectory } from '../src/directory/memory-directory.js';
import { isGridflowError } from '../src/errors.js';
import type { Intake } from '../src/intake/intake.js';
import { createEngine } from '../src/runtime/engine.js';
import type { EngineOptions } from '../src/runtime/engine-types.js';
import { inspectMemoryStorage } from '../src/storage/memory-inspector.js';
import { memoryStorage } from '../src/storage/memory-storage.js';
import type { Storage } from '../src/storage/storage.js';
import { virtualClock } from '../src/clock/virtual-clock.js';
import { hotlineActor, hotlineIntake } from './fixtures/hotline-intake.js';
import { org } from './fixtures/org.js';
import { repairFlow } from './fixtures/repair-flow.js';

function setup(options: Partial<EngineOptions> = {}) {
  const units = new Map([
    ['3301', 'grid-a1'],
    ['3302', 'grid-b1'],
  ]);
  const storage = options.storage ?? memoryStorage();
  const engine = createEngine({
    storage,
    flows: [repairFlow],
    directory: memoryDirectory(org),
    clock: virtualClock('2026-09-21T09:00:00+08:00'),
    intakes: [hotlineIntake(units)],
    ...options,
  });
  const seen: string[] = [];
  engine.events.on('intake.applied', (e) => seen.push(`applied ${e.externalId} ${e.quarantineId ?? '-'}`));
  engine.events.on('intake.quarantined', (e) => seen.push(`quarantined ${e.record.externalId}`));
  return { engine, units, seen, inspect: inspectMemoryStorage(storage) };
}

async function rejection(promise: Promise<unknown>) {
  const error = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  if (isGridflowError(error)) return error;
  throw error;
}

describe('ingest', () => {
  it('turns good records into cases under a key derived from the outside id', async () => {
    const { engine, seen, inspect } = setup();
    const result = await engine.ingest('hotline', { no: 'GD-1', unit: '3301', title: '路灯不亮' });
    expect(result).toEqual({
      status: 'applied',
      source: 'hotline',
      externalId: 'GD-1',
      caseId: 'hotline-GD-1',
      quarantineId: null,
    });
    const c = await engine.getCase('hotline-GD-1');
    expect(c).toMatchObject({ orgUnit: 'grid-a1', state: 'open', context: { title: '路灯不亮' } });
    expect((await engine.history(c.id))[0]).toMatchObject({
      actor: hotlineActor,
      idempotencyKey: 'intake:hotline:GD-1',
    });
    expect(seen).toEqual(['applied GD-1 -']);
    expect(await inspect.quarantineRows()).toEqual([]);
  });

  it('answers a re-push with duplicate, the same case and no write, even with other content', async () => {
    const { engine, seen, inspect } = setup();
    await engine.ingest('hotline', { no: 'GD-1', unit: '3301', title: '路灯不亮' });
    const before = await inspect.counts();
    for (const raw of [
      { no: 'GD-1', unit: '3301', title: '路灯不亮' },
      { no: 'GD-1', unit: '3302', title: '路灯还是不亮' },
    ]) {
      expect(await engine.ingest('hotline', raw)).toMatchObject({
        status: 'duplicate',
        caseId: 'hotline-GD-1',
      });
    }
    expect(await inspect.counts()).toEqual(before);
    expect(await inspect.quarantineRows()).toEqual([]);
    expect((await engine.getCase('hotline-GD-1')).context).toMatchObject({ title: '路灯不亮' });
    expect(seen).toEqual(['applied GD-1 -']);
  });

  it('answers a re-push the engine would now refuse with duplicate, not quarantine', async () => {
    const { engine, units, inspect } = setup();
    await engine.ingest('hotline', { no: 'GD-1', unit: '3301', title: '路灯不亮' });
    const before = await inspect.counts();
    // The table now names a unit the directory does not hold: a new order would be refused, this one was applied.
    units.set('3301', 'grid-gone');
    expect(await engine.ingest('hotline', { no: 'GD-1', unit: '3301', title: '路灯不亮' })).toMatchObject({
      status: 'duplicate',
      caseId: 'hotline-GD-1',
    });
    const refused = await engine.ingest('hotline', { no: 'GD-9', unit: '3301', title: '井盖缺失' });
    expect(refused).toMatchObject({ status: 'quarantined', reason: { field: 'orgUnit' } });
    expect(await inspect.counts()).toMatchObject({ cases: before.cases, journal: before.journal });
    expect((await inspect.quarantineRows()).map((row) => row.externalId)).toEqual(['GD-9']);
  });

  it('quarantines an unknown unit with the raw body and the field, one row however often it comes', async () => {
    const { engine, seen, inspect } = setup();
    const raw = { no: 'GD-2', unit: '9999', title: '噪音扰民', extra: { at: '2026-09-21' } };
    const first = await engine.ingest('hotline', raw);
    expect(first).toMatchObject({
      status: 'quarantined',
      externalId: 'GD-2',
      reason: { code: 'VALIDATION_FAILED', field: 'unit', message: 'unknown unit code 9999' },
    });
    const second = await engine.ingest('hotline', raw);
    expect(second.quarantineId).toBe(first.quarantineId);
    const rows = await inspect.quarantineRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      source: 'hotline',
      externalId: 'GD-2',
      raw,
      status: 'open',
      attempts: 2,
    });
    expect((await inspect.counts()).cases).toBe(0);
    expect(seen).toEqual(['quarantined GD-2', 'quarantined GD-2']);
  });

  it('retries a quarantined record with the fixed mapping and resolves it into a case', async () => {
    const { engine, units, seen } = setup();
    const { quarantineId } = await engine.ingest('hotline', { no: 'GD-3', unit: '3399', title: '积水' });
    const again = await engine.quarantine.retry(quarantineId!);
    expect(again).toMatchObject({ status: 'quarantined', quarantineId });
    expect(await engine.quarantine.get(quarantineId!)).toMatchObject({ status: 'open', attempts: 2 });

    units.set('3399', 'grid-a2');
    expect(await engine.quarantine.retry(quarantineId!)).toEqual({
      status: 'applied',
      source: 'hotline',
      externalId: 'GD-3',
      caseId: 'hotline-GD-3',
      quarantineId,
    });
    expect((await engine.getCase('hotline-GD-3')).orgUnit).toBe('grid-a2');
    expect(await engine.quarantine.get(quarantineId!)).toMatchObject({
      status: 'resolved',
      caseId: 'hotline-GD-3',
      attempts: 2,
    });
    expect(seen).toEqual(['quarantined GD-3', 'quarantined GD-3', `applied GD-3 ${quarantineId}`]);
    const error = await rejection(engine.quarantine.retry(quarantineId!));
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'id' } });
  });

  it('resolves the open row when the platform pushes a corrected record under the same id', async () => {
    const { engine } = setup();
    const { quarantineId } = await engine.ingest('hotline', { no: 'GD-4', unit: '0000', title: '树倒了' });
    const fixed = await engine.ingest('hotline', { no: 'GD-4', unit: '3302', title: '树倒了' });
    expect(fixed).toMatchObject({ status: 'applied', caseId: 'hotline-GD-4', quarantineId });
    expect(await engine.quarantine.get(quarantineId!)).toMatchObject({ status: 'resolved' });
  });

  it.each([
    [true, { corrected: [], repeated: ['findQuarantine', 'settleQuarantine'], fresh: [] }],
    [
      false,
      {
        corrected: ['findQuarantine', 'settleQuarantine'],
        repeated: ['findQuarantine', 'settleQuarantine'],
        fresh: ['findQuarantine'],
      },
    ],
  ])(
    'resolves a row with the same answers whether the commit resolves it (%s) or the engine after it',
    async (inCommit, calls) => {
      const memory = memoryStorage();
      const storage: Storage = Object.create(memory, {
        capabilities: { value: { ...memory.capabilities, resolvesQuarantine: inCommit } },
      });
      const called: string[] = [];
      for (const name of ['findQuarantine', 'settleQuarantine', 'findIntakeState'] as const) {
        if (!memory[name]) continue;
        const original = memory[name].bind(memory) as (...args: unknown[]) => unknown;
        Object.defineProperty(storage, name, {
          value: (...args: unknown[]) => {
            called.push(name);
            return original(...args);
          },
        });
      }
      const { engine, seen } = setup({ storage });
      const callsOf = async (work: Promise<unknown>) => {
        called.length = 0;
        const result = await work;
        return { result, called: [...called] };
      };
      const { quarantineId } = await engine.ingest('hotline', { no: 'GD-4', unit: '0000', title: '树倒了' });
      const corrected = await callsOf(
        engine.ingest('hotline', { no: 'GD-4', unit: '3302', title: '树倒了' }),
      );
      expect(corrected.result).toMatchObject({ status: 'applied', caseId: 'hotline-GD-4', quarantineId });
      expect(corrected.called).toEqual(calls.corrected);
      expect(await engine.quarantine.get(quarantineId!)).toMatchObject({
        status: 'resolved',
        caseId: 'hotline-GD-4',
      });
      // A bad re-push of the applied order reopens its row; the next good one is a duplicate that resolves it.
      await engine.ingest('hotline', { no: 'GD-4', unit: '0000', title: '树倒了' });
      const repeated = await callsOf(engine.ingest('hotline', { no: 'GD-4', unit: '3302', title: '树倒了' }));
      expect(repeated.result).toMatchObject({ status: 'duplicate', caseId: 'hotline-GD-4', quarantineId });
      expect(repeated.called).toEqual(calls.repeated);
      expect(await engine.quarantine.get(quarantineId!)).toMatchObject({ status: 'resolved', attempts: 2 });
      const fresh = await callsOf(engine.ingest('hotline', { no: 'GD-6', unit: '3301', title: '井盖缺失' }));
      expect(fresh.result).toMatchObject({ status: 'applied', quarantineId: null });
      expect(fresh.called).toEqual(calls.fresh);
      expect(seen).toEqual([
        'quarantined GD-4',
        `applied GD-4 ${quarantineId}`,
        'quarantined GD-4',
        `applied GD-4 ${quarantineId}`,
        'applied GD-6 -',
      ]);
    },
  );

  it('quarantines what the engine refuses and writes nothing for it', async () => {
    const { engine, inspect } = setup();
    await engine.ingest('hotline', { no: 'GD-5', unit: '3301', title: '垃圾满溢' });
    const before = await inspect.counts();
    const refusals = [
      [{ no: 'GD-6', unit: '3301', title: '' }, 'VALIDATION_FAILED', 'input.title'],
      [{ no: 'A-1', action: 'urge', order: 'GD-404' }, 'CASE_NOT_FOUND', undefined],
      [{ no: 'A-2', action: 'fix', order: 'GD-5' }, 'EVENT_NOT_ACCEPTED', undefined],
      [{ no: 'A-3', action: 'teleport', order: 'GD-5' }, 'VALIDATION_FAILED', 'event.type'],
    ] as const;
    for (const [raw, code, field] of refusals) {
      const result = await engine.ingest('hotline', raw);
      expect(result).toMatchObject({ status: 'quarantined', externalId: raw.no, reason: { code } });
      if (result.status === 'quarantined') expect(result.reason.field).toBe(field);
    }
    expect(await inspect.counts()).toEqual(before);
    expect(await inspect.quarantineRows()).toHaveLength(4);
  });

  it('sends an action once its order has arrived, on retry', async () => {
    const { engine } = setup();
    const urge = await engine.ingest('hotline', { no: 'A-9', action: 'urge', order: 'GD-7' });
    expect(urge).toMatchObject({ status: 'quarantined', reason: { code: 'CASE_NOT_FOUND' } });
    await engine.ingest('hotline', { no: 'GD-7', unit: '3301', title: '路面塌陷' });
    expect(await engine.quarantine.retry(urge.quarantineId!)).toMatchObject({
      status: 'applied',
      caseId: 'hotline-GD-7',
    });
    expect((await engine.getCase('hotline-GD-7')).context).toMatchObject({ urged: 1 });
    expect(await engine.ingest('hotline', { no: 'A-9', action: 'urge', order: 'GD-7' })).toMatchObject({
      status: 'duplicate',
    });
    expect((await engine.getCase('hotline-GD-7')).context).toMatchObject({ urged: 1 });
  });

  it('stores a body that is not JSON as the string it was, and hands map the stored form', async () => {
    const received: unknown[] = [];
    const echo: Intake = {
      source: 'echo',
      map(raw) {
        received.push(raw);
        return {
          ok: false,
          externalId: null,
          reason: { code: 'VALIDATION_FAILED', message: 'not an order' },
        };
      },
    };
    const { engine } = setup({ intakes: [echo] });
    const text = await engine.ingest('echo', '<order no="1"/>');
    expect((await engine.quarantine.get(text.quarantineId!))?.raw).toBe('<order no="1"/>');
    const dated = await engine.ingest('echo', { at: new Date('2026-09-21T01:00:00Z'), gone: undefined });
    expect((await engine.quarantine.get(dated.quarantineId!))?.raw).toEqual({
      at: '2026-09-21T01:00:00.000Z',
    });
    await engine.quarantine.retry(dated.quarantineId!);
    expect(received).toEqual([
      '<order no="1"/>',
      { at: '2026-09-21T01:00:00.000Z' },
      { at: '2026-09-21T01:00:00.000Z' },
    ]);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(await rejection(engine.ingest('echo', cyclic))).toMatchObject({ details: { field: 'raw' } });
  });
});
