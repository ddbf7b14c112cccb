import { expect, it } from 'vitest';
import type { ClaimedOutbox, OutboxRecord, Storage } from '../storage/storage.js';
import { describeGroup, type StorageConformanceOptions } from './conformance-harness.js';
import { commitOk, ids } from './conformance-helpers.js';
import { raceOrderedClaims } from './conformance-ordered-race.js';
import {
  makeCaseRecord,
  makeCreateCommit,
  makeOutboxRecord,
  makeUpdateCommit,
  minutesAfterEpoch,
  uniqueId,
} from '../testing/storage-fixtures.js';

/**
 * The `orderedOutbox` group: rows with an ordering key are handed out one at a time in commit order (across
 * commits and cases), held back behind an earlier row that is pending (due or not), leased, retrying or dead;
 * retrying or discarding a dead row lets its key go on; `countHeldBack`; unordered rows and other keys are not
 * held up; racing claimers (and committers, on two instances when the adapter is `multiProcess`) never hold
 * two rows of one key.
 *
 * @example
 * ```ts
 * describeOrderedOutboxConformance({ name: 'memory', setup });
 * ```
 */
export function describeOrderedOutboxConformance(options: StorageConformanceOptions): void {
  describeGroup(options, 'orderedOutbox', (t) => {
    async function caseWith(rows: (caseId: string) => OutboxRecord[]) {
      const record = makeCaseRecord();
      const outbox = rows(record.id);
      await commitOk(t.storage, makeCreateCommit(record, { outbox }));
      return { record, outbox };
    }

    const claim = (now = minutesAfterEpoch(0), limit = 100, leaseMs = 60_000, storage: Storage = t.storage) =>
      storage.claimOutbox({ now, limit, leaseMs, owner: 'dispatcher-a' });
    const deliver = async (row: ClaimedOutbox | undefined) => {
      expect(row).toBeDefined();
      const at = minutesAfterEpoch(0);
      expect(await t.storage.settleOutbox(row!.id, row!.leaseToken, { status: 'delivered', at })).toBe(true);
    };
    const keyed = (caseId: string, orderingKey: string, overrides: Partial<OutboxRecord> = {}) =>
      makeOutboxRecord(caseId, { orderingKey, ...overrides });

    it('stores the ordering key and hands out a key one row at a time, in commit order', async () => {
      const key = uniqueId('key');
      const { record, outbox } = await caseWith((id) => [keyed(id, key), keyed(id, key), keyed(id, key)]);
      expect((await t.inspect.outbox(record.id)).map((row) => row.orderingKey)).toEqual([key, key, key]);
      for (const expected of outbox) {
        const claimed = await claim();
        expect(ids(claimed)).toEqual([expected.id]);
        expect(claimed[0]).toMatchObject({ orderingKey: key });
        expect(await claim()).toEqual([]);
        await deliver(claimed[0]);
      }
      expect(await claim()).toEqual([]);
    });

    it('orders by commit, not by due time, across commits and cases', async () => {
      const key = uniqueId('key');
      const first = makeCaseRecord();
      const a = keyed(first.id, key, { nextAttemptAt: minutesAfterEpoch(5) });
      await commitOk(t.storage, makeCreateCommit(first, { outbox: [a] }));
      const { outbox } = await caseWith((id) => [keyed(id, key, { nextAttemptAt: minutesAfterEpoch(-5) })]);
      const next = makeUpdateCommit(first);
      const c = keyed(first.id, key, { nextAttemptAt: minutesAfterEpoch(-9) });
      await commitOk(t.storage, { ...next, outbox: [c] });

      expect(await claim(minutesAfterEpoch(4))).toEqual([]);
      const order: string[] = [];
      for (let i = 0; i < 3; i++) {
        const [row] = await claim(minutesAfterEpoch(5));
        order.push(row!.id);
        await deliver(row);
      }
      expect(order).toEqual([a.id, outbox[0]!.id, c.id]);
    });

    it('holds a key back behind a leased row until the lease runs out, then hands out that row again', async () => {
      const key = uniqueId('key');
      const { outbox } = await caseWith((id) => [keyed(id, key), keyed(id, key)]);
      const [leased] = await claim(minutesAfterEpoch(0), 10, 60_000);
      expect(leased?.id).toBe(outbox[0]!.id);
      expect(await claim(minutesAfterEpoch(0.5))).toEqual([]);
      const [again] = await claim(new Date(leased!.leaseUntil.getTime() + 1));
      expect(again?.id).toBe(outbox[0]!.id);
    });

    it('holds a key back behind a row waiting for a retry', async () => {
      const key = uniqueId('key');
      const { outbox } = await caseWith((id) => [keyed(id, key), keyed(id, key)]);
      const [row] = await claim();
      const retry = { status: 'retry' as const, nextAttemptAt: minutesAfterEpoch(10), error: 'HTTP 503' };
      expect(await t.storage.settleOutbox(row!.id, row!.leaseToken, retry)).toBe(true);
      expect(await claim(minutesAfterEpoch(9))).toEqual([]);
      const [retried] = await claim(minutesAfterEpoch(10));
      expect(retried?.id).toBe(outbox[0]!.id);
      await deliver(retried);
      expect(ids(await claim(minutesAfterEpoch(10)))).toEqual([outbox[1]!.id]);
    });

    it('holds a key back behind a dead row, counts what it holds back, and lets it go once retried', async () => {
      const key = uniqueId('key');
      const { outbox } = await caseWith((id) => [keyed(id, key), keyed(id, key), keyed(id, key)]);
      const [row] = await claim();
      expect(await t.storage.settleOutbox(row!.id, row!.leaseToken, { status: 'dead', error: 'gone' })).toBe(
        true,
      );
      expect(await claim(minutesAfterEpoch(600))).toEqual([]);
      const counts = await t.storage.countHeldBack([outbox[0]!.id, outbox[1]!.id, outbox[2]!.id]);
      expect([...counts.entries()].sort()).toEqual(
        [
          [outbox[0]!.id, 2],
          [outbox[1]!.id, 1],
          [outbox[2]!.id, 0],
        ].sort(),
      );

      expect(await t.storage.retryOutbox(row!.id, minutesAfterEpoch(1))).toBe(true);
      expect(await claim(minutesAfterEpoch(0))).toEqual([]);
      const [retried] = await claim(minutesAfterEpoch(1));
      expect(retried?.id).toBe(outbox[0]!.id);
      await deliver(retried);
      expect((await t.storage.countHeldBack([outbox[0]!.id])).get(outbox[0]!.id)).toBe(0);
      expect(ids(await claim(minutesAfterEpoch(1)))).toEqual([outbox[1]!.id]);
    });

    it('discards a dead row, keeps it for audit and lets the rest of its key go on', async () => {
      const key = uniqueId('key');
      const { record, outbox } = await caseWith((id) => [keyed(id, key), keyed(id, key)]);
      const [row] = await claim();
      expect(await t.storage.discardOutbox(row!.id)).toBe(false);
      await t.storage.settleOutbox(row!.id, row!.leaseToken, { status: 'dead', error: 'gone' });
      expect(await t.storage.discardOutbox(row!.id)).toBe(true);
      expect(await t.storage.discardOutbox(row!.id)).toBe(false);
      expect(await t.storage.discardOutbox('no-such-row')).toBe(false);
      expect(await t.storage.retryOutbox(row!.id, minutesAfterEpoch(0))).toBe(false);

      const stored = (await t.inspect.outbox(record.id)).find((r) => r.id === row!.id);
      expect(stored).toMatchObject({ status: 'discarded', attempts: 1, lastError: 'gone', leaseToken: null });
      expect(ids((await t.storage.listOutbox({ status: 'discarded' })).items)).toEqual([row!.id]);
      expect(ids(await claim(minutesAfterEpoch(0)))).toEqual([outbox[1]!.id]);
    });

    it('keeps unordered rows and other keys moving while one key is held back', async () => {
      const [stuck, other] = [uniqueId('key'), uniqueId('key')];
      const { outbox } = await caseWith((id) => [
        keyed(id, stuck),
        keyed(id, stuck),
        keyed(id, other),
        makeOutboxRecord(id),
        keyed(id, other),
        makeOutboxRecord(id),
      ]);
      const first = await claim();
      expect(new Set(ids(first))).toEqual(
        new Set([outbox[0]!.id, outbox[2]!.id, outbox[3]!.id, outbox[5]!.id]),
      );
      const head = first.find((row) => row.id === outbox[0]!.id)!;
      await t.storage.settleOutbox(head.id, head.leaseToken, { status: 'dead', error: 'gone' });
      await deliver(first.find((row) => row.id === outbox[2]!.id));
      expect(ids(await claim())).toEqual([outbox[4]!.id]);
      const counts = await t.storage.countHeldBack([outbox[0]!.id, outbox[3]!.id, 'no-such-row']);
      expect(counts.get(outbox[0]!.id)).toBe(1);
      expect(counts.get(outbox[3]!.id)).toBe(0);
      expect(counts.get('no-such-row')).toBe(0);
    });

    it('lists a row held back behind its key as pending', async () => {
      const key = uniqueId('key');
      const { record, outbox } = await caseWith((id) => [keyed(id, key), keyed(id, key)]);
      const listed = (await t.storage.listOutbox({ caseId: record.id, status: 'pending' })).items;
      expect(listed).toEqual(outbox);
      expect((await t.inspect.outbox(record.id)).map((row) => row.status)).toEqual(['pending', 'pending']);
    });

    it('never lets racing committers and claimers hold two rows of one key, and keeps each key in order', async () => {
      const peer = t.storage.capabilities.multiProcess && t.peer ? t.peer : t.storage;
      const result = await raceOrderedClaims([t.storage, peer], { keys: 6, rowsPerKey: 12 });
      expect(result.overlaps).toEqual([]);
      expect(result.outOfOrder).toEqual([]);
      expect(result.delivered).toBe(6 * 12);
    });
  });
}
