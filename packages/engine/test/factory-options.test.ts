import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { chinaCalendar } from '../src/calendar/china-calendar.js';
import { parseHolidayYear } from '../src/calendar/holiday-year.js';
import { virtualClock } from '../src/clock/virtual-clock.js';
import { memoryDirectory } from '../src/directory/memory-directory.js';
import type { MemoryDirectoryConfig } from '../src/directory/memory-directory-config.js';
import { type GridflowError, isGridflowError, parseOptions } from '../src/errors.js';
import { memoryPointsLedger } from '../src/points/memory-points-ledger.js';
import { createEngine } from '../src/runtime/engine.js';
import type { EngineOptions } from '../src/runtime/engine-types.js';
import { memoryStorage } from '../src/storage/memory-storage.js';
import { createTestEngine } from '../src/testing/test-engine.js';
import { org } from './fixtures/org.js';
import { repairFlow } from './fixtures/repair-flow.js';

/** The options an engine needs, with `change` applied, passed as an untyped caller would. */
function engineWith(change: Record<string, unknown>) {
  const base = { storage: memoryStorage(), flows: [repairFlow], directory: memoryDirectory(org) };
  return () => createEngine({ ...base, ...change } as unknown as EngineOptions);
}

// biome-ignore lint/suspicious/noExplicitAny: each row hands a factory what a careless caller might.
const bad = (value: unknown) => value as any;

const rows: { factory: string; field: string; build: () => unknown }[] = [
  { factory: 'memoryStorage', field: 'options.name', build: () => memoryStorage({ name: '' }) },
  { factory: 'memoryStorage', field: 'options.name', build: () => memoryStorage(bad({ name: 7 })) },
  {
    factory: 'memoryDirectory',
    field: 'config.units[0].kind',
    build: () =>
      memoryDirectory(bad({ units: [{ id: 'a', name: 'A', kind: 'county' }] }) as MemoryDirectoryConfig),
  },
  { factory: 'chinaCalendar', field: 'options.strict', build: () => chinaCalendar(bad({ strict: 'yes' })) },
  { factory: 'chinaCalendar', field: 'options.lenient', build: () => chinaCalendar(bad({ lenient: true })) },
  {
    factory: 'chinaCalendar',
    field: 'options.officeHours.0.0',
    build: () => chinaCalendar({ officeHours: [['9am', '12:00']] }),
  },
  {
    factory: 'memoryPointsLedger',
    field: 'options.clock',
    build: () => memoryPointsLedger(bad({ clock: {} })),
  },
  {
    factory: 'memoryPointsLedger',
    field: 'options.clok',
    build: () => memoryPointsLedger(bad({ clok: {} })),
  },
  { factory: 'virtualClock', field: 'start', build: () => virtualClock('next tuesday') },
  { factory: 'createTestEngine', field: 'options.start', build: () => createTestEngine({ start: 'soon' }) },
  { factory: 'createEngine', field: 'options.storage', build: engineWith({ storage: undefined }) },
  { factory: 'createEngine', field: 'options.directory', build: engineWith({ directory: 'org.json' }) },
  { factory: 'createEngine', field: 'options.flows', build: engineWith({ flows: repairFlow }) },
  {
    factory: 'createEngine',
    field: 'options.clock',
    build: engineWith({ clock: { now: () => new Date() } }),
  },
  {
    factory: 'createEngine',
    field: 'options.effects.notify',
    build: engineWith({ effects: { notify: 'sms' } }),
  },
  { factory: 'createEngine', field: 'options.logger', build: engineWith({ logger: { log: () => {} } }) },
  { factory: 'createEngine', field: 'options.instanceId', build: engineWith({ instanceId: '' }) },
  { factory: 'createEngine', field: 'options.ownsAdapters', build: engineWith({ ownsAdapters: 'no' }) },
  {
    factory: 'createEngine',
    field: 'options.tuning.batchSize',
    build: engineWith({ tuning: { batchSize: 0 } }),
  },
  {
    factory: 'createEngine',
    field: 'options.tuning.batchsize',
    build: engineWith({ tuning: { batchsize: 5 } }),
  },
];

describe('factory options', () => {
  for (const { factory, field, build } of rows) {
    it(`${factory} names ${field} when that option is bad`, () => {
      expect(build).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED', details: expect.objectContaining({ field }) }),
      );
    });
  }

  it('engine.migrate names a bad option under options', async () => {
    const engine = engineWith({})();
    const error = await engine
      .migrate({ flow: 'repair', from: 1, to: 1, states: {} }, bad({ dryRun: 'yes' }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'options.dryRun' } });
  });
});

function failureOf(run: () => unknown): GridflowError {
  try {
    run();
  } catch (error) {
    if (isGridflowError(error)) return error;
    throw error;
  }
  throw new Error('expected a GridflowError, nothing was thrown');
}

describe('parseOptions', () => {
  const schema = z.strictObject({ schema: z.string().min(1), batch: z.object({ size: z.number().int() }) });

  it('returns the parsed value when the options are good', () => {
    expect(parseOptions(schema, { schema: 'gridflow', batch: { size: 5 } })).toEqual({
      schema: 'gridflow',
      batch: { size: 5 },
    });
  });

  it('names the first bad option and lists every issue, unknown keys by their own path', () => {
    const error = failureOf(() =>
      parseOptions(schema, { schema: '', batch: { size: 1.5 }, tenantID: 'x', extra: 1 }),
    );
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details.field).toBe('options.schema');
    expect(error.message).toMatch(/^options\.schema /);
    expect((error.details.issues as { path: string }[]).map((issue) => issue.path)).toEqual([
      'options.schema',
      'options.batch.size',
      'options.tenantID',
      'options.extra',
    ]);
  });

  it('names the root itself when the value is not an object, and takes another root', () => {
    expect(() => parseOptions(schema, undefined)).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'options' }) }),
    );
    expect(() => parseHolidayYear({ year: 2027 }, 'years.0')).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'years.0.holidays' }) }),
    );
  });
});
