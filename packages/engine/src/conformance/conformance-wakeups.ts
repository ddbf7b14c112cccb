import { expect, it } from 'vitest';
import type { Storage } from '../storage/storage.js';
import { describeGroup, type StorageConformanceOptions } from './conformance-harness.js';
import { commitOk } from './conformance-helpers.js';
import {
  CONFORMANCE_EPOCH,
  makeCaseRecord,
  makeCreateCommit,
  makeOutboxRecord,
  makeTimerRecord,
  uniqueId,
} from '../testing/storage-fixtures.js';

/**
 * The `wakeups` group, for adapters with `capabilities.wakeups` (others skip it test by test): `onWake` tells
 * listeners about new outbox rows (committed or enqueued) and timers that are already due, and about the next
 * row of an ordering key that a delivery let go, and stops after unsubscribing.
 *
 * @example
 * ```ts
 * describeWakeupConformance({ name: 'memory', setup });
 * ```
 */
export function describeWakeupConformance(options: StorageConformanceOptions): void {
  describeGroup(options, 'wakeups', (t) => {
    it('offers onWake when it claims the capability', async (ctx) => {
      if (!t.storage.capabilities.wakeups) return ctx.skip();
      expect(typeof t.storage.onWake).toBe('function');
    });

    it('wakes outbox listeners after a commit adds outbox rows', async (ctx) => {
      if (!t.storage.capabilities.wakeups) return ctx.skip();
      const woken = nextWake(t.storage, 'outbox');
      await listening();
      const record = makeCaseRecord();
      await commitOk(t.storage, makeCreateCommit(record, { outbox: [makeOutboxRecord(record.id)] }));
      expect(await woken).toBe('outbox');
    });

    it('wakes outbox listeners after enqueueOutbox adds a row', async (ctx) => {
      if (!t.storage.capabilities.wakeups) return ctx.skip();
      const woken = nextWake(t.storage, 'outbox');
      await listening();
      const row = makeOutboxRecord(uniqueId('case'), { id: `effect:${uniqueId('e')}` });
      expect(await t.storage.enqueueOutbox(row)).toBe(true);
      expect(await woken).toBe('outbox');
    });

    it('wakes timer listeners after a commit schedules a timer that is already due', async (ctx) => {
      if (!t.storage.capabilities.wakeups) return ctx.skip();
      const woken = nextWake(t.storage, 'timers');
      await listening();
      const record = makeCaseRecord();
      const timer = makeTimerRecord(record.id, { dueAt: new Date(Date.now() - 1000) });
      await commitOk(t.storage, makeCreateCommit(record, { scheduleTimers: [timer] }));
      expect(await woken).toBe('timers');
    });

    it('wakes outbox listeners when delivering an ordered row lets the next row of its key go', async (ctx) => {
      if (!t.storage.capabilities.wakeups) return ctx.skip();
      const record = makeCaseRecord();
      const key = uniqueId('key');
      const rows = [0, 1].map(() => makeOutboxRecord(record.id, { orderingKey: key }));
      await commitOk(t.storage, makeCreateCommit(record, { outbox: rows }));
      const [first] = await t.storage.claimOutbox({
        now: CONFORMANCE_EPOCH,
        limit: 10,
        leaseMs: 60_000,
        owner: 'a',
      });
      // Let the commit's own wake-up pass before listening for the one the delivery causes.
      await listening(250);
      const woken = nextWake(t.storage, 'outbox');
      await listening();
      await t.storage.settleOutbox(first!.id, first!.leaseToken, {
        status: 'delivered',
        at: CONFORMANCE_EPOCH,
      });
      expect(await woken).toBe('outbox');
    });

    it('stops waking a listener once it unsubscribes', async (ctx) => {
      if (!t.storage.capabilities.wakeups) return ctx.skip();
      const heard: string[] = [];
      const unsubscribe = t.storage.onWake!((channel) => heard.push(channel));
      unsubscribe();
      const woken = nextWake(t.storage, 'outbox');
      await listening();
      const record = makeCaseRecord();
      await commitOk(t.storage, makeCreateCommit(record, { outbox: [makeOutboxRecord(record.id)] }));
      await woken;
      expect(heard).toEqual([]);
    });
  });
}

/** Give adapters whose subscription is asynchronous (LISTEN) a moment to start listening. */
function listening(ms = 50): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves with the channel on the first wake-up of it; fails after 5 s. */
function nextWake(storage: Storage, channel: 'timers' | 'outbox'): Promise<string> {
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => {
      unsubscribe();
      reject(new Error(`no ${channel} wake-up within 5 s`));
    }, 5_000);
    const unsubscribe = storage.onWake!((heard) => {
      if (heard !== channel) return;
      clearTimeout(timeout);
      unsubscribe();
      resolve(heard);
    });
  });
}
