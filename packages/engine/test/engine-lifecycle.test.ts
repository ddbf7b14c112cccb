import { describe, expect, it } from 'vitest';
import { chinaCalendar } from '../src/calendar/china-calendar.js';
import { virtualClock } from '../src/clock/virtual-clock.js';
import { memoryDirectory } from '../src/directory/memory-directory.js';
import { type GridflowError, isGridflowError } from '../src/errors.js';
import { createEngine } from '../src/runtime/engine.js';
import { memoryStorage } from '../src/storage/memory-storage.js';
import type { Storage } from '../src/storage/storage.js';
import { createTestEngine } from '../src/testing/test-engine.js';
import { org, resident, staffA } from './fixtures/org.js';
import { repairFlow } from './fixtures/repair-flow.js';

const input = { title: '井盖缺失' };

describe('options', () => {
  it('names a bad tuning value', () => {
    const build = (tuning: Record<string, number>) => () =>
      createEngine({
        storage: memoryStorage(),
        flows: [repairFlow],
        directory: memoryDirectory(org),
        tuning,
      });
    expect(build({ timerConcurrency: 0 })).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        details: expect.objectContaining({ field: 'options.tuning.timerConcurrency' }),
      }),
    );
    expect(build({ batchSize: 2.5 })).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'options.tuning.batchSize' }) }),
    );
    expect(build({ batchSize: 50 })).not.toThrow();
  });
});

describe('adapter failures', () => {
  it('names a missing storage member at construction', () => {
    const broken = { ...memoryStorage(), commit: undefined } as unknown as Storage;
    expect(() =>
      createEngine({ storage: broken, flows: [repairFlow], directory: memoryDirectory(org) }),
    ).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        details: expect.objectContaining({ field: 'storage.commit' }),
      }),
    );
  });

  it('turns what an adapter throws into ADAPTER_FAILED with adapter, method and cause', async () => {
    const storage = memoryStorage();
    const failing: Storage = Object.assign(Object.create(storage), {
      name: 'flaky',
      commit: async () => {
        throw new Error('connection reset');
      },
    });
    const engine = createEngine({ storage: failing, flows: [repairFlow], directory: memoryDirectory(org) });
    const error = (await engine
      .createCase({ flow: 'repair', actor: resident, orgUnit: 'grid-a1', input })
      .catch((e) => e)) as GridflowError;
    expect(isGridflowError(error, 'ADAPTER_FAILED')).toBe(true);
    expect(error.details).toEqual({ adapter: 'storage', method: 'commit', name: 'flaky' });
    expect((error.cause as Error).message).toBe('connection reset');
  });
});

describe('events for embedders', () => {
  it('reports creation, transitions, fired timers and delivered effects', async () => {
    const t = createTestEngine({
      flows: [repairFlow],
      directory: memoryDirectory(org),
      start: '2026-11-02T09:00:00+08:00',
      effects: { '*': async () => {} },
    });
    const seen: string[] = [];
    t.engine.events.on('case.created', ({ case: c }) => seen.push(`created ${c.state}`));
    t.engine.events.on('case.transitioned', ({ entry }) => seen.push(`transitioned ${entry.type}`));
    t.engine.events.on('timer.fired', ({ timer }) => seen.push(`fired ${timer.key}`));
    t.engine.events.on('effect.delivered', ({ effect }) => seen.push(`delivered ${effect.type}`));
    const c = await t.engine.createCase({ flow: 'repair', actor: resident, orgUnit: 'grid-a1', input });
    await t.engine.send({ caseId: c.id, actor: resident, event: { type: 'urge' } });
    await t.advance('3 working days');
    expect(seen).toEqual([
      'created open',
      'transitioned urge',
      'delivered notify',
      'transitioned xstate.after.slaDeadline.repair.open',
      'fired xstate.after.slaDeadline.repair.open',
      'delivered slaBreached',
    ]);
  });
});

