import { expect, it } from 'vitest';
import { describeGroup, type StorageConformanceOptions } from './conformance-harness.js';
import { commitOk } from './conformance-helpers.js';
import {
  makeCaseRecord,
  makeCreateCommit,
  makeJournalEntry,
  makeUpdateCommit,
} from '../testing/storage-fixtures.js';

/**
 * The `journal` group: rows come back exactly as committed, in `seq` order, per case, with `afterSeq` and
 * `limit`.
 *
 * @example
 * ```ts
 * describeJournalConformance({ name: 'memory', setup });
 * ```
 */
export function describeJournalConformance(options: StorageConformanceOptions): void {
  describeGroup(options, 'journal', (t) => {
    async function caseWithVersions(count: number) {
      let record = makeCaseRecord();
      const create = makeCreateCommit(record, {
        journal: [makeJournalEntry(record, { causationId: 'hotline:GD-1', idempotencyKey: 'hotline:GD-1' })],
      });
      await commitOk(t.storage, create);
      const entries = [...create.journal];
      for (let v = 2; v <= count; v++) {
        const update = makeUpdateCommit(record, { state: `step${v}` });
        await commitOk(t.storage, update);
        entries.push(...update.journal);
        record = update.case;
      }
      return { record, entries };
    }

    it('reads back every row exactly as committed, in seq order', async () => {
      const { record, entries } = await caseWithVersions(12);
      expect(await t.storage.readJournal(record.id)).toEqual(entries);
      expect(await t.inspect.journal(record.id)).toEqual(entries);
    });

    it('keeps the journals of different cases apart', async () => {
      const one = await caseWithVersions(3);
      const two = await caseWithVersions(2);
      expect(await t.storage.readJournal(one.record.id)).toEqual(one.entries);
      expect(await t.storage.readJournal(two.record.id)).toEqual(two.entries);
      expect(await t.storage.readJournal('no-such-case')).toEqual([]);
    });

    it('reads after a given seq and up to a limit', async () => {
      const { record, entries } = await caseWithVersions(10);
      expect(await t.storage.readJournal(record.id, { afterSeq: 7 })).toEqual(entries.slice(7));
      expect(await t.storage.readJournal(record.id, { afterSeq: 2, limit: 3 })).toEqual(entries.slice(2, 5));
      expect(await t.storage.readJournal(record.id, { limit: 4 })).toEqual(entries.slice(0, 4));
      expect(await t.storage.readJournal(record.id, { afterSeq: 10 })).toEqual([]);
    });

    it('appends several rows of one commit in their seq order', async () => {
      const record = makeCaseRecord();
      await commitOk(t.storage, makeCreateCommit(record));
      const migrated = { ...record, version: 3, flowVersion: 2, state: 'moved' };
      const rows = [
        makeJournalEntry({ ...record, version: 2 }, { type: 'advance' }),
        makeJournalEntry(migrated, { type: 'gridflow.migrate', fromState: 'open' }),
      ];
      await commitOk(t.storage, { ...makeUpdateCommit(record), case: migrated, journal: rows });
      expect((await t.storage.readJournal(record.id)).map((e) => [e.seq, e.type])).toEqual([
        [1, 'gridflow.create'],
        [2, 'advance'],
        [3, 'gridflow.migrate'],
      ]);
    });
  });
}
