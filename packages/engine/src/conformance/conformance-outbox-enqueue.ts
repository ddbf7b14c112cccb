import { expect, it } from 'vitest';
import { isGridflowError } from '../errors.js';
import type { StorageUnderTest } from './conformance-harness.js';
import { commitOk, ids } from './conformance-helpers.js';
import {
  makeCaseRecord,
  makeCreateCommit,
  makeOutboxRecord,
  minutesAfterEpoch,
  uniqueId,
} from '../testing/storage-fixtures.js';

/**
 * The `enqueueOutbox` cases of the `outbox` group: a row added outside a commit is stored as given, claimed,
 * settled and listed like a committed one; a second enqueue of its id (from another instance too) adds nothing;
 * an ordered row is refused.
 *
 * @example
 * ```ts
 * describeGroup(options, 'outbox', (t) => { enqueueOutboxCases(t); });
 * ```
 */
export function enqueueOutboxCases(t: StorageUnderTest): void {
  const claim = (now: Date) => t.storage.claimOutbox({ now, limit: 100, leaseMs: 60_000, owner: 'a' });

  it('enqueues a row outside a commit: stored as given, listed, and claimable from its nextAttemptAt', async () => {
    const caseId = uniqueId('case'); // the case need not be stored: an effect may outlive it
    const row = makeOutboxRecord(caseId, {
      id: `effect:${uniqueId('e')}`,
      type: 'wecom.updateCard',
      payload: { responseCode: 'rc-1', userIds: ['wangfang'], replaceName: '已接单 · 王芳' },
      idempotencyKey: 'wecom:task-1:rc-1:wangfang',
      nextAttemptAt: minutesAfterEpoch(5),
      createdAt: minutesAfterEpoch(5),
    });
    expect(await t.storage.enqueueOutbox(row)).toBe(true);
    expect(await t.inspect.outbox(caseId)).toEqual([{ ...row, leaseToken: null, leaseUntil: null }]);
    expect((await t.storage.listOutbox({ caseId })).items).toEqual([row]);
    expect(await claim(minutesAfterEpoch(4))).toEqual([]);
    const [claimed] = await claim(minutesAfterEpoch(5));
    expect(claimed).toMatchObject({ id: row.id, payload: row.payload, attempts: 0 });
    const at = minutesAfterEpoch(6);
    expect(await t.storage.settleOutbox(row.id, claimed!.leaseToken, { status: 'delivered', at })).toBe(true);
    expect((await t.inspect.outbox(caseId))[0]).toMatchObject({
      status: 'delivered',
      attempts: 1,
      deliveredAt: at,
    });
  });

  it('adds nothing for an id it holds already, pending or delivered, and leaves that row as it was', async () => {
    const record = makeCaseRecord();
    const committed = makeOutboxRecord(record.id);
    await commitOk(t.storage, makeCreateCommit(record, { outbox: [committed] }));
    const again = { ...committed, type: 'other', payload: { changed: true } };
    expect(await t.storage.enqueueOutbox(again)).toBe(false);
    const enqueued = makeOutboxRecord(record.id, { id: `effect:${uniqueId('e')}` });
    expect(await t.storage.enqueueOutbox(enqueued)).toBe(true);
    const [first] = (await claim(minutesAfterEpoch(0))).filter((r) => r.id === enqueued.id);
    await t.storage.settleOutbox(first!.id, first!.leaseToken, {
      status: 'delivered',
      at: minutesAfterEpoch(1),
    });
    expect(await t.storage.enqueueOutbox(enqueued)).toBe(false);
    const stored = await t.inspect.outbox(record.id);
    expect(stored.find((r) => r.id === committed.id)).toMatchObject({
      type: committed.type,
      payload: committed.payload,
    });
    expect(stored.find((r) => r.id === enqueued.id)?.status).toBe('delivered');
    expect(ids(await claim(minutesAfterEpoch(600)))).toEqual([committed.id]);
  });

  it('adds one row when several callers, in other instances too, enqueue one id at once', async () => {
    const caseId = uniqueId('case');
    const row = makeOutboxRecord(caseId, { id: `effect:${uniqueId('e')}` });
    const peer = t.storage.capabilities.multiProcess && t.peer ? t.peer : t.storage;
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? t.storage : peer).enqueueOutbox({ ...row })),
    );
    expect(answers.filter(Boolean)).toHaveLength(1);
    expect(ids(await t.inspect.outbox(caseId))).toEqual([row.id]);
  });

  it('refuses an ordered row with VALIDATION_FAILED and stores nothing', async () => {
    const caseId = uniqueId('case');
    const row = makeOutboxRecord(caseId, { orderingKey: 'case' });
    const error = await t.storage.enqueueOutbox(row).catch((e: unknown) => e);
    expect(isGridflowError(error, 'VALIDATION_FAILED')).toBe(true);
    expect(await t.inspect.outbox(caseId)).toEqual([]);
  });
}
