import { expect, it } from 'vitest';
import { describeGroup, type StorageConformanceOptions } from './conformance-harness.js';
import { commitOk } from './conformance-helpers.js';
import {
  makeCaseRecord,
  makeCreateCommit,
  makeIdempotencyRecord,
  makeOutboxRecord,
  makeTimerRecord,
  makeUpdateCommit,
  minutesAfterEpoch,
} from '../testing/storage-fixtures.js';

/**
 * The `durability` group, for adapters with `capabilities.durable` whose setup gives `reopen` (others skip it
 * test by test): a new instance over the same store, as after a restart, sees every committed row and lease
 * and carries on from them.
 *
 * @example
 * ```ts
 * describeDurabilityConformance({ name: 'postgres', setup });
 * ```
 */
export function describeDurabilityConformance(options: StorageConformanceOptions): void {
  describeGroup(options, 'durability', (t) => {
    it('shows a reopened store every committed row, with leases intact', async (ctx) => {
      const reopen = t.reopen;
      if (!t.storage.capabilities.durable || !reopen) return ctx.skip();
      const record = makeCaseRecord({ dueAt: minutesAfterEpoch(30) });
      const sla = makeTimerRecord(record.id, { key: 'sla', dueAt: minutesAfterEpoch(30) });
      const reminder = makeTimerRecord(record.id, { key: 'reminder', dueAt: minutesAfterEpoch(-1) });
      const outbox = makeOutboxRecord(record.id);
      const idempotency = makeIdempotencyRecord(record);
      const create = makeCreateCommit(record, {
        scheduleTimers: [sla, reminder],
        outbox: [outbox],
        idempotency,
      });
      await commitOk(t.storage, create);
      await t.storage.ensureFlowVersion({ flowId: 'conformance', version: 1, hash: 'sha256:one' });
      const [claimed] = await t.storage.claimDueTimers({
        now: minutesAfterEpoch(0),
        limit: 10,
        leaseMs: 60_000,
        owner: 'before-restart',
      });
      expect(claimed?.id).toBe(reminder.id);

      const after = await reopen();
      expect(await after.loadCase(record.id)).toEqual(record);
      expect(await after.readJournal(record.id)).toEqual(create.journal);
      expect(await after.listTimers(record.id)).toEqual([reminder, sla]);
      expect(await after.nextTimerDue()).toEqual(minutesAfterEpoch(-1));
      expect(await after.findIdempotencyKey(idempotency.key)).toEqual(idempotency);
      expect((await after.listOutbox({ caseId: record.id })).items).toEqual([outbox]);
      const flow = await after.ensureFlowVersion({ flowId: 'conformance', version: 1, hash: 'sha256:two' });
      expect(flow.hash).toBe('sha256:one');

      const claim = (now: Date) =>
        after.claimDueTimers({ now, limit: 10, leaseMs: 60_000, owner: 'after-restart' });
      expect(await claim(minutesAfterEpoch(0.5))).toEqual([]);
      const fire = makeUpdateCommit(
        record,
        { state: 'reminded' },
        {
          consumeTimer: { id: reminder.id, leaseToken: claimed!.leaseToken },
        },
      );
      await commitOk(after, fire);
      expect(await t.inspect.timers(record.id)).toEqual([{ ...sla, leaseToken: null, leaseUntil: null }]);
      expect((await t.inspect.case(record.id))?.version).toBe(2);
    });
  });
}
