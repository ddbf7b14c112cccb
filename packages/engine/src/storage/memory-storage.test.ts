import { describe, expect, it } from 'vitest';
import { isGridflowError } from '../errors.js';
import {
  describeDurabilityConformance,
  describeIntakeConformance,
  describeStorageConformance,
  describeTimerConformance,
} from '../conformance/index.js';
import {
  makeCaseRecord,
  makeCreateCommit,
  makeOutboxRecord,
  makeTimerRecord,
  makeUpdateCommit,
  minutesAfterEpoch,
} from '../testing/index.js';
import { inspectMemoryStorage } from './memory-inspector.js';
import { MEMORY_STATE, type MemoryState } from './memory-state.js';
import { memoryStorage } from './memory-storage.js';
import type { Storage } from './storage.js';

describeStorageConformance({
  name: 'memory',
  setup: () => {
    const storage = memoryStorage();
    return { storage, inspect: inspectMemoryStorage(storage) };
  },
});

// Second handles over one memory store stand in for a peer process and a restart, so that the suite's
// multi-process and durability tests (which memory storage itself skips) are exercised too.
const sharedHandles = {
  name: 'memory with shared handles',
  setup: () => {
    const storage = memoryStorage();
    const handle = (): Storage => ({
      ...storage,
      capabilities: { ...storage.capabilities, multiProcess: true, durable: true },
    });
    return { storage: handle(), peer: handle(), reopen: handle, inspect: inspectMemoryStorage(storage) };
  },
};
describeTimerConformance(sharedHandles);
describeIntakeConformance(sharedHandles);
describeDurabilityConformance(sharedHandles);

