import { describe, expect, it } from 'vitest';
import type { Calendar } from '../src/calendar/calendar.js';
import { chinaCalendar } from '../src/calendar/china-calendar.js';
import type { Directory } from '../src/directory/directory.js';
import { memoryDirectory } from '../src/directory/memory-directory.js';
import { GridflowError, isGridflowError } from '../src/errors.js';
import { memoryPointsLedger } from '../src/points/memory-points-ledger.js';
import { pointsEffects } from '../src/points/points-effects.js';
import type { PointsLedger } from '../src/points/points-ledger.js';
import { createEngine } from '../src/runtime/engine.js';
import type { EngineOptions } from '../src/runtime/engine-types.js';
import { memoryStorage } from '../src/storage/memory-storage.js';
import type { Storage } from '../src/storage/storage.js';
import { org, resident } from './fixtures/org.js';
import { repairFlow } from './fixtures/repair-flow.js';

const input = { title: '井盖缺失' };

function engineWith(adapters: Partial<EngineOptions>) {
  return createEngine({
    storage: memoryStorage(),
    flows: [repairFlow],
    directory: memoryDirectory(org),
    ...adapters,
  });
}

/** The adapter with one member replaced: `Object.create` keeps the rest of the real adapter behind it. */
function withMember<T extends object>(adapter: T, member: string, value: unknown): T {
  return Object.assign(Object.create(adapter), { [member]: value });
}

const thrower = (message: string) => () => {
  throw new Error(message);
};

async function failureOf(work: Promise<unknown>): Promise<GridflowError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isGridflowError(error)) throw new Error(`expected a GridflowError, got ${String(error)}`);
  return error;
}

describe('the start-up check', () => {
  it('fails createEngine naming all three members a storage adapter lacks, in one error', () => {
    const broken = { ...memoryStorage(), readJournal: undefined, listTimers: undefined, claimOutbox: 'no' };
    let error: unknown;
    try {
      engineWith({ storage: broken as unknown as Storage });
    } catch (e) {
      error = e;
    }
    expect(isGridflowError(error, 'VALIDATION_FAILED')).toBe(true);
    const { details, message } = error as GridflowError;
    expect(details.missing).toEqual(['storage.readJournal', 'storage.listTimers', 'storage.claimOutbox']);
    expect(details.field).toBe('storage.readJournal');
    for (const member of details.missing as string[]) expect(message).toContain(member);
  });

  it('lists what every adapter lacks together: storage, directory and calendar', () => {
    const directory = { ...memoryDirectory(org), members: undefined } as unknown as Directory;
    const calendar = { ...chinaCalendar(), covers: undefined } as unknown as Calendar;
    const storage = { ...memoryStorage(), commit: undefined } as unknown as Storage;
    expect(() => engineWith({ storage, directory, calendar })).toThrow(
      expect.objectContaining({
        details: expect.objectContaining({
          missing: ['storage.commit', 'directory.members', 'calendar.covers'],
        }),
      }),
    );
  });

  it('names an optional member given as something other than a function', () => {
    const storage = { ...memoryStorage(), dispose: 'later' } as unknown as Storage;
    expect(() => engineWith({ storage })).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ missing: ['storage.dispose'] }) }),
    );
  });

  it('fails pointsEffects naming every member a points ledger lacks', () => {
    const ledger = { award: () => {} } as unknown as PointsLedger;
    expect(() => pointsEffects(ledger)).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        details: expect.objectContaining({
          missing: ['pointsLedger.redeem', 'pointsLedger.balance', 'pointsLedger.history'],
        }),
      }),
    );
  });
});

