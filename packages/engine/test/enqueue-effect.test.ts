import { describe, expect, it } from 'vitest';
import { memoryDirectory } from '../src/directory/memory-directory.js';
import type { EffectDelivery } from '../src/effects/effects.js';
import { permanentFailure } from '../src/effects/effects.js';
import { isGridflowError } from '../src/errors.js';
import { createEngine } from '../src/runtime/engine.js';
import { enqueuedEffectId } from '../src/runtime/enqueue-effect.js';
import { memoryStorage } from '../src/storage/memory-storage.js';
import { createTestEngine } from '../src/testing/test-engine.js';
import { org, resident } from './fixtures/org.js';
import { repairFlow } from './fixtures/repair-flow.js';

const input = { title: '井盖缺失' };
const card = (key = 'wecom:task-1:rc-1:wangfang') => ({
  type: 'cardUpdate',
  payload: { responseCode: 'rc-1', text: '已接单 · 王芳' },
  idempotencyKey: key,
});

function setup(cardUpdate: (d: EffectDelivery) => void | Promise<void>) {
  return createTestEngine({
    flows: [repairFlow],
    directory: memoryDirectory(org),
    effects: { cardUpdate, notify: () => {} },
    tuning: { maxAttempts: 3, backoffBaseMs: 1000 },
  });
}

describe('engine.enqueueEffect', () => {
  it('delivers an effect recorded outside a transition, without touching the case or its journal', async () => {
    const seen: EffectDelivery[] = [];
    const t = setup((d) => {
      seen.push(d);
    });
    const c = await t.engine.createCase({ flow: 'repair', actor: resident, orgUnit: 'grid-a1', input });
    const journalBefore = await t.engine.history(c.id);
    const result = await t.engine.enqueueEffect({ ...card(), caseId: c.id });
    expect(result).toEqual({ id: enqueuedEffectId('wecom:task-1:rc-1:wangfang'), enqueued: true });
    await t.flush();
    expect(seen).toEqual([
      {
        id: result.id,
        type: 'cardUpdate',
        caseId: c.id,
        payload: { responseCode: 'rc-1', text: '已接单 · 王芳' },
        idempotencyKey: 'wecom:task-1:rc-1:wangfang',
        attempt: 1,
      },
    ]);
    expect(await t.engine.history(c.id)).toEqual(journalBefore);
    expect((await t.engine.getCase(c.id)).version).toBe(c.version);
  });

  it('adds nothing for a key enqueued before, pending or delivered, so the handler runs once', async () => {
    let calls = 0;
    const t = setup(() => {
      calls++;
    });
    const first = await t.engine.enqueueEffect({ ...card(), caseId: 'c-gone' });
    const again = await t.engine.enqueueEffect({ ...card(), caseId: 'c-gone', payload: { other: true } });
    expect(again).toEqual({ id: first.id, enqueued: false });
    await t.flush();
    expect(await t.engine.enqueueEffect({ ...card(), caseId: 'c-gone' })).toMatchObject({ enqueued: false });
    await t.flush();
    expect(calls).toBe(1);
    const rows = (await t.engine.storage.listOutbox({ caseId: 'c-gone' })).items;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'delivered', payload: card().payload });
  });

  it('adds one row when two engines over one store enqueue the same key at once', async () => {
    const storage = memoryStorage();
    const make = () =>
      createEngine({
        storage,
        flows: [repairFlow],
        directory: memoryDirectory(org),
        effects: { cardUpdate: () => {} },
        ownsAdapters: false,
      });
    const [a, b] = [make(), make()];
    const answers = await Promise.all([a, b, a, b].map((e) => e.enqueueEffect({ ...card(), caseId: 'c-1' })));
    expect(answers.filter((r) => r.enqueued)).toHaveLength(1);
    expect((await storage.listOutbox({ caseId: 'c-1' })).items).toHaveLength(1);
  });

  it('retries a failing delivery and dead-letters it with the error, like a transition effect', async () => {
    const attempts: number[] = [];
    const t = setup((d) => {
      attempts.push(d.attempt);
      if (d.attempt === 1) throw new Error('HTTP 502');
      throw permanentFailure(new Error('wecom 42014: invalid task id'));
    });
    const { id } = await t.engine.enqueueEffect({ ...card(), caseId: 'c-1' });
    await t.advance(60_000);
    expect(attempts).toEqual([1, 2]);
    expect((await t.engine.deadLetters()).items).toMatchObject([
      { id, attempts: 2, lastError: 'wecom 42014: invalid task id' },
    ]);
  });

  it('refuses bad requests with VALIDATION_FAILED naming the field, and stores nothing', async () => {
    const t = setup(() => {});
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...card(), caseId: 'c-1', idempotencyKey: ' ' }, 'request.idempotencyKey'],
      [{ ...card(), caseId: '' }, 'request.caseId'],
      [{ ...card(), caseId: 'c-1', type: 'noSuchHandler' }, 'request.type'],
      [{ ...card(), caseId: 'c-1', payload: { n: 1n } }, 'request.payload'],
      [{ ...card(), caseId: 'c-1', priority: 1 }, 'request.priority'],
    ];
    for (const [request, field] of cases) {
      // biome-ignore lint/suspicious/noExplicitAny: deliberately malformed input.
      const error = await t.engine.enqueueEffect(request as any).catch((e: unknown) => e);
      expect(isGridflowError(error, 'VALIDATION_FAILED'), field).toBe(true);
      expect((error as { details: { field: string } }).details.field).toBe(field);
    }
    expect((await t.engine.storage.listOutbox({})).items).toEqual([]);
  });

  it('refuses with ENGINE_STOPPED once the engine is stopped', async () => {
    const t = setup(() => {});
    await t.engine.stop();
    const error = await t.engine.enqueueEffect({ ...card(), caseId: 'c-1' }).catch((e: unknown) => e);
    expect(isGridflowError(error, 'ENGINE_STOPPED')).toBe(true);
  });
});
