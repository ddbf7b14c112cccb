import { expect, it } from 'vitest';
import type { ClaimedOutbox, OutboxRecord, Storage } from '../storage/storage.js';
import { describeGroup, type StorageConformanceOptions } from './conformance-harness.js';
import { byId, commitOk, ids } from './conformance-helpers.js';
import { enqueueOutboxCases } from './conformance-outbox-enqueue.js';
import {
  makeCaseRecord,
  makeCreateCommit,
  makeOutboxRecord,
  minutesAfterEpoch,
} from '../testing/storage-fixtures.js';

/**
 * The `outbox` group: claiming due rows under a lease, settling (delivered, retry, dead) with lease checks,
 * `attempts` counting, dead-letter retry, racing dispatchers, `listOutbox` order, filters and pages, and rows
 * added outside a commit with `enqueueOutbox`.
 *
 * @example
 * ```ts
 * describeOutboxConformance({ name: 'memory', setup });
 * ```
 */
export function describeOutboxConformance(options: StorageConformanceOptions): void {
  describeGroup(options, 'outbox', (t) => {
    async function caseWith(rows: (caseId: string) => OutboxRecord[]) {
      const record = makeCaseRecord();
      const outbox = rows(record.id);
      await commitOk(t.storage, makeCreateCommit(record, { outbox }));
      return { record, outbox };
    }

    const claim = (
      now: Date,
      limit = 100,
      leaseMs = 60_000,
      owner = 'dispatcher-a',
      storage: Storage = t.storage,
    ) => storage.claimOutbox({ now, limit, leaseMs, owner });

    async function stored(id: string, caseId: string) {
      return (await t.inspect.outbox(caseId)).find((row) => row.id === id);
    }

    it('claims pending rows due at or before now, leases them and leaves attempts alone', async () => {
      const { record, outbox } = await caseWith((id) => [
        makeOutboxRecord(id, { nextAttemptAt: minutesAfterEpoch(-1) }),
        makeOutboxRecord(id, { nextAttemptAt: minutesAfterEpoch(0), attempts: 2 }),
        makeOutboxRecord(id, { nextAttemptAt: minutesAfterEpoch(1) }),
      ]);
      const now = minutesAfterEpoch(0);
      const claimed = await claim(now, 100, 20_000);
      expect(byId(claimed.map(withoutLease))).toEqual(byId(outbox.slice(0, 2)));
      for (const row of claimed) expect(row.leaseUntil).toEqual(new Date(now.getTime() + 20_000));
      expect(new Set(claimed.map((row) => row.leaseToken)).size).toBe(2);
      const inspected = byId(await t.inspect.outbox(record.id));
      expect(inspected.map((row) => row.leaseToken)).toEqual(
        byId(outbox).map((row) => claimed.find((c) => c.id === row.id)?.leaseToken ?? null),
      );
      expect(inspected.map((row) => row.attempts)).toEqual(byId(outbox).map((row) => row.attempts));
    });

    it('claims at most limit rows, the earliest due first', async () => {
      const { outbox } = await caseWith((id) =>
        [3, 1, 4, 2].map((m) => makeOutboxRecord(id, { nextAttemptAt: minutesAfterEpoch(-m) })),
      );
      expect(byId(await claim(minutesAfterEpoch(0), 2)).map(withoutLease)).toEqual(
        byId([outbox[0]!, outbox[2]!]),
      );
    });

    it('does not hand out a leased row again until its lease runs out', async () => {
      const { outbox } = await caseWith((id) => [makeOutboxRecord(id)]);
      const [first] = await claim(minutesAfterEpoch(0), 10, 60_000, 'a');
      expect(first?.id).toBe(outbox[0]!.id);
      expect(await claim(new Date(first!.leaseUntil.getTime() - 1), 10, 60_000, 'b')).toEqual([]);
      const [second] = await claim(new Date(first!.leaseUntil.getTime() + 1), 10, 60_000, 'b');
      expect(second?.id).toBe(first!.id);
      expect(second?.leaseToken).not.toBe(first!.leaseToken);
    });

    it('marks a row delivered under its lease, counting the attempt and clearing the lease', async () => {
      const { record, outbox } = await caseWith((id) => [makeOutboxRecord(id)]);
      const [row] = await claim(minutesAfterEpoch(0));
      const at = minutesAfterEpoch(2);
      expect(await t.storage.settleOutbox(row!.id, row!.leaseToken, { status: 'delivered', at })).toBe(true);
      expect(await stored(row!.id, record.id)).toEqual({
        ...outbox[0],
        status: 'delivered',
        attempts: 1,
        deliveredAt: at,
        leaseToken: null,
        leaseUntil: null,
      });
      expect(await claim(minutesAfterEpoch(600))).toEqual([]);
      expect(await t.storage.settleOutbox(row!.id, row!.leaseToken, { status: 'delivered', at })).toBe(false);
    });

    it('schedules a retry: attempts +1, the error kept, and not claimable before nextAttemptAt', async () => {
      const { record, outbox } = await caseWith((id) => [makeOutboxRecord(id)]);
      const [row] = await claim(minutesAfterEpoch(0), 10, 1_000);
      const nextAttemptAt = minutesAfterEpoch(10);
      const settled = await t.storage.settleOutbox(row!.id, row!.leaseToken, {
        status: 'retry',
        nextAttemptAt,
        error: 'HTTP 503',
      });
      expect(settled).toBe(true);
      expect(await stored(row!.id, record.id)).toEqual({
        ...outbox[0],
        attempts: 1,
        nextAttemptAt,
        lastError: 'HTTP 503',
        leaseToken: null,
        leaseUntil: null,
      });
      expect(await claim(minutesAfterEpoch(9))).toEqual([]);
      const [again] = await claim(minutesAfterEpoch(10));
      expect(again).toMatchObject({ id: row!.id, attempts: 1, status: 'pending', lastError: 'HTTP 503' });
      const retry = { status: 'retry' as const, nextAttemptAt: minutesAfterEpoch(20), error: 'x' };
      expect(await t.storage.settleOutbox(again!.id, again!.leaseToken, retry)).toBe(true);
      expect((await stored(row!.id, record.id))?.attempts).toBe(2);
    });

    it('leaves attempts as they were for a deferred retry (a retry-after), and keeps the rest', async () => {
      const { record } = await caseWith((id) => [makeOutboxRecord(id, { attempts: 2 })]);
      const [row] = await claim(minutesAfterEpoch(0));
      const nextAttemptAt = minutesAfterEpoch(30);
      const deferred = { status: 'retry' as const, nextAttemptAt, error: 'HTTP 429', deferred: true };
      expect(await t.storage.settleOutbox(row!.id, row!.leaseToken, deferred)).toBe(true);
      expect(await stored(row!.id, record.id)).toMatchObject({
        status: 'pending',
        attempts: 2,
        nextAttemptAt,
        lastError: 'HTTP 429',
        leaseToken: null,
      });
      expect(await claim(minutesAfterEpoch(29))).toEqual([]);
      expect(ids(await claim(minutesAfterEpoch(30)))).toEqual([row!.id]);
    });

    it('dead-letters a row, and retryOutbox puts it back to pending with attempts reset', async () => {
      const { record } = await caseWith((id) => [makeOutboxRecord(id, { attempts: 7 })]);
      const [row] = await claim(minutesAfterEpoch(0));
      expect(await t.storage.settleOutbox(row!.id, row!.leaseToken, { status: 'dead', error: 'gone' })).toBe(
        true,
      );
      expect(await stored(row!.id, record.id)).toMatchObject({
        status: 'dead',
        attempts: 8,
        lastError: 'gone',
      });
      expect(await claim(minutesAfterEpoch(6000))).toEqual([]);

      const now = minutesAfterEpoch(100);
      expect(await t.storage.retryOutbox(row!.id, now)).toBe(true);
      expect(await stored(row!.id, record.id)).toMatchObject({
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
      });
      expect(await t.storage.retryOutbox(row!.id, now)).toBe(false);
      expect(await claim(minutesAfterEpoch(99))).toEqual([]);
      expect(ids(await claim(now))).toEqual([row!.id]);
    });

    it('refuses to retry a row that is not dead, or unknown', async () => {
      const { outbox } = await caseWith((id) => [makeOutboxRecord(id)]);
      expect(await t.storage.retryOutbox(outbox[0]!.id, minutesAfterEpoch(0))).toBe(false);
      expect(await t.storage.retryOutbox('no-such-row', minutesAfterEpoch(0))).toBe(false);
    });

    it('refuses a settlement under a lost lease and writes nothing', async () => {
      const { record } = await caseWith((id) => [makeOutboxRecord(id)]);
      const [first] = await claim(minutesAfterEpoch(0), 10, 1_000, 'a');
      const [second] = await claim(minutesAfterEpoch(1), 10, 60_000, 'b');
      const before = await stored(first!.id, record.id);
      const late = { status: 'delivered' as const, at: minutesAfterEpoch(1) };
      expect(await t.storage.settleOutbox(first!.id, first!.leaseToken, late)).toBe(false);
      expect(await t.storage.settleOutbox(first!.id, first!.leaseToken, { status: 'dead', error: 'x' })).toBe(
        false,
      );
      expect(await t.storage.settleOutbox('no-such-row', second!.leaseToken, late)).toBe(false);
      expect(await stored(first!.id, record.id)).toEqual(before);
      expect(await t.storage.settleOutbox(second!.id, second!.leaseToken, late)).toBe(true);
    });

    it('refuses a settlement of a row that was never claimed', async () => {
      const { record, outbox } = await caseWith((id) => [makeOutboxRecord(id)]);
      const at = minutesAfterEpoch(0);
      expect(await t.storage.settleOutbox(outbox[0]!.id, 'made-up', { status: 'delivered', at })).toBe(false);
      expect((await stored(outbox[0]!.id, record.id))?.status).toBe('pending');
    });

    it('never gives two concurrent dispatchers the same row, and together they get all 150', async () => {
      for (let c = 0; c < 15; c++) {
        await caseWith((id) =>
          Array.from({ length: 10 }, (_, i) =>
            makeOutboxRecord(id, { nextAttemptAt: minutesAfterEpoch(-i) }),
          ),
        );
      }
      const drain = async (owner: string, storage: Storage) => {
        const all: ClaimedOutbox[] = [];
        for (;;) {
          const batch = await claim(minutesAfterEpoch(0), 8, 60_000, owner, storage);
          if (batch.length === 0) return all;
          all.push(...batch);
        }
      };
      const peer = t.storage.capabilities.multiProcess && t.peer ? t.peer : t.storage;
      const [a, b] = await Promise.all([drain('a', t.storage), drain('b', peer)]);
      const all = [...ids(a), ...ids(b)];
      expect(new Set(all).size).toBe(150);
      expect(all).toHaveLength(150);
    });

    it('lists rows oldest first and filters by status and case', async () => {
      const one = await caseWith((id) => [
        makeOutboxRecord(id, { id: 'ob-3', createdAt: minutesAfterEpoch(3) }),
        makeOutboxRecord(id, { id: 'ob-1', createdAt: minutesAfterEpoch(1) }),
        makeOutboxRecord(id, { id: 'ob-2b', createdAt: minutesAfterEpoch(2) }),
        makeOutboxRecord(id, { id: 'ob-2a', createdAt: minutesAfterEpoch(2) }),
      ]);
      const two = await caseWith((id) => [
        makeOutboxRecord(id, { id: 'ob-0', createdAt: minutesAfterEpoch(0) }),
      ]);
      const dead = (await claim(minutesAfterEpoch(0), 100)).find((row) => row.id === 'ob-2b')!;
      await t.storage.settleOutbox(dead.id, dead.leaseToken, { status: 'dead', error: 'gone' });

      expect(ids((await t.storage.listOutbox({})).items)).toEqual(['ob-0', 'ob-1', 'ob-2a', 'ob-2b', 'ob-3']);
      expect(ids((await t.storage.listOutbox({ status: 'dead' })).items)).toEqual(['ob-2b']);
      expect(ids((await t.storage.listOutbox({ status: 'pending' })).items)).toEqual([
        'ob-0',
        'ob-1',
        'ob-2a',
        'ob-3',
      ]);
      expect(ids((await t.storage.listOutbox({ status: 'delivered' })).items)).toEqual([]);
      expect(ids((await t.storage.listOutbox({ caseId: one.record.id })).items)).toEqual([
        'ob-1',
        'ob-2a',
        'ob-2b',
        'ob-3',
      ]);
      expect(ids((await t.storage.listOutbox({ caseId: two.record.id, status: 'dead' })).items)).toEqual([]);
      const [listed] = (await t.storage.listOutbox({ caseId: two.record.id })).items;
      expect(listed).toEqual(two.outbox[0]);
    });

    it('pages through the outbox without duplicates or gaps', async () => {
      const expected: string[] = [];
      for (let c = 0; c < 13; c++) {
        const { outbox } = await caseWith((id) =>
          Array.from({ length: 10 }, (_, i) =>
            makeOutboxRecord(id, {
              id: `ob-${String(c * 10 + i).padStart(4, '0')}`,
              createdAt: minutesAfterEpoch(c),
            }),
          ),
        );
        expected.push(...ids(outbox));
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await t.storage.listOutbox({ limit: 50, cursor });
        seen.push(...ids(page.items));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor && pages < 10);
      expect(pages).toBe(3);
      expect(seen).toEqual(expected);
      const full = await t.storage.listOutbox({ limit: 65, cursor: null });
      const rest = await t.storage.listOutbox({ limit: 65, cursor: full.nextCursor });
      expect(rest.items).toHaveLength(65);
      expect(rest.nextCursor).toBeNull();
    });

    enqueueOutboxCases(t);
  });
}

function withoutLease({ leaseToken, leaseUntil, ...row }: ClaimedOutbox): OutboxRecord {
  return row;
}
