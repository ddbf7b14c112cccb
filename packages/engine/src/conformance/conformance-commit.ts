import { expect, it } from 'vitest';
import type { CommitRequest } from '../storage/storage.js';
import { describeGroup, type StorageConformanceOptions } from './conformance-harness.js';
import { byId, commitOk } from './conformance-helpers.js';
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
 * The `commit` group: creation, update, version conflicts, idempotency, consumed timers, atomicity of refused
 * commits (checked through the inspector), copying, and racing commits.
 *
 * @example
 * ```ts
 * describeCommitConformance({ name: 'memory', setup });
 * ```
 */
export function describeCommitConformance(options: StorageConformanceOptions): void {
  describeGroup(options, 'commit', (t) => {
    /** A created case with one pending timer `sla`, for tests that need something to refuse against. */
    async function seeded() {
      const record = makeCaseRecord({ dueAt: minutesAfterEpoch(60) });
      const timer = makeTimerRecord(record.id, { key: 'sla', dueAt: minutesAfterEpoch(60) });
      await commitOk(t.storage, makeCreateCommit(record, { scheduleTimers: [timer] }));
      return { record, timer };
    }

    /** Everything a refused commit might have written. */
    function loaded(previous: Parameters<typeof makeUpdateCommit>[0], extras: Partial<CommitRequest> = {}) {
      const other = makeCaseRecord();
      return makeUpdateCommit(
        previous,
        { state: 'inProgress', assignee: 'u-li' },
        {
          cancelTimers: ['sla'],
          scheduleTimers: [
            makeTimerRecord(previous.id, { key: 'reminder' }),
            makeTimerRecord(other.id, { key: 'elsewhere' }),
          ],
          outbox: [makeOutboxRecord(previous.id), makeOutboxRecord(other.id)],
          idempotency: makeIdempotencyRecord(previous, { version: previous.version + 1 }),
          ...extras,
        },
      );
    }

    async function expectUntouched(snapshot: Awaited<ReturnType<typeof takeSnapshot>>) {
      expect(await takeSnapshot(snapshot.caseId)).toEqual(snapshot);
    }

    async function takeSnapshot(caseId: string) {
      return {
        caseId,
        record: await t.inspect.case(caseId),
        journal: await t.inspect.journal(caseId),
        timers: byId(await t.inspect.timers(caseId)),
        outbox: byId(await t.inspect.outbox(caseId)),
        counts: await t.inspect.counts(),
      };
    }

    it('creates a case with its journal, timers, outbox rows and idempotency key in one commit', async () => {
      const record = makeCaseRecord({
        assignee: 'u-li',
        requesterId: 'r-1',
        handlingUnits: ['grid-1', 'dept-9'],
      });
      const timers = [
        makeTimerRecord(record.id, { dueAt: minutesAfterEpoch(30) }),
        makeTimerRecord(record.id),
      ];
      const outbox = [
        makeOutboxRecord(record.id),
        makeOutboxRecord(record.id, { type: 'sync', payload: [1, 2] }),
      ];
      const idempotency = makeIdempotencyRecord(record);
      const request = makeCreateCommit(record, { scheduleTimers: timers, outbox, idempotency });
      await commitOk(t.storage, request);

      expect(await t.inspect.case(record.id)).toEqual(record);
      expect(await t.inspect.journal(record.id)).toEqual(request.journal);
      expect(byId(await t.inspect.timers(record.id))).toEqual(
        byId(timers.map((timer) => ({ ...timer, leaseToken: null, leaseUntil: null }))),
      );
      expect(byId(await t.inspect.outbox(record.id))).toEqual(
        byId(outbox.map((row) => ({ ...row, leaseToken: null, leaseUntil: null }))),
      );
      expect(await t.inspect.idempotency(idempotency.key)).toEqual(idempotency);
      expect(await t.inspect.counts()).toEqual({
        cases: 1,
        journal: 1,
        timers: 2,
        outbox: 2,
        idempotency: 1,
      });
    });

    it('loads a committed case as it was stored, and null for an unknown id', async () => {
      const record = makeCaseRecord({
        dueAt: minutesAfterEpoch(5),
        handlingUnits: ['grid-1'],
        assignee: 'u-1',
      });
      await commitOk(t.storage, makeCreateCommit(record));
      expect(await t.storage.loadCase(record.id)).toEqual(record);
      expect(await t.storage.loadCase('no-such-case')).toBeNull();
    });

    it('updates a case when the expected version matches', async () => {
      const { record } = await seeded();
      const update = makeUpdateCommit(record, {
        state: 'inProgress.suspended',
        assignee: 'u-li',
        dueAt: null,
      });
      await commitOk(t.storage, update);
      expect(await t.inspect.case(record.id)).toEqual(update.case);
      expect((await t.inspect.journal(record.id)).map((e) => e.seq)).toEqual([1, 2]);
    });

    it('refuses to create a case whose id exists, reporting its version and writing nothing', async () => {
      const { record } = await seeded();
      await commitOk(t.storage, makeUpdateCommit(record));
      const before = await takeSnapshot(record.id);
      const again = makeCreateCommit(makeCaseRecord({ id: record.id, state: 'other' }), {
        scheduleTimers: [makeTimerRecord(record.id)],
        outbox: [makeOutboxRecord(record.id)],
        idempotency: makeIdempotencyRecord(record),
      });
      expect(await t.storage.commit(again)).toEqual({ status: 'conflict', currentVersion: 2 });
      await expectUntouched(before);
      expect(await t.inspect.idempotency(again.idempotency!.key)).toBeNull();
    });

    it('refuses a stale expected version, reporting the current one and writing nothing', async () => {
      const { record } = await seeded();
      const first = makeUpdateCommit(record);
      await commitOk(t.storage, first);
      const before = await takeSnapshot(record.id);
      const stale = loaded(record);
      expect(await t.storage.commit(stale)).toEqual({ status: 'conflict', currentVersion: 2 });
      await expectUntouched(before);
      expect(await t.inspect.idempotency(stale.idempotency!.key)).toBeNull();
    });

    it('refuses an update of a case that does not exist with currentVersion null', async () => {
      const ghost = makeCaseRecord({ version: 4 });
      const request = makeUpdateCommit(ghost, {}, { outbox: [makeOutboxRecord(ghost.id)] });
      expect(await t.storage.commit(request)).toEqual({ status: 'conflict', currentVersion: null });
      expect(await t.inspect.case(ghost.id)).toBeNull();
      expect(await t.inspect.counts()).toEqual({
        cases: 0,
        journal: 0,
        timers: 0,
        outbox: 0,
        idempotency: 0,
      });
    });

    it('answers a repeated idempotency key with the stored record and writes nothing', async () => {
      const record = makeCaseRecord();
      const idempotency = makeIdempotencyRecord(record, { key: 'hotline:GD2026-0001' });
      await commitOk(t.storage, makeCreateCommit(record, { idempotency }));
      const before = await takeSnapshot(record.id);
      const repeat = loaded(record, {
        idempotency: { ...idempotency, fingerprint: 'sha256:other', version: 2 },
      });
      expect(await t.storage.commit(repeat)).toEqual({ status: 'duplicate', record: idempotency });
      await expectUntouched(before);
      expect(await t.inspect.idempotency(idempotency.key)).toEqual(idempotency);
    });

    it('reports a repeated idempotency key as a duplicate even when the version is stale too', async () => {
      const record = makeCaseRecord();
      const idempotency = makeIdempotencyRecord(record);
      await commitOk(t.storage, makeCreateCommit(record, { idempotency }));
      const outcome = await t.storage.commit(
        makeCreateCommit(makeCaseRecord({ id: record.id }), { idempotency }),
      );
      expect(outcome).toEqual({ status: 'duplicate', record: idempotency });
    });

    it('consumes a claimed timer together with the transition it fires', async () => {
      const { record, timer } = await seeded();
      const [claimed] = await t.storage.claimDueTimers({
        now: minutesAfterEpoch(61),
        limit: 10,
        leaseMs: 30_000,
        owner: 'a',
      });
      expect(claimed?.id).toBe(timer.id);
      const fire = makeUpdateCommit(
        record,
        { state: 'late' },
        {
          consumeTimer: { id: timer.id, leaseToken: claimed!.leaseToken },
        },
      );
      await commitOk(t.storage, fire);
      expect(await t.inspect.timers(record.id)).toEqual([]);
      expect((await t.inspect.case(record.id))?.state).toBe('late');
    });

    it('reports timer-gone and writes nothing when the consumed timer was deleted', async () => {
      const { record, timer } = await seeded();
      const [claimed] = await t.storage.claimDueTimers({
        now: minutesAfterEpoch(61),
        limit: 10,
        leaseMs: 30_000,
        owner: 'a',
      });
      await commitOk(t.storage, makeUpdateCommit(record, {}, { cancelTimers: ['sla'] }));
      const current = (await t.inspect.case(record.id))!;
      const before = await takeSnapshot(record.id);
      const fire = loaded(current, { consumeTimer: { id: timer.id, leaseToken: claimed!.leaseToken } });
      expect(await t.storage.commit(fire)).toEqual({ status: 'timer-gone' });
      await expectUntouched(before);
    });

    it('reports timer-gone and writes nothing when the timer was claimed again after its lease ran out', async () => {
      const { record, timer } = await seeded();
      const claim = (now: Date, owner: string) =>
        t.storage.claimDueTimers({ now, limit: 10, leaseMs: 1_000, owner });
      const [first] = await claim(minutesAfterEpoch(61), 'a');
      const [second] = await claim(minutesAfterEpoch(62), 'b');
      expect(second?.id).toBe(timer.id);
      expect(second?.leaseToken).not.toBe(first?.leaseToken);
      const before = await takeSnapshot(record.id);
      const fire = loaded(record, { consumeTimer: { id: timer.id, leaseToken: first!.leaseToken } });
      expect(await t.storage.commit(fire)).toEqual({ status: 'timer-gone' });
      await expectUntouched(before);
    });

    it('reports timer-gone for a timer that was never claimed', async () => {
      const { record, timer } = await seeded();
      const before = await takeSnapshot(record.id);
      const fire = loaded(record, { consumeTimer: { id: timer.id, leaseToken: 'made-up' } });
      expect(await t.storage.commit(fire)).toEqual({ status: 'timer-gone' });
      await expectUntouched(before);
    });

    it('keeps its own copies: changing a committed request or a loaded case changes nothing stored', async () => {
      const record = makeCaseRecord({ handlingUnits: ['grid-1'] });
      const timer = makeTimerRecord(record.id);
      const request = makeCreateCommit(record, { scheduleTimers: [timer] });
      const expected = structuredClone(record);
      await commitOk(t.storage, request);
      (record.snapshot as { context: { title: string } }).context.title = 'changed';
      (record.handlingUnits as string[]).push('grid-2');
      record.createdAt.setTime(0);
      timer.event.type = 'changed';
      const loadedCase = (await t.storage.loadCase(record.id))!;
      (loadedCase.snapshot as { context: { count: number } }).context.count = 99;
      expect(await t.inspect.case(record.id)).toEqual(expected);
      expect(await t.storage.loadCase(record.id)).toEqual(expected);
      expect((await t.inspect.timers(record.id))[0]?.event.type).not.toBe('changed');
    });

    it('lets exactly one of several racing updates from the same version commit', async () => {
      const { record } = await seeded();
      const racers = Array.from({ length: 6 }, (_, i) =>
        makeUpdateCommit(record, { assignee: `u-${i}` }, { outbox: [makeOutboxRecord(record.id)] }),
      );
      const outcomes = await Promise.all(racers.map((r) => t.storage.commit(r)));
      const winners = outcomes.flatMap((o, i) => (o.status === 'committed' ? [racers[i]!] : []));
      expect(winners).toHaveLength(1);
      expect(outcomes.filter((o) => o.status === 'conflict')).toHaveLength(5);
      expect(await t.inspect.case(record.id)).toEqual(winners[0]!.case);
      expect(await t.inspect.journal(record.id)).toHaveLength(2);
      expect(await t.inspect.outbox(record.id)).toHaveLength(1);
    });

    it('lets exactly one of several racing creations of the same id commit', async () => {
      const id = 'case-race';
      const racers = Array.from({ length: 6 }, (_, i) =>
        makeCreateCommit(makeCaseRecord({ id, assignee: `u-${i}` })),
      );
      const outcomes = await Promise.all(racers.map((r) => t.storage.commit(r)));
      expect(outcomes.filter((o) => o.status === 'committed')).toHaveLength(1);
      for (const o of outcomes.filter((o) => o.status !== 'committed')) {
        expect(o).toEqual({ status: 'conflict', currentVersion: 1 });
      }
      expect(await t.inspect.journal(id)).toHaveLength(1);
    });

    it('lets exactly one of several racing commits under the same idempotency key commit', async () => {
      const records = Array.from({ length: 6 }, () => makeCaseRecord());
      const key = 'hotline:GD2026-race';
      const racers = records.map((r) =>
        makeCreateCommit(r, { idempotency: makeIdempotencyRecord(r, { key }) }),
      );
      const outcomes = await Promise.all(racers.map((r) => t.storage.commit(r)));
      const winner = outcomes.findIndex((o) => o.status === 'committed');
      expect(outcomes.filter((o) => o.status === 'committed')).toHaveLength(1);
      for (const o of outcomes.filter((o) => o.status !== 'committed')) {
        expect(o).toEqual({ status: 'duplicate', record: racers[winner]!.idempotency });
      }
      expect((await t.inspect.counts()).cases).toBe(1);
    });
  });
}