describe('adapter failures', () => {
  // Storage adapters carry a name, which the message shows; the other contracts have none.
  const cases: { adapter: string; method: string; message: string; run: () => Promise<unknown> }[] = [
    {
      adapter: 'storage',
      method: 'commit',
      message: 'storage.commit failed (memory): connection reset',
      run: () =>
        engineWith({
          storage: withMember(memoryStorage(), 'commit', thrower('connection reset')),
        }).createCase({ flow: 'repair', actor: resident, orgUnit: 'grid-a1', input }),
    },
    {
      adapter: 'directory',
      method: 'getUnit',
      message: 'directory.getUnit failed: connection reset',
      run: () =>
        engineWith({
          directory: withMember(memoryDirectory(org), 'getUnit', thrower('connection reset')),
        }).createCase({ flow: 'repair', actor: resident, orgUnit: 'grid-a1', input }),
    },
    {
      adapter: 'calendar',
      method: 'addWorkingDays',
      message: 'calendar.addWorkingDays failed: connection reset',
      run: () =>
        engineWith({
          calendar: withMember(chinaCalendar(), 'addWorkingDays', thrower('connection reset')),
        }).createCase({ flow: 'repair', actor: resident, orgUnit: 'grid-a1', input }),
    },
    {
      adapter: 'pointsLedger',
      method: 'award',
      message: 'pointsLedger.award failed: connection reset',
      run: async () => {
        const ledger = withMember(memoryPointsLedger(), 'award', thrower('connection reset'));
        await pointsEffects(ledger).awardPoints({
          id: 'o-1',
          type: 'awardPoints',
          caseId: 'wish-7',
          payload: { personId: 'u-li', amount: 10, reason: '微心愿' },
          idempotencyKey: 'o-1',
          attempt: 1,
        });
      },
    },
  ];

  for (const { adapter, method, message, run } of cases) {
    it(`turns a plain Error thrown by ${adapter}.${method} into ADAPTER_FAILED naming both`, async () => {
      const error = await failureOf(run());
      expect(error.code).toBe('ADAPTER_FAILED');
      expect(error.details).toMatchObject({ adapter, method });
      expect(error.message).toBe(message);
      expect((error.cause as Error).message).toBe('connection reset');
    });
  }

  it('names the storage adapter as well, from its name', async () => {
    const storage = withMember(memoryStorage({ name: 'flaky' }), 'loadCase', async () => {
      throw new Error('timeout');
    });
    const error = await failureOf(engineWith({ storage }).getCase('c-1'));
    expect(error.details).toEqual({ adapter: 'storage', method: 'loadCase', name: 'flaky' });
  });

  it('lets a GridflowError thrown by an adapter through unchanged', async () => {
    const refusal = new GridflowError('FORBIDDEN', 'directory says no');
    const directory = withMember(memoryDirectory(org), 'getUnit', () => {
      throw refusal;
    });
    const error = await failureOf(
      engineWith({ directory }).createCase({ flow: 'repair', actor: resident, orgUnit: 'grid-a1', input }),
    );
    expect(error).toBe(refusal);
  });

  it('keeps sync directory answers sync, and a rejected promise becomes ADAPTER_FAILED too', async () => {
    const directory = withMember(memoryDirectory(org), 'members', () =>
      Promise.reject(new Error('ldap down')),
    );
    const engine = engineWith({ directory });
    expect(engine.directory.getUnit('grid-a1')).toMatchObject({ id: 'grid-a1' });
    const error = await failureOf(Promise.resolve(engine.directory.members('grid-a1')));
    expect(error.details).toEqual({ adapter: 'directory', method: 'members' });
  });

  it('keeps a class-based adapter working: private fields and methods outside the contract', async () => {
    class CountingDirectory implements Directory {
      readonly #inner = memoryDirectory(org);
      #calls = 0;
      getUnit = (id: string) => this.#count(this.#inner.getUnit(id));
      isWithin = (unit: string, ancestor: string) => this.#count(this.#inner.isWithin(unit, ancestor));
      subtree(unit: string) {
        return this.#count(this.#inner.subtree(unit));
      }
      ancestors(unit: string) {
        return this.#count(this.#inner.ancestors(unit));
      }
      getMember(id: string) {
        return this.#count(this.#inner.getMember(id));
      }
      members(unit: string) {
        return this.#count(this.#inner.members(unit));
      }
      findMemberByExternalId(system: string, id: string) {
        return this.#count(this.#inner.findMemberByExternalId(system, id));
      }
      get calls() {
        return this.#calls;
      }
      reset() {
        this.#calls = 0;
      }
      #count<T>(value: T): T {
        this.#calls++;
        return value;
      }
    }
    const engine = engineWith({ directory: new CountingDirectory() });
    await engine.createCase({ flow: 'repair', actor: resident, orgUnit: 'grid-a1', input });
    const guarded = engine.directory as CountingDirectory;
    expect(guarded.calls).toBeGreaterThan(0);
    guarded.reset();
    expect(guarded.calls).toBe(0);
  });
});