const rawState = (storage: Storage) => (storage as unknown as Record<symbol, MemoryState>)[MEMORY_STATE]!;
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('memoryStorage', () => {
  it('declares in-process wake-ups, one process and no durability', () => {
    const storage = memoryStorage({ name: 'memory-a' });
    expect(storage.name).toBe('memory-a');
    expect(storage.capabilities).toEqual({
      wakeups: true,
      multiProcess: false,
      durable: false,
      caseFacts: true,
      resolvesQuarantine: true,
    });
    expect(memoryStorage().name).toBe('memory');
  });

  it('rejects bad options, naming the field', () => {
    try {
      memoryStorage({ name: '' });
      expect.unreachable();
    } catch (error) {
      expect(isGridflowError(error, 'VALIDATION_FAILED') && error.details.field).toBe('options.name');
    }
  });

  it('keeps separate instances apart', async () => {
    const a = memoryStorage();
    const b = memoryStorage();
    const record = makeCaseRecord();
    await a.commit(makeCreateCommit(record));
    expect(await b.loadCase(record.id)).toBeNull();
  });

  it('refuses to inspect a storage that is not a memory storage', () => {
    const fake = { ...memoryStorage() } as Storage;
    expect(() => inspectMemoryStorage(fake)).toThrow(/not a memoryStorage/);
  });

  it('rejects a malformed cursor and an out-of-range limit as validation errors', async () => {
    const storage = memoryStorage();
    await expect(storage.queryCases({ cursor: 'not-a-cursor' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'cursor' },
    });
    await expect(storage.listOutbox({ limit: 0 })).rejects.toMatchObject({ details: { field: 'limit' } });
    await expect(storage.queryCases({ limit: 1001 })).rejects.toMatchObject({ details: { field: 'limit' } });
  });

  describe('wake-ups', () => {
    function listen(storage: Storage) {
      const heard: string[] = [];
      storage.onWake!((channel) => heard.push(channel));
      return heard;
    }

    it('wakes timer listeners when a commit schedules a timer earlier than every pending one', async () => {
      const storage = memoryStorage();
      const record = makeCaseRecord();
      const far = new Date(Date.now() + 3_600_000);
      await storage.commit(
        makeCreateCommit(record, { scheduleTimers: [makeTimerRecord(record.id, { dueAt: far })] }),
      );
      const heard = listen(storage);
      const later = makeTimerRecord(record.id, { dueAt: new Date(far.getTime() + 1) });
      await storage.commit(makeUpdateCommit(record, {}, { scheduleTimers: [later] }));
      await tick();
      expect(heard).toEqual([]);
      const v2 = (await storage.loadCase(record.id))!;
      const earlier = makeTimerRecord(record.id, { dueAt: new Date(far.getTime() - 60_000) });
      await storage.commit(makeUpdateCommit(v2, {}, { scheduleTimers: [earlier] }));
      await tick();
      expect(heard).toEqual(['timers']);
    });

    it('wakes outbox listeners when a dead row is retried', async () => {
      const storage = memoryStorage();
      const record = makeCaseRecord();
      await storage.commit(makeCreateCommit(record, { outbox: [makeOutboxRecord(record.id)] }));
      const [row] = await storage.claimOutbox({
        now: minutesAfterEpoch(0),
        limit: 1,
        leaseMs: 1000,
        owner: 'a',
      });
      await storage.settleOutbox(row!.id, row!.leaseToken, { status: 'dead', error: 'gone' });
      const heard = listen(storage);
      await storage.retryOutbox(row!.id, minutesAfterEpoch(1));
      await tick();
      expect(heard).toEqual(['outbox']);
    });

    it('calls listeners after the commit has returned, and one failing listener does not silence others', async () => {
      const storage = memoryStorage();
      const order: string[] = [];
      storage.onWake!(() => {
        throw new Error('listener bug');
      });
      storage.onWake!(() => order.push('listener'));
      const record = makeCaseRecord();
      const committed = storage.commit(makeCreateCommit(record, { outbox: [makeOutboxRecord(record.id)] }));
      order.push('returned');
      await committed;
      await tick();
      expect(order).toEqual(['returned', 'listener']);
    });
  });

  describe('due-work heaps', () => {
    it('sheds the entries of cancelled timers instead of keeping them forever', async () => {
      const storage = memoryStorage();
      let record = makeCaseRecord();
      await storage.commit(makeCreateCommit(record));
      for (let i = 0; i < 5000; i++) {
        const next = makeUpdateCommit(
          record,
          {},
          {
            cancelTimers: ['sla'],
            scheduleTimers: [
              makeTimerRecord(record.id, { key: 'sla', dueAt: minutesAfterEpoch(10_000 + i) }),
            ],
          },
        );
        await storage.commit(next);
        record = next.case;
      }
      const state = rawState(storage);
      expect(state.timers.size).toBe(1);
      expect(state.claimableTimers.size).toBeLessThanOrEqual(2 * state.timers.size + 1025);
      expect(state.dueTimers.size).toBeLessThanOrEqual(2 * state.timers.size + 1025);
      expect(await storage.nextTimerDue()).toEqual(minutesAfterEpoch(10_000 + 4999));
    });

    it('claims nothing quickly when many timers exist but none is due', async () => {
      const storage = memoryStorage();
      for (let c = 0; c < 200; c++) {
        const record = makeCaseRecord();
        const timers = Array.from({ length: 50 }, (_, i) =>
          makeTimerRecord(record.id, { dueAt: minutesAfterEpoch(60 + i) }),
        );
        await storage.commit(makeCreateCommit(record, { scheduleTimers: timers }));
      }
      const started = performance.now();
      for (let i = 0; i < 10_000; i++) {
        await storage.claimDueTimers({ now: minutesAfterEpoch(0), limit: 100, leaseMs: 1000, owner: 'a' });
      }
      // 10 000 empty claims over 10 000 timers: a scan per claim would take seconds.
      expect(performance.now() - started).toBeLessThan(1000);
      expect(
        await storage.claimDueTimers({ now: minutesAfterEpoch(60), limit: 1000, leaseMs: 1, owner: 'a' }),
      ).toHaveLength(200);
    });
  });
});
