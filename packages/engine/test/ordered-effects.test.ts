import { setup } from 'xstate';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { isGridflowError } from '../src/errors.js';
import { defineFlow, effect } from '../src/flow/define-flow.js';
import { memoryStorage } from '../src/storage/memory-storage.js';
import { runOrderedDelivery } from '../src/testing/ordered-delivery.js';
import { createTestEngine } from '../src/testing/test-engine.js';
import { permanentFailure } from '../src/effects/effects.js';
import { type WriteBack, worker, writeBackFlow } from './fixtures/write-back-flow.js';

describe('ordered effects', () => {
  it('delivers 1,000 effects over 50 keys through two engines in commit order per key, each once', async () => {
    const storage = memoryStorage();
    const report = await runOrderedDelivery({
      storages: [storage, storage],
      effects: 1000,
      keys: 50,
      seed: 11,
    });
    expect(report).toMatchObject({
      committed: 1000,
      delivered: 1000,
      outOfOrder: [],
      overlaps: [],
      duplicates: [],
    });
    // The handlers did fail, so the order held through retries.
    expect(report.failures).toBeGreaterThan(100);
    expect(report.handlerCalls).toBe(1000 + report.failures);
  });

  it('keys a row by its case with orderingKey "case", and leaves an effect without one unordered', async () => {
    const t = createTestEngine({
      flows: [writeBackFlow],
      effects: { writeBack: () => {}, notify: () => {} },
    });
    const c = await t.engine.createCase({ flow: 'write-back', actor: worker, orgUnit: 'district' });
    await t.engine.send({ caseId: c.id, actor: worker, event: { type: 'ping', n: 1 } });
    const rows = (await t.engine.storage.listOutbox({ caseId: c.id })).items;
    expect(rows.map((row) => [row.type, row.orderingKey])).toEqual([
      ['writeBack', c.id],
      ['notify', null],
    ]);
  });

  it('holds later write-backs of a case behind a dead one, lists what it holds back, and goes on once discarded', async () => {
    const seen: number[] = [];
    const t = createTestEngine({
      flows: [writeBackFlow],
      effects: {
        writeBack: ({ payload }: { payload: WriteBack }) => {
          if (payload.n === 1) throw permanentFailure(new Error('HTTP 400 unknown order'));
          seen.push(payload.n);
        },
        notify: () => {},
      },
    });
    const c = await t.engine.createCase({ flow: 'write-back', actor: worker, orgUnit: 'district' });
    const other = await t.engine.createCase({ flow: 'write-back', actor: worker, orgUnit: 'district' });
    for (const n of [1, 2, 3])
      await t.engine.send({ caseId: c.id, actor: worker, event: { type: 'ping', n } });
    await t.engine.send({ caseId: other.id, actor: worker, event: { type: 'ping', n: 9 } });
    await t.flush();

    expect(seen).toEqual([9]);
    const [dead] = (await t.engine.deadLetters()).items;
    expect(dead).toMatchObject({ type: 'writeBack', orderingKey: c.id, heldBack: 2, status: 'dead' });
    await expect(t.engine.discardDeadLetter(`${c.id}:3:0`)).rejects.toSatisfy((error) =>
      isGridflowError(error, 'VALIDATION_FAILED'),
    );

    await t.engine.discardDeadLetter(dead!.id);
    await t.flush();
    expect(seen).toEqual([9, 2, 3]);
    expect((await t.engine.deadLetters()).items).toEqual([]);
    expect((await t.engine.storage.listOutbox({ status: 'discarded' })).items.map((row) => row.id)).toEqual([
      dead!.id,
    ]);
  });

  it('refuses an orderingKey that is neither "case" nor a function, naming the field', () => {
    expect(() => effect({ orderingKey: 'caseId' as never })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', details: { field: 'orderingKey' } }),
    );
  });

  it('refuses a transition whose ordering key function returns no key, and commits nothing', async () => {
    const flow = defineFlow({
      id: 'bad-key',
      version: 1,
      machine: setup({
        types: { events: {} as { type: 'ping' } },
        actions: { writeBack: effect<{ to: string }>({ orderingKey: (params) => params.to }) },
      }).createMachine({
        id: 'bad-key',
        initial: 'open',
        states: { open: { on: { ping: { actions: { type: 'writeBack', params: { to: '' } } } } } },
      }),
      effects: ['writeBack'],
      events: { ping: z.object({}) },
      permissions: { create: ['gridWorker'], events: { ping: ['gridWorker'] } },
    });
    const t = createTestEngine({ flows: [flow] });
    const c = await t.engine.createCase({ flow: 'bad-key', actor: worker, orgUnit: 'district' });
    await expect(
      t.engine.send({ caseId: c.id, actor: worker, event: { type: 'ping' } }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'effects.writeBack.orderingKey' },
    });
    expect((await t.engine.getCase(c.id)).version).toBe(1);
    expect((await t.engine.storage.listOutbox({ caseId: c.id })).items).toEqual([]);
  });

  it('keeps the content hash of a flow when an effect gains an ordering key', () => {
    const flowWith = (writeBack: ReturnType<typeof effect>) =>
      defineFlow({
        id: 'hashed',
        version: 1,
        machine: setup({ actions: { writeBack } }).createMachine({
          id: 'hashed',
          initial: 'open',
          states: { open: {} },
        }),
        effects: ['writeBack'],
        events: {},
        permissions: { create: ['gridWorker'], events: {} },
      });
    expect(flowWith(effect({ orderingKey: 'case' })).hash).toBe(flowWith(effect()).hash);
  });
});
