import { describe, expect, it } from 'vitest';
import { chinaCalendar } from '../src/calendar/china-calendar.js';
import { memoryDirectory } from '../src/directory/memory-directory.js';
import { permanentFailure } from '../src/effects/effects.js';
import { type GridflowError, isGridflowError } from '../src/errors.js';
import { createEngine } from '../src/runtime/engine.js';
import type { EngineOptions } from '../src/runtime/engine-types.js';
import { memoryStorage } from '../src/storage/memory-storage.js';
import { createTestEngine } from '../src/testing/test-engine.js';
import { resident, org, staffA } from './fixtures/org.js';
import { repairFlow } from './fixtures/repair-flow.js';

const input = { title: '井盖缺失' };

/** Memory adapters that log their `init` and `dispose` calls (and the caller's own marks) into one list. */
function countedAdapters(failing: { dispose?: 'storage' | 'directory' | 'calendar' } = {}) {
  const calls: string[] = [];
  const lifecycle = (kind: string) => ({
    init: async () => void calls.push(`${kind}.init`),
    dispose: async () => {
      calls.push(`${kind}.dispose`);
      if (failing.dispose === kind) throw new Error('socket already closed');
    },
  });
  const adapters = {
    storage: Object.assign(memoryStorage(), lifecycle('storage')),
    directory: Object.assign(Object.create(memoryDirectory(org)), lifecycle('directory')),
    calendar: Object.assign(Object.create(chinaCalendar()), lifecycle('calendar')),
  };
  const count = (call: string) => calls.filter((c) => c === call).length;
  return { adapters, calls, count };
}

function engineOn(adapters: Partial<EngineOptions>, options: Partial<EngineOptions> = {}) {
  return createEngine({
    flows: [repairFlow],
    effects: { '*': () => {} },
    ...adapters,
    ...options,
  } as EngineOptions);
}

const INITS = ['storage.init', 'directory.init', 'calendar.init'];
const DISPOSALS = ['calendar.dispose', 'directory.dispose', 'storage.dispose'];

