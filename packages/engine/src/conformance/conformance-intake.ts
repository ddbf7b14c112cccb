import { expect, it } from 'vitest';
import type { QuarantineEntry, QuarantineRecord } from '../storage/storage.js';
import { describeGroup, type StorageConformanceOptions } from './conformance-harness.js';
import { commitOk, ids } from './conformance-helpers.js';
import {
  makeCaseRecord,
  makeCreateCommit,
  makeIdempotencyRecord,
  minutesAfterEpoch,
  uniqueId,
} from '../testing/storage-fixtures.js';

const RAW_BODIES: readonly unknown[] = [
  { no: 'GD-1', unit: '3301', title: '路灯不亮 "东门"', tags: ['照明', { night: true }], n: 1.5, none: null },
  'not json at all: <xml/> 😀',
  [1, 'two', { three: [] }],
];

function entry(overrides: Partial<QuarantineEntry> = {}): QuarantineEntry {
  return {
    id: uniqueId('quarantine'),
    source: 'hotline',
    externalId: uniqueId('order'),
    raw: RAW_BODIES[0],
    reason: { code: 'VALIDATION_FAILED', field: 'unit', message: 'unknown unit code 3301' },
    at: minutesAfterEpoch(0),
    ...overrides,
  };
}

function rowOf(e: QuarantineEntry, overrides: Partial<QuarantineRecord> = {}): QuarantineRecord {
  return {
    id: e.id,
    source: e.source,
    externalId: e.externalId,
    raw: e.raw,
    reason: e.reason,
    status: 'open',
    attempts: 1,
    caseId: null,
    note: null,
    createdAt: e.at,
    updatedAt: e.at,
    ...overrides,
  };
}

/**
 * The `intake` group: quarantine rows (one per outside record, updated with a count when refused again;
 * listed oldest first with filters and pages; resolved, discarded or refused again only while open; resolved
 * by the commit that applies the record, with `capabilities.resolvesQuarantine`) and poller
 * cursors (read, write, compare-and-set, racing writers), each checked through the inspector.
 *
 * @example
 * ```ts
 * describeIntakeConformance({ name: 'memory', setup });
 * ```
 */
