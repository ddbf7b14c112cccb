import { expect, it } from 'vitest';
import type { ClaimedTimer, Storage, TimerRecord } from '../storage/storage.js';
import { describeGroup, type StorageConformanceOptions } from './conformance-harness.js';
import { byId, commitOk, ids } from './conformance-helpers.js';
import {
  makeCaseRecord,
  makeCreateCommit,
  makeTimerRecord,
  makeUpdateCommit,
  minutesAfterEpoch,
} from '../testing/storage-fixtures.js';

const free = { leaseToken: null, leaseUntil: null };

/**
 * The `timers` group: scheduling and replacing by key, cancelling by key, leases and their expiry, racing
 * claimers (on one instance, and on two when the adapter is `multiProcess` and gives a `peer`), dropping,
 * provisional timers, re-planning and `nextTimerDue`.
 *
 * @example
 * ```ts
 * describeTimerConformance({ name: 'memory', setup });
 * ```
 */
export function describeTimerConformance(options: StorageConformanceOptions): void {
  describeGroup(options, 'timers', (t) => {
    async function caseWith(timers: (caseId: string) => TimerRecord[], dueAt: Date | null = null) {
      const record = makeCaseRecord({ dueAt });
      const scheduled = timers(record.id);
      await commitOk(t.storage, makeCreateCommit(record, { scheduleTimers: scheduled }));
      return { record, timers: scheduled };
    }

    const claim = (
      now: Date,
      limit = 100,
      owner = 'engine-a',
      leaseMs = 60_000,
      storage: Storage = t.storage,
    ) => storage.claimDueTimers({ now, limit, leaseMs, owner });

    it('lists the timers of a case soonest first, then by id', async () => {
      const { record, timers } = await caseWith((id) => [
        makeTimerRecord(id, { dueAt: minutesAfterEpoch(30) }),
        makeTimerRecord(id, { dueAt: minutesAfterEpoch(10) }),
        makeTimerRecord(id, { id: 'timer-b', dueAt: minutesAfterEpoch(20) }),
        makeTimerRecord(id, { id: 'timer-a', dueAt: minutesAfterEpoch(20) }),
      ]);
      await caseWith((id) => [makeTimerRecord(id)]);
      expect(await t.storage.listTimers(record.id)).toEqual([timers[1], timers[3], timers[2], timers[0]]);
      expect(await t.storage.listTimers('no-such-case')).toEqual([]);
    });

    it('keeps a working-time plan and the provisional flag as given', async () => {
      const plan = { from: minutesAfterEpoch(-600), amount: 3, unit: 'workingDays' as const };
      const { record, timers } = await caseWith((id) => [makeTimerRecord(id, { plan, provisional: true })]);
      expect(await t.inspect.timers(record.id)).toEqual([{ ...timers[0], ...free }]);
      expect(await t.storage.listTimers(record.id)).toEqual(timers);
    });

    it('replaces the timer of a case that has the same key', async () => {
      const { record, timers } = await caseWith((id) => [makeTimerRecord(id, { key: 'sla' })]);
      const replacement = makeTimerRecord(record.id, { key: 'sla', dueAt: minutesAfterEpoch(90) });
      await commitOk(t.storage, makeUpdateCommit(record, {}, { scheduleTimers: [replacement] }));
      expect(await t.inspect.timers(record.id)).toEqual([{ ...replacement, ...free }]);
      expect(replacement.id).not.toBe(timers[0]!.id);
    });

    it('keeps timers of different cases apart even under the same key', async () => {
      const a = await caseWith((id) => [makeTimerRecord(id, { key: 'sla' })]);
      const b = await caseWith((id) => [makeTimerRecord(id, { key: 'sla' })]);
      await commitOk(t.storage, makeUpdateCommit(a.record, {}, { cancelTimers: ['sla'] }));
      expect(await t.inspect.timers(a.record.id)).toEqual([]);
      expect(await t.inspect.timers(b.record.id)).toEqual([{ ...b.timers[0], ...free }]);
    });

    it('cancels timers by key, ignoring keys it does not have', async () => {
      const { record, timers } = await caseWith((id) => [
        makeTimerRecord(id, { key: 'sla' }),
        makeTimerRecord(id, { key: 'reminder' }),
      ]);
      await commitOk(t.storage, makeUpdateCommit(record, {}, { cancelTimers: ['sla', 'never-scheduled'] }));
      expect(await t.inspect.timers(record.id)).toEqual([{ ...timers[1], ...free }]);
    });

    it('applies cancellations before schedulings, so cancel-and-schedule of one key leaves the new timer', async () => {
      const { record } = await caseWith((id) => [makeTimerRecord(id, { key: 'sla' })]);
      const again = makeTimerRecord(record.id, { key: 'sla', dueAt: minutesAfterEpoch(45) });
      await commitOk(
        t.storage,
        makeUpdateCommit(record, {}, { cancelTimers: ['sla'], scheduleTimers: [again] }),
      );
      expect(await t.inspect.timers(record.id)).toEqual([{ ...again, ...free }]);
    });

    it('claims only timers due at or before now, and leases them', async () => {
      const { record, timers } = await caseWith((id) => [
        makeTimerRecord(id, { dueAt: minutesAfterEpoch(-5) }),
        makeTimerRecord(id, { dueAt: minutesAfterEpoch(0) }),
        makeTimerRecord(id, { dueAt: minutesAfterEpoch(1) }),
      ]);
      const now = minutesAfterEpoch(0);
      const claimed = await claim(now, 100, 'engine-a', 30_000);
      expect(byId(claimed.map(withoutLease))).toEqual(byId(timers.slice(0, 2)));
      const leaseUntil = new Date(now.getTime() + 30_000);
      for (const c of claimed) {
        expect(c.leaseUntil).toEqual(leaseUntil);
        expect(typeof c.leaseToken).toBe('string');
      }
      expect(new Set(claimed.map((c) => c.leaseToken)).size).toBe(2);
      const stored = byId(await t.inspect.timers(record.id));
      expect(stored.map((s) => s.leaseToken)).toEqual(
        byId(timers).map((x) => claimed.find((c) => c.id === x.id)?.leaseToken ?? null),
      );
    });

    it('claims at most limit timers, the earliest due first', async () => {
      const { timers } = await caseWith((id) =>
        [5, 1, 4, 2, 3].map((m) => makeTimerRecord(id, { dueAt: minutesAfterEpoch(-m) })),
      );
      const claimed = await claim(minutesAfterEpoch(0), 2);
      expect(byId(claimed.map(withoutLease))).toEqual(byId([timers[0]!, timers[2]!]));
    });

    it('does not hand out a leased timer again until its lease runs out, then hands it out anew', async () => {
      const { timers } = await caseWith((id) => [makeTimerRecord(id)]);
      const [first] = await claim(minutesAfterEpoch(0), 10, 'a', 60_000);
      expect(first?.id).toBe(timers[0]!.id);
      expect(await claim(new Date(first!.leaseUntil.getTime() - 1), 10, 'b')).toEqual([]);
      const [second] = await claim(new Date(first!.leaseUntil.getTime() + 1), 10, 'b');
      expect(second?.id).toBe(timers[0]!.id);
      expect(second?.leaseToken).not.toBe(first!.leaseToken);
      expect((await t.inspect.timers(timers[0]!.caseId))[0]?.leaseToken).toBe(second?.leaseToken);
    });

    it('drops a timer under its lease, and refuses a stale or unknown lease', async () => {
      const { record, timers } = await caseWith((id) => [
        makeTimerRecord(id),
        makeTimerRecord(id, { dueAt: minutesAfterEpoch(5) }),
      ]);
      const [first] = await claim(minutesAfterEpoch(0), 1, 'a', 1_000);
      const [again] = await claim(minutesAfterEpoch(1), 1, 'b', 60_000);
      expect(again?.id).toBe(first?.id);
      expect(await t.storage.dropTimer(first!.id, first!.leaseToken)).toBe(false);
      expect(await t.storage.dropTimer('no-such-timer', again!.leaseToken)).toBe(false);
      const unclaimed = timers.find((x) => x.id !== first!.id)!;
      expect(await t.storage.dropTimer(unclaimed.id, again!.leaseToken)).toBe(false);
      expect(await t.inspect.timers(record.id)).toHaveLength(2);
      expect(await t.storage.dropTimer(again!.id, again!.leaseToken)).toBe(true);
      expect(await t.inspect.timers(record.id)).toEqual([{ ...unclaimed, ...free }]);
      expect(await t.storage.dropTimer(again!.id, again!.leaseToken)).toBe(false);
    });

    it('never gives two concurrent claimers the same timer, and together they get all 200', async () => {
      await seedDueTimers(200);
      const [a, b] = await Promise.all([
        drain(() => claim(minutesAfterEpoch(0), 7, 'a')),
        drain(() => claim(minutesAfterEpoch(0), 7, 'b')),
      ]);
      expectDisjointCover([a, b], 200);
    });

    it('never gives many concurrent single claims the same timer', async () => {
      await seedDueTimers(120);
      const batches = await Promise.all(
        Array.from({ length: 12 }, (_, i) => claim(minutesAfterEpoch(0), 10, `engine-${i}`)),
      );
      expectDisjointCover(batches, 120);
    });

    it('never gives claimers on two instances of a multi-process store the same timer', async (ctx) => {
      const peer = t.peer;
      if (!t.storage.capabilities.multiProcess || !peer) return ctx.skip();
      await seedDueTimers(200);
      const [a, b] = await Promise.all([
        drain(() => claim(minutesAfterEpoch(0), 9, 'a')),
        drain(() => claim(minutesAfterEpoch(0), 9, 'b', 60_000, peer)),
      ]);
      expectDisjointCover([a, b], 200);
    });

    it('reports the earliest due time among timers, following cancellations', async () => {
      expect(await t.storage.nextTimerDue()).toBeNull();
      const { record } = await caseWith((id) => [
        makeTimerRecord(id, { key: 'late', dueAt: minutesAfterEpoch(50) }),
        makeTimerRecord(id, { key: 'early', dueAt: minutesAfterEpoch(20) }),
      ]);
      await caseWith((id) => [makeTimerRecord(id, { dueAt: minutesAfterEpoch(35) })]);
      expect(await t.storage.nextTimerDue()).toEqual(minutesAfterEpoch(20));
      await commitOk(t.storage, makeUpdateCommit(record, {}, { cancelTimers: ['early'] }));
      expect(await t.storage.nextTimerDue()).toEqual(minutesAfterEpoch(35));
    });

    it('lists provisional timers soonest first, up to the limit', async () => {
      const { timers } = await caseWith((id) => [
        makeTimerRecord(id, { provisional: true, dueAt: minutesAfterEpoch(30) }),
        makeTimerRecord(id, { provisional: false, dueAt: minutesAfterEpoch(5) }),
        makeTimerRecord(id, { provisional: true, dueAt: minutesAfterEpoch(10) }),
      ]);
      const other = await caseWith((id) => [
        makeTimerRecord(id, { provisional: true, dueAt: minutesAfterEpoch(20) }),
      ]);
      expect(await t.storage.listProvisionalTimers(10)).toEqual([timers[2], other.timers[0], timers[0]]);
      expect(await t.storage.listProvisionalTimers(2)).toEqual([timers[2], other.timers[0]]);
    });

    it('re-plans a timer and moves the case deadline that pointed at it', async () => {
      const due = minutesAfterEpoch(600);
      const plan = { from: minutesAfterEpoch(0), amount: 10, unit: 'workingHours' as const };
      const { record, timers } = await caseWith(
        (id) => [makeTimerRecord(id, { dueAt: due, provisional: true, plan })],
        due,
      );
      const moved = minutesAfterEpoch(900);
      await t.storage.rescheduleTimer(timers[0]!.id, moved, false);
      expect(await t.inspect.timers(record.id)).toEqual([
        { ...timers[0], dueAt: moved, provisional: false, ...free },
      ]);
      expect((await t.inspect.case(record.id))?.dueAt).toEqual(moved);
      expect(await t.storage.listProvisionalTimers(10)).toEqual([]);
      expect(await t.storage.nextTimerDue()).toEqual(moved);
    });

    it('re-plans a timer without touching a case deadline that came from elsewhere', async () => {
      const caseDue = minutesAfterEpoch(300);
      const { record, timers } = await caseWith(
        (id) => [makeTimerRecord(id, { dueAt: minutesAfterEpoch(100) })],
        caseDue,
      );
      await t.storage.rescheduleTimer(timers[0]!.id, minutesAfterEpoch(200), true);
      expect((await t.inspect.case(record.id))?.dueAt).toEqual(caseDue);
      expect(await t.storage.listProvisionalTimers(10)).toEqual([
        { ...timers[0], dueAt: minutesAfterEpoch(200), provisional: true },
      ]);
      await t.storage.rescheduleTimer('no-such-timer', minutesAfterEpoch(1), false);
    });

    it('claims a re-planned timer by its new due time only', async () => {
      const { timers } = await caseWith((id) => [
        makeTimerRecord(id, { dueAt: minutesAfterEpoch(10) }),
        makeTimerRecord(id, { dueAt: minutesAfterEpoch(500) }),
      ]);
      await t.storage.rescheduleTimer(timers[0]!.id, minutesAfterEpoch(400), false);
      await t.storage.rescheduleTimer(timers[1]!.id, minutesAfterEpoch(20), false);
      const day = 24 * 60 * 60_000;
      expect(ids(await claim(minutesAfterEpoch(30), 10, 'a', day))).toEqual([timers[1]!.id]);
      expect(ids(await claim(minutesAfterEpoch(399), 10, 'a', day))).toEqual([]);
      expect(ids(await claim(minutesAfterEpoch(400), 10, 'a', day))).toEqual([timers[0]!.id]);
    });

    async function seedDueTimers(count: number) {
      const perCase = 10;
      for (let c = 0; c < count / perCase; c++) {
        await caseWith((id) =>
          Array.from({ length: perCase }, (_, i) =>
            makeTimerRecord(id, { dueAt: minutesAfterEpoch(-1 - i - c) }),
          ),
        );
      }
    }
  });
}

async function drain(claimOnce: () => Promise<ClaimedTimer[]>): Promise<ClaimedTimer[]> {
  const all: ClaimedTimer[] = [];
  for (;;) {
    const batch = await claimOnce();
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

function expectDisjointCover(batches: readonly ClaimedTimer[][], total: number) {
  const all = batches.flat().map((c) => c.id);
  expect(new Set(all).size).toBe(all.length);
  expect(all).toHaveLength(total);
}

function withoutLease({ leaseToken, leaseUntil, ...timer }: ClaimedTimer): TimerRecord {
  return timer;
}