describe('calendar coverage', () => {
  it('marks a deadline in a year without data provisional and re-plans it when the data arrives', async () => {
    const calendar = chinaCalendar();
    const t = createTestEngine({
      flows: [repairFlow],
      directory: memoryDirectory(org),
      calendar,
      start: '2026-12-30T09:00:00+08:00',
      effects: { notify: () => {} },
    });
    const provisional: string[] = [];
    t.engine.events.on('calendar.provisional', ({ caseId }) => provisional.push(caseId));
    await t.engine.start();
    const c = await t.engine.createCase({ flow: 'repair', actor: resident, orgUnit: 'grid-a1', input });
    // Wed 12-30 + 3: Thu 12-31, then 2027 has no data yet, so Fri 01-01 counts Monday-to-Friday: Mon 01-04.
    expect(c.dueAt?.toISOString()).toBe('2027-01-04T01:00:00.000Z');
    expect(provisional).toEqual([c.id]);
    const [timer] = await t.engine.storage.listTimers(c.id);
    expect(timer?.provisional).toBe(true);

    const replanned = new Promise<number>((resolve) =>
      t.engine.events.once('calendar.replanned', ({ timers }) => resolve(timers)),
    );
    // Once 2027-01-01 is known to be a holiday (元旦), the third working day is Tuesday 01-05.
    calendar.addYear({ year: 2027, holidays: ['2027-01-01'], makeUpWorkdays: [], source: 'test data' });
    expect(await replanned).toBe(1);
    const [moved] = await t.engine.storage.listTimers(c.id);
    expect(moved).toMatchObject({ provisional: false, dueAt: new Date('2027-01-05T01:00:00.000Z') });
    expect((await t.engine.getCase(c.id)).dueAt?.toISOString()).toBe('2027-01-05T01:00:00.000Z');
    await t.engine.stop();
  });

  it('never fails intake on a strict calendar: it reports CALENDAR_UNCOVERED and plans provisionally', async () => {
    const t = createTestEngine({
      flows: [repairFlow],
      directory: memoryDirectory(org),
      calendar: chinaCalendar({ strict: true }),
      start: '2026-12-30T09:00:00+08:00',
    });
    const errors: unknown[] = [];
    t.engine.events.on('error', ({ error }) => errors.push(error));
    const c = await t.engine.createCase({ flow: 'repair', actor: resident, orgUnit: 'grid-a1', input });
    expect(c.state).toBe('open');
    expect(errors).toHaveLength(1);
    expect(isGridflowError(errors[0], 'CALENDAR_UNCOVERED')).toBe(true);
    const [timer] = await t.engine.storage.listTimers(c.id);
    expect(timer).toMatchObject({ provisional: true, dueAt: new Date('2027-01-04T01:00:00.000Z') });
  });
});

describe('start and stop', () => {
  it('runs timers and effects in the background and stops gracefully', async () => {
    const clock = virtualClock('2026-11-02T09:00:00+08:00');
    const delivered: string[] = [];
    const engine = createEngine({
      storage: memoryStorage(),
      flows: [repairFlow],
      directory: memoryDirectory(org),
      clock,
      tuning: { pollIntervalMs: 50 },
      effects: { '*': async ({ type }) => void delivered.push(type) },
    });
    await engine.start();
    const c = await engine.createCase({ flow: 'repair', actor: resident, orgUnit: 'grid-a1', input });
    await engine.send({ caseId: c.id, actor: staffA, event: { type: 'assign', to: 'g-wang' } });
    await until(() => delivered.includes('notify'));
    clock.set('2026-11-06T09:00:00+08:00');
    await until(async () => (await engine.getCase(c.id)).context.escalated === 1);
    await engine.stop();
    const error = (await engine
      .send({ caseId: c.id, actor: staffA, event: { type: 'release' } })
      .catch((e) => e)) as GridflowError;
    expect(error.code).toBe('ENGINE_STOPPED');
  });
});

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('before start()', () => {
  it('takes createCase and send (initialising the adapters on first use) but fires no timer until start()', async () => {
    const clock = virtualClock('2026-09-21T09:00:00+08:00');
    const delivered: string[] = [];
    const engine = createEngine({
      storage: memoryStorage(),
      flows: [repairFlow],
      directory: memoryDirectory(org),
      clock,
      effects: { notify: ({ payload }) => void delivered.push((payload as { text: string }).text) },
    });
    const c = await engine.createCase({ flow: 'repair', actor: resident, orgUnit: 'grid-a1', input });
    await engine.send({ caseId: c.id, actor: resident, event: { type: 'urge' } });
    clock.set('2026-09-28T09:00:00+08:00');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await engine.history(c.id)).map((e) => e.type)).toEqual(['gridflow.create', 'urge']);
    expect(delivered).toEqual([]);

    await engine.start();
    for (let i = 0; i < 100 && (await engine.history(c.id)).length < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect((await engine.history(c.id)).map((e) => e.type)).toEqual([
      'gridflow.create',
      'urge',
      'xstate.after.slaDeadline.repair.open',
    ]);
    expect(delivered).toEqual(['urged']);
    await engine.stop();
  });
});