export function describeIntakeConformance(options: StorageConformanceOptions): void {
  describeGroup(options, 'intake', (t) => {
    it('records a refused record with its raw body as received and its typed reason', async () => {
      for (const raw of RAW_BODIES) {
        const e = entry({ raw });
        const stored = await t.storage.recordQuarantine(e);
        expect(stored).toEqual(rowOf(e));
        expect(await t.inspect.quarantine(e.id)).toEqual(rowOf(e));
        expect(await t.storage.getQuarantine(e.id)).toEqual(rowOf(e));
      }
      const noField = entry({ reason: { code: 'MAPPING_FAILED', message: 'map threw' } });
      await t.storage.recordQuarantine(noField);
      expect((await t.inspect.quarantine(noField.id))?.reason).toEqual({
        code: 'MAPPING_FAILED',
        message: 'map threw',
      });
    });

    it('keeps one row per source and outside id, updating it with a count when refused again', async () => {
      const first = entry();
      await t.storage.recordQuarantine(first);
      const again = entry({
        externalId: first.externalId,
        raw: { no: first.externalId, unit: '9999' },
        reason: { code: 'VALIDATION_FAILED', field: 'unit', message: 'unknown unit code 9999' },
        at: minutesAfterEpoch(5),
      });
      const expected = rowOf(first, {
        raw: again.raw,
        reason: again.reason,
        attempts: 2,
        updatedAt: again.at,
      });
      expect(await t.storage.recordQuarantine(again)).toEqual(expected);
      expect(await t.inspect.quarantineRows()).toEqual([expected]);
      expect(await t.storage.findQuarantine('hotline', first.externalId!)).toEqual(expected);

      const otherSource = entry({ source: 'open311', externalId: first.externalId });
      await t.storage.recordQuarantine(otherSource);
      expect(await t.inspect.quarantine(otherSource.id)).toEqual(rowOf(otherSource));
      expect(await t.storage.findQuarantine('open311', first.externalId!)).toEqual(rowOf(otherSource));
      expect(await t.storage.findQuarantine('hotline', 'no-such-order')).toBeNull();
      expect(await t.storage.getQuarantine('no-such-row')).toBeNull();
    });

    it('gives every record without an outside id a row of its own', async () => {
      const a = entry({ externalId: null });
      const b = entry({ externalId: null, at: minutesAfterEpoch(1) });
      await t.storage.recordQuarantine(a);
      await t.storage.recordQuarantine(b);
      expect(ids(await t.inspect.quarantineRows()).sort()).toEqual([a.id, b.id].sort());
    });

    it('counts every refusal when the same record is quarantined by racing callers', async () => {
      const externalId = uniqueId('order');
      const racers = Array.from({ length: 8 }, () => entry({ externalId }));
      await Promise.all(racers.map((e) => t.storage.recordQuarantine(e)));
      const rows = await t.inspect.quarantineRows();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ externalId, attempts: 8, status: 'open' });
      expect(racers.map((e) => e.id)).toContain(rows[0]!.id);
    });

    it('lists rows oldest first, filtered by source and status, one page at a time', async () => {
      const made: QuarantineEntry[] = [];
      for (const [i, source] of ['hotline', 'open311', 'hotline', 'hotline', 'open311'].entries()) {
        const e = entry({ source, at: minutesAfterEpoch(i < 2 ? 0 : i) });
        made.push(e);
        await t.storage.recordQuarantine(e);
      }
      await t.storage.settleQuarantine(made[3]!.id, {
        status: 'discarded',
        note: 'test',
        at: minutesAfterEpoch(9),
      });
      // The first two share a creation instant: ties go by id. The fourth is discarded.
      const everything = await t.storage.listQuarantine({});
      expect(ids(everything.items)).toEqual(ids(made));
      expect(everything.nextCursor).toBeNull();

      const hotline = await t.storage.listQuarantine({ source: 'hotline', status: 'open' });
      expect(ids(hotline.items)).toEqual([made[0]!.id, made[2]!.id]);
      expect(ids((await t.storage.listQuarantine({ status: 'discarded' })).items)).toEqual([made[3]!.id]);

      const first = await t.storage.listQuarantine({ limit: 2 });
      expect(ids(first.items)).toEqual([made[0]!.id, made[1]!.id]);
      const second = await t.storage.listQuarantine({ limit: 2, cursor: first.nextCursor });
      expect(ids(second.items)).toEqual([made[2]!.id, made[3]!.id]);
      const third = await t.storage.listQuarantine({ limit: 2, cursor: second.nextCursor });
      expect(ids(third.items)).toEqual([made[4]!.id]);
      expect(third.nextCursor).toBeNull();
      const exact = await t.storage.listQuarantine({ source: 'open311', limit: 2 });
      expect(exact.nextCursor).toBeNull();
    });

    it('resolves an open row into a case and refuses to settle it again', async () => {
      const e = entry();
      await t.storage.recordQuarantine(e);
      const at = minutesAfterEpoch(10);
      const resolved = rowOf(e, { status: 'resolved', caseId: 'case-1', updatedAt: at });
      expect(await t.storage.settleQuarantine(e.id, { status: 'resolved', caseId: 'case-1', at })).toEqual(
        resolved,
      );
      expect(await t.inspect.quarantine(e.id)).toEqual(resolved);
      const late = { status: 'discarded' as const, note: 'late', at: minutesAfterEpoch(11) };
      expect(await t.storage.settleQuarantine(e.id, late)).toBeNull();
      expect(await t.storage.settleQuarantine('no-such-row', late)).toBeNull();
      expect(await t.inspect.quarantine(e.id)).toEqual(resolved);
    });

    it('discards an open row with a note, and keeps a refused-again row open with the new reason', async () => {
      const junk = entry();
      const retried = entry();
      await t.storage.recordQuarantine(junk);
      await t.storage.recordQuarantine(retried);
      const at = minutesAfterEpoch(20);
      await t.storage.settleQuarantine(junk.id, { status: 'discarded', note: '测试工单', at });
      expect(await t.inspect.quarantine(junk.id)).toEqual(
        rowOf(junk, { status: 'discarded', note: '测试工单', updatedAt: at }),
      );
      const reason = { code: 'EVENT_NOT_ACCEPTED' as const, message: 'case does not accept urge' };
      expect(await t.storage.settleQuarantine(retried.id, { status: 'open', reason, at })).toEqual(
        rowOf(retried, { reason, attempts: 2, updatedAt: at }),
      );
      expect(await t.inspect.quarantine(retried.id)).toEqual(
        rowOf(retried, { reason, attempts: 2, updatedAt: at }),
      );
    });

    it('reopens a settled row when the same record is refused again, keeping its case and dropping the note', async () => {
      const resolved = entry();
      const discarded = entry();
      for (const e of [resolved, discarded]) await t.storage.recordQuarantine(e);
      await t.storage.settleQuarantine(resolved.id, {
        status: 'resolved',
        caseId: 'case-9',
        at: minutesAfterEpoch(1),
      });
      await t.storage.settleQuarantine(discarded.id, {
        status: 'discarded',
        note: 'junk',
        at: minutesAfterEpoch(1),
      });
      const at = minutesAfterEpoch(2);
      const reason = { code: 'CASE_NOT_FOUND' as const, message: 'no case hotline-GD-1 to urge' };
      await t.storage.recordQuarantine({ ...entry({ externalId: resolved.externalId, reason, at }) });
      await t.storage.recordQuarantine({ ...entry({ externalId: discarded.externalId, reason, at }) });
      expect(await t.inspect.quarantine(resolved.id)).toEqual(
        rowOf(resolved, { reason, attempts: 2, caseId: 'case-9', updatedAt: at }),
      );
      expect(await t.inspect.quarantine(discarded.id)).toEqual(
        rowOf(discarded, { reason, attempts: 2, updatedAt: at }),
      );
      expect(await t.inspect.quarantineRows()).toHaveLength(2);
    });

    it('resolves the open row of the record a commit applies, in that commit, and no other row', async (ctx) => {
      if (!t.storage.capabilities.resolvesQuarantine) return ctx.skip();
      const at = minutesAfterEpoch(30);
      const resolving = (e: QuarantineEntry, source = e.source) => ({
        resolveQuarantine: { source, externalId: e.externalId!, at },
      });
      const open = entry();
      const otherSource = entry({ source: 'open311' });
      const discarded = entry();
      for (const e of [open, otherSource, discarded]) await t.storage.recordQuarantine(e);
      await t.storage.settleQuarantine(discarded.id, { status: 'discarded', note: 'junk', at });

      const record = makeCaseRecord();
      expect(await t.storage.commit(makeCreateCommit(record, resolving(open)))).toEqual({
        status: 'committed',
        resolvedQuarantineId: open.id,
      });
      expect(await t.inspect.quarantine(open.id)).toEqual(
        rowOf(open, { status: 'resolved', caseId: record.id, updatedAt: at }),
      );
      // Same outside id under another source, a settled row, no row at all: the commit resolves nothing.
      await commitOk(t.storage, makeCreateCommit(makeCaseRecord(), resolving(otherSource, 'hotline')));
      await commitOk(t.storage, makeCreateCommit(makeCaseRecord(), resolving(discarded)));
      await commitOk(t.storage, makeCreateCommit(makeCaseRecord(), resolving(entry())));
      expect(await t.inspect.quarantine(otherSource.id)).toEqual(rowOf(otherSource));
      expect(await t.inspect.quarantine(discarded.id)).toEqual(
        rowOf(discarded, { status: 'discarded', note: 'junk', updatedAt: at }),
      );
    });

    it('leaves the row open when the commit that names it writes nothing', async (ctx) => {
      if (!t.storage.capabilities.resolvesQuarantine) return ctx.skip();
      const at = minutesAfterEpoch(40);
      const [conflicting, repeated] = [entry(), entry()];
      for (const e of [conflicting, repeated]) await t.storage.recordQuarantine(e);
      const record = makeCaseRecord();
      const idempotency = makeIdempotencyRecord(record);
      await commitOk(t.storage, makeCreateCommit(record, { idempotency }));
      const resolve = (e: QuarantineEntry) => ({ source: e.source, externalId: e.externalId!, at });
      const conflict = await t.storage.commit(
        makeCreateCommit(record, { resolveQuarantine: resolve(conflicting) }),
      );
      expect(conflict.status).toBe('conflict');
      const duplicate = await t.storage.commit(
        makeCreateCommit(makeCaseRecord(), { idempotency, resolveQuarantine: resolve(repeated) }),
      );
      expect(duplicate.status).toBe('duplicate');
      expect(await t.inspect.quarantine(conflicting.id)).toEqual(rowOf(conflicting));
      expect(await t.inspect.quarantine(repeated.id)).toEqual(rowOf(repeated));
    });

    it('resolves the row of each of many racing commits, and names it in the outcome of that commit', async (ctx) => {
      if (!t.storage.capabilities.resolvesQuarantine) return ctx.skip();
      const at = minutesAfterEpoch(50);
      const rows = Array.from({ length: 24 }, () => entry());
      for (const e of rows) await t.storage.recordQuarantine(e);
      const records = rows.map(() => makeCaseRecord());
      // Every other commit names no row, so batches mix both kinds.
      const outcomes = await Promise.all(
        rows.map((e, i) =>
          t.storage.commit(
            makeCreateCommit(records[i]!, {
              ...(i % 2 === 0
                ? { resolveQuarantine: { source: e.source, externalId: e.externalId!, at } }
                : {}),
              ...(i % 3 === 0 ? { idempotency: makeIdempotencyRecord(records[i]!) } : {}),
            }),
          ),
        ),
      );
      rows.forEach((e, i) => {
        expect(outcomes[i]).toEqual(
          i % 2 === 0 ? { status: 'committed', resolvedQuarantineId: e.id } : { status: 'committed' },
        );
      });
      for (const [i, e] of rows.entries()) {
        expect(await t.inspect.quarantine(e.id)).toEqual(
          i % 2 === 0 ? rowOf(e, { status: 'resolved', caseId: records[i]!.id, updatedAt: at }) : rowOf(e),
        );
      }
    });

    it('reads back what recordQuarantine wrote without sharing objects with the caller', async () => {
      const raw = { no: 'GD-7', nested: { list: [1, 2] } };
      const e = entry({ raw });
      const stored = await t.storage.recordQuarantine(e);
      raw.nested.list.push(3);
      (stored.raw as typeof raw).nested.list.push(4);
      expect((await t.storage.getQuarantine(e.id))?.raw).toEqual({ no: 'GD-7', nested: { list: [1, 2] } });
    });

    it('keeps cursors: none at first, then the last value written with its time', async () => {
      expect(await t.storage.getCursor('hotline:todo')).toBeNull();
      expect(
        await t.storage.setCursor({ name: 'hotline:todo', value: 'page-1', at: minutesAfterEpoch(1) }),
      ).toBe(true);
      expect(
        await t.storage.setCursor({ name: 'hotline:todo', value: 'page-2', at: minutesAfterEpoch(2) }),
      ).toBe(true);
      const expected = { name: 'hotline:todo', value: 'page-2', updatedAt: minutesAfterEpoch(2) };
      expect(await t.inspect.cursor('hotline:todo')).toEqual(expected);
      expect(await t.storage.getCursor('hotline:todo')).toEqual(expected);
      expect(await t.inspect.cursor('open311:since')).toBeNull();
    });

    it('compares and sets: null means not there yet, a value means exactly that value', async () => {
      const name = uniqueId('cursor');
      const set = (value: string, expected: string | null, minute: number) =>
        t.storage.setCursor({ name, value, expected, at: minutesAfterEpoch(minute) });
      expect(await set('a', 'something', 1)).toBe(false);
      expect(await t.inspect.cursor(name)).toBeNull();
      expect(await set('a', null, 2)).toBe(true);
      expect(await set('b', null, 3)).toBe(false);
      expect(await set('b', 'x', 4)).toBe(false);
      expect(await t.inspect.cursor(name)).toEqual({ name, value: 'a', updatedAt: minutesAfterEpoch(2) });
      expect(await set('b', 'a', 5)).toBe(true);
      expect(await t.inspect.cursor(name)).toEqual({ name, value: 'b', updatedAt: minutesAfterEpoch(5) });
    });

    it('lets exactly one of several racing pollers advance a cursor from the same value', async () => {
      const name = uniqueId('cursor');
      await t.storage.setCursor({ name, value: 'page-1', at: minutesAfterEpoch(0) });
      const other = t.storage.capabilities.multiProcess && t.peer ? t.peer : t.storage;
      const racers = Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? other : t.storage).setCursor({
          name,
          value: `page-2-by-${i}`,
          expected: 'page-1',
          at: minutesAfterEpoch(1),
        }),
      );
      const won = (await Promise.all(racers)).flatMap((ok, i) => (ok ? [i] : []));
      expect(won).toHaveLength(1);
      expect((await t.inspect.cursor(name))?.value).toBe(`page-2-by-${won[0]}`);
    });

    it('shows a reopened store its quarantine rows and cursors', async (ctx) => {
      const reopen = t.reopen;
      if (!t.storage.capabilities.durable || !reopen) return ctx.skip();
      const e = entry();
      await t.storage.recordQuarantine(e);
      await t.storage.setCursor({ name: 'hotline:todo', value: 'page-9', at: minutesAfterEpoch(3) });
      const after = await reopen();
      expect(await after.getQuarantine(e.id)).toEqual(rowOf(e));
      expect(await after.getCursor('hotline:todo')).toEqual({
        name: 'hotline:todo',
        value: 'page-9',
        updatedAt: minutesAfterEpoch(3),
      });
    });
  });
}