describe('adapter life cycle when the engine owns its adapters (the default)', () => {
  it('initialises each adapter once and disposes each once on stop, however often stop is called', async () => {
    const { adapters, calls } = countedAdapters();
    const engine = engineOn(adapters);
    await engine.start();
    await engine.createCase({ flow: 'repair', actor: resident, orgUnit: 'grid-a1', input });
    await engine.stop();
    await engine.stop();
    expect(calls).toEqual([...INITS, ...DISPOSALS]);
  });

  it('refuses start, commands and reads after stop: the adapters are gone (start/stop/start/stop)', async () => {
    const { adapters, calls } = countedAdapters();
    const engine = engineOn(adapters);
    await engine.start();
    const c = await engine.createCase({ flow: 'repair', actor: resident, orgUnit: 'grid-a1', input });
    await engine.stop();
    const restart = (await engine.start().catch((e) => e)) as GridflowError;
    expect(isGridflowError(restart, 'ENGINE_STOPPED')).toBe(true);
    expect(restart.details).toEqual({ disposed: true });
    expect(restart.message).toContain('ownsAdapters: false');
    expect(isGridflowError(await engine.getCase(c.id).catch((e) => e), 'ENGINE_STOPPED')).toBe(true);
    await engine.stop();
    expect(calls).toEqual([...INITS, ...DISPOSALS]);
  });

  it('disposes the adapters it was given even when it was never started or used', async () => {
    const { adapters, calls } = countedAdapters();
    await engineOn(adapters).stop();
    expect(calls).toEqual(DISPOSALS);
  });

  it('initialises once when the first calls race each other', async () => {
    const { adapters, count } = countedAdapters();
    const engine = engineOn(adapters);
    await Promise.all([engine.query(), engine.query(), engine.deadLetters(), engine.start()]);
    expect(INITS.map(count)).toEqual([1, 1, 1]);
    await engine.stop();
  });

  it('waits for a call in flight before disposing the adapters under it', async () => {
    const { adapters, calls } = countedAdapters();
    const slow = Object.assign(Object.create(adapters.directory), {
      getUnit: async (id: string) => {
        await new Promise((resolve) => setTimeout(resolve, 30));
        return adapters.directory.getUnit(id);
      },
    });
    const engine = engineOn({ ...adapters, directory: slow });
    const created = engine
      .createCase({ flow: 'repair', actor: resident, orgUnit: 'grid-a1', input })
      .then(() => calls.push('created'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await engine.stop();
    await created;
    expect(calls).toEqual([...INITS, 'created', ...DISPOSALS]);
  });

  it('tries every dispose when one fails, then rejects stop with ADAPTER_FAILED', async () => {
    const { adapters, calls } = countedAdapters({ dispose: 'directory' });
    const error = (await engineOn(adapters)
      .stop()
      .catch((e) => e)) as GridflowError;
    expect(isGridflowError(error, 'ADAPTER_FAILED')).toBe(true);
    expect(error.details).toEqual({ adapter: 'directory', method: 'dispose' });
    expect(calls).toEqual(DISPOSALS);
  });
});

describe('adapter life cycle with ownsAdapters: false', () => {
  it('initialises once across start/stop/start/stop and disposes nothing; stop only pauses', async () => {
    const { adapters, calls } = countedAdapters();
    const engine = engineOn(adapters, { ownsAdapters: false });
    await engine.start();
    const c = await engine.createCase({ flow: 'repair', actor: resident, orgUnit: 'grid-a1', input });
    await engine.stop();
    const refused = await engine
      .send({ caseId: c.id, actor: staffA, event: { type: 'assign', to: 'g-wang' } })
      .catch((e) => e);
    expect(isGridflowError(refused, 'ENGINE_STOPPED')).toBe(true);
    expect((await engine.getCase(c.id)).state).toBe('open');
    await engine.start();
    const moved = await engine.send({ caseId: c.id, actor: staffA, event: { type: 'assign', to: 'g-wang' } });
    expect(moved.state).toBe('assigned');
    await engine.stop();
    expect(calls).toEqual(INITS);
  });
});

describe('effect handlers', () => {
  it("with unhandledEffects: 'warn', warns at start of a flow effect no handler takes, without failing start", async () => {
    const warnings: string[] = [];
    const logger = { warn: (message: string) => void warnings.push(message), error: () => {} };
    const engine = createEngine({
      storage: memoryStorage(),
      flows: [repairFlow],
      directory: memoryDirectory(org),
      logger,
      unhandledEffects: 'warn',
    });
    const unhandled: unknown[] = [];
    engine.events.on('effect.unhandled', (event) => unhandled.push(event));
    await engine.start();
    await engine.stop();
    expect(unhandled).toEqual([{ type: 'notify', flows: [`repair@${repairFlow.version}`] }]);
    expect(warnings).toEqual([expect.stringContaining('no effect handler for notify (repair@1)')]);
  });

  it('says nothing when a catch-all handler takes every effect', async () => {
    const engine = engineOn({ storage: memoryStorage(), directory: memoryDirectory(org) });
    const unhandled: unknown[] = [];
    engine.events.on('effect.unhandled', (event) => unhandled.push(event));
    await engine.start();
    await engine.stop();
    expect(unhandled).toEqual([]);
  });

  it("hands the dispatcher a handler's own error, so retryAfterMs and retryable: false keep working", async () => {
    const limited = Object.assign(new Error('429 too many requests'), { retryAfterMs: 60_000 });
    const refused = permanentFailure(new Error('unknown user'));
    const errors = [limited, refused];
    const t = createTestEngine({
      flows: [repairFlow],
      directory: memoryDirectory(org),
      effects: {
        notify: () => {
          throw errors.shift();
        },
      },
    });
    const failed: unknown[] = [];
    const dead: { error: unknown; attempt: number }[] = [];
    t.engine.events.on('effect.failed', ({ error }) => failed.push(error));
    t.engine.events.on('effect.deadLettered', ({ error, attempt }) => dead.push({ error, attempt }));
    const c = await t.engine.createCase({ flow: 'repair', actor: resident, orgUnit: 'grid-a1', input });
    await t.engine.send({ caseId: c.id, actor: staffA, event: { type: 'assign', to: 'g-wang' } });
    await t.engine.drainOutbox();
    expect(failed).toEqual([limited]);
    expect((failed[0] as { retryAfterMs: number }).retryAfterMs).toBe(60_000);
    await t.advance('1 hour');
    // A retry-after is not a failed attempt: the permanent failure comes on what still counts as attempt 1.
    expect(dead).toEqual([{ error: refused, attempt: 1 }]);
    const letters = await t.engine.deadLetters();
    expect(letters.items.map((row) => row.lastError)).toEqual(['unknown user']);
  });
});
