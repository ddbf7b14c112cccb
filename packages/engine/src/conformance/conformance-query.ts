import { expect, it } from 'vitest';
import { caseFactsRow } from '../storage/case-facts-store.js';
import type { CaseQuery, CaseRecord } from '../storage/storage.js';
import { describeGroup, type StorageConformanceOptions } from './conformance-harness.js';
import { commitOk, ids } from './conformance-helpers.js';
import {
  makeCaseRecord,
  makeCreateCommit,
  makeUpdateCommit,
  minutesAfterEpoch,
} from '../testing/storage-fixtures.js';

/**
 * The `query` group: every {@link CaseQuery} filter (state as a dotted prefix, matched per parallel leaf and
 * with `_`/`%` taken literally; `orgUnits: []` matches nothing; `overdue: false` filters nothing; `createdTo`
 * exclusive; `category` as `caseCategory` reads it), newest-first order with `id` breaking ties, and cursor pages over 125 cases.
 *
 * @example
 * ```ts
 * describeQueryConformance({ name: 'memory', setup });
 * ```
 */
export function describeQueryConformance(options: StorageConformanceOptions): void {
  describeGroup(options, 'query', (t) => {
    async function seed(records: CaseRecord[]) {
      for (const record of records) await commitOk(t.storage, makeCreateCommit(record));
      return records;
    }

    async function found(query: CaseQuery) {
      return ids((await t.storage.queryCases({ limit: 1000, ...query })).items).sort();
    }

    const at = (minutes: number, fields: Partial<CaseRecord>) =>
      makeCaseRecord({ createdAt: minutesAfterEpoch(minutes), ...fields });

    it('returns whole records, newest first, with id breaking ties', async () => {
      const [a, b, c, d] = await seed([
        at(1, { id: 'q-a' }),
        at(3, { id: 'q-b', dueAt: minutesAfterEpoch(9), handlingUnits: ['grid-1', 'dept-1'] }),
        at(2, { id: 'q-c' }),
        at(2, { id: 'q-d' }),
      ]);
      const page = await t.storage.queryCases({});
      expect(page.items).toEqual([b, d, c, a]);
      expect(page.nextCursor).toBeNull();
    });

    it('filters by flow (one, or any of several), status, assignee and requester', async () => {
      const [a, b, c] = await seed([
        at(1, { flowId: 'work-order', assignee: 'u-li', requesterId: 'r-1' }),
        at(2, { flowId: 'micro-wish', status: 'done', assignee: 'u-li' }),
        at(3, { flowId: 'work-order', status: 'done', requesterId: 'r-2' }),
      ]);
      expect(await found({ flowId: 'work-order' })).toEqual([a!.id, c!.id].sort());
      expect(await found({ status: 'done' })).toEqual([b!.id, c!.id].sort());
      expect(await found({ status: 'active' })).toEqual([a!.id]);
      expect(await found({ assignee: 'u-li' })).toEqual([a!.id, b!.id].sort());
      expect(await found({ requesterId: 'r-2' })).toEqual([c!.id]);
      expect(await found({ flowId: 'work-order', status: 'done' })).toEqual([c!.id]);
      expect(await found({ assignee: 'nobody' })).toEqual([]);
      expect(await found({ flowIds: ['micro-wish', 'three-orders'] })).toEqual([b!.id]);
      expect(await found({ flowIds: ['work-order', 'micro-wish'] })).toEqual([a!.id, b!.id, c!.id].sort());
      expect(await found({ flowIds: ['work-order'], status: 'done' })).toEqual([c!.id]);
      expect(await found({ flowIds: [] })).toEqual([]);
      const count = t.storage.countCases?.bind(t.storage);
      if (count) {
        expect(await count({ flowIds: ['work-order'] }, { upTo: 10 })).toBe(2);
        expect(await count({ flowIds: [] })).toBe(0);
      }
    });

    it('matches a state exactly or as the prefix of a deeper state, at dot boundaries only', async () => {
      const [top, deep, deeper, lookalike, other] = await seed([
        at(1, { state: 'inProgress' }),
        at(2, { state: 'inProgress.suspended' }),
        at(3, { state: 'inProgress.extension.requested' }),
        at(4, { state: 'inProgressive' }),
        at(5, { state: 'replied' }),
      ]);
      expect(await found({ state: 'inProgress' })).toEqual([top!.id, deep!.id, deeper!.id].sort());
      expect(await found({ state: 'inProgress.extension' })).toEqual([deeper!.id]);
      expect(await found({ state: 'inProg' })).toEqual([]);
      expect(await found({ state: 'inProgressive' })).toEqual([lookalike!.id]);
      expect(await found({ state: 'replied' })).toEqual([other!.id]);
      expect(await found({ state: 'suspended' })).toEqual([]);
    });

    it('matches each leaf of a parallel state', async () => {
      const [parallel] = await seed([
        at(1, { state: 'whistle.departments.waiting,whistle.lead.handling' }),
        at(2, { state: 'whistle' }),
      ]);
      expect(await found({ state: 'whistle.lead' })).toEqual([parallel!.id]);
      expect(await found({ state: 'whistle.departments.waiting' })).toEqual([parallel!.id]);
      expect(await found({ state: 'whistle' })).toHaveLength(2);
      expect(await found({ state: 'lead' })).toEqual([]);
    });

    it('takes _ and % in a state literally', async () => {
      const [under, percent] = await seed([
        at(1, { state: 'in_progress.x' }),
        at(2, { state: 'a%b' }),
        at(3, { state: 'inXprogress.x' }),
        at(4, { state: 'aXYb' }),
      ]);
      expect(await found({ state: 'in_progress' })).toEqual([under!.id]);
      expect(await found({ state: 'a%b' })).toEqual([percent!.id]);
      expect(await found({ state: 'a%' })).toEqual([]);
    });

    it('filters by org units, where an empty list matches nothing', async () => {
      const [a, b] = await seed([
        at(1, { orgUnit: 'grid-1' }),
        at(2, { orgUnit: 'grid-2' }),
        at(3, { orgUnit: 'grid-3' }),
      ]);
      expect(await found({ orgUnits: ['grid-1', 'grid-2', 'grid-9'] })).toEqual([a!.id, b!.id].sort());
      expect(await found({ orgUnits: ['grid-2'] })).toEqual([b!.id]);
      expect(await found({ orgUnits: [] })).toEqual([]);
    });

    it("filters by a handling unit, matching any of a case's handling units", async () => {
      const [a, b] = await seed([
        at(1, { orgUnit: 'grid-1', handlingUnits: ['dept-water'] }),
        at(2, { orgUnit: 'grid-2', handlingUnits: ['comm-1', 'dept-water'] }),
        at(3, { orgUnit: 'grid-3', handlingUnits: ['dept-housing'] }),
        at(4, { orgUnit: 'grid-4', handlingUnits: [] }),
      ]);
      expect(await found({ handlingUnit: 'dept-water' })).toEqual([a!.id, b!.id].sort());
      expect(await found({ handlingUnit: 'comm-1' })).toEqual([b!.id]);
      expect(await found({ handlingUnit: 'dept-none' })).toEqual([]);
    });

    it("filters by category: the request's category, else the context's, strings only", async () => {
      const snapshot = (context: Record<string, unknown>) => ({ status: 'active', value: 'open', context });
      const [filed, own, both] = await seed([
        at(1, { orgUnit: 'grid-k', snapshot: snapshot({ request: { category: 'road', title: '坑' } }) }),
        at(2, { orgUnit: 'grid-k', snapshot: snapshot({ category: 'road' }) }),
        at(3, {
          orgUnit: 'grid-k',
          snapshot: snapshot({ request: { category: 'water' }, category: 'road' }),
        }),
        at(4, { orgUnit: 'grid-k', snapshot: snapshot({ request: { category: 7 }, category: 'road ' }) }),
        at(5, { orgUnit: 'grid-k', snapshot: snapshot({ category: ['road'], request: 'road' }) }),
        at(6, { orgUnit: 'grid-k', snapshot: snapshot({ title: 'road' }) }),
      ]);
      expect(await found({ category: 'road' })).toEqual([filed!.id, own!.id].sort());
      expect(await found({ category: 'water', orgUnits: ['grid-k'] })).toEqual([both!.id]);
      expect(await found({ category: 'ROAD' })).toEqual([]);
      const count = t.storage.countCases?.bind(t.storage);
      if (count) {
        expect(await count({ category: 'road', orgUnits: ['grid-k'] })).toBe(2);
        expect(await count({ category: 'road', orgUnits: ['grid-k'] }, { upTo: 1 })).toBe(1);
      }
      // A commit that changes the category moves the case between filters.
      await commitOk(t.storage, makeUpdateCommit(own!, { snapshot: snapshot({ category: 'water' }) }));
      expect(await found({ category: 'water' })).toEqual([own!.id, both!.id].sort());
    });

    it('finds active cases whose deadline is before now when asked for overdue ones', async () => {
      const now = minutesAfterEpoch(100);
      const [late] = await seed([
        at(1, { dueAt: minutesAfterEpoch(99) }),
        at(2, { dueAt: now }),
        at(3, { dueAt: minutesAfterEpoch(101) }),
        at(4, { dueAt: minutesAfterEpoch(50), status: 'done' }),
        at(5, { dueAt: null }),
      ]);
      expect(await found({ overdue: true, now })).toEqual([late!.id]);
      expect(await found({ overdue: true, now: minutesAfterEpoch(1000) })).toHaveLength(3);
      expect(await found({ overdue: false, now })).toHaveLength(5);
    });

    it('counts the cases a query matches, stopping at upTo when asked (countCases, when the storage has it)', async () => {
      const count = t.storage.countCases?.bind(t.storage);
      if (!count) return;
      const now = minutesAfterEpoch(100);
      await seed([
        at(1, { orgUnit: 'grid-c1', dueAt: minutesAfterEpoch(50) }),
        at(2, { orgUnit: 'grid-c1', dueAt: minutesAfterEpoch(60) }),
        at(3, { orgUnit: 'grid-c1' }),
        at(4, { orgUnit: 'grid-c1', status: 'done', dueAt: minutesAfterEpoch(10) }),
        at(5, { orgUnit: 'grid-c2', dueAt: minutesAfterEpoch(70) }),
      ]);
      const inC1 = { orgUnits: ['grid-c1'], limit: 1, cursor: null };
      expect(await count(inC1)).toBe(4);
      expect(await count(inC1, {})).toBe(4);
      expect(await count(inC1, { upTo: 5 })).toBe(4);
      expect(await count(inC1, { upTo: 4 })).toBe(4);
      expect(await count(inC1, { upTo: 3 })).toBe(3);
      expect(await count(inC1, { upTo: 1 })).toBe(1);
      expect(await count({ ...inC1, overdue: true, now })).toBe(2);
      expect(await count({ ...inC1, overdue: true, now }, { upTo: 1 })).toBe(1);
      expect(await count({ orgUnits: ['grid-c1', 'grid-c2'], overdue: true, now }, { upTo: 100 })).toBe(3);
      expect(await count({ orgUnits: [] }, { upTo: 10 })).toBe(0);
    });

    it('counts and pages overdue cases from both the deadline and a recorded breach, each once', async (ctx) => {
      if (!t.storage.capabilities.caseFacts) return ctx.skip();
      const now = minutesAfterEpoch(100);
      const breach = (record: CaseRecord, overdueAt: Date | null) =>
        commitOk(
          t.storage,
          makeCreateCommit(record, {
            facts: caseFactsRow(record, 'conformance@1', {
              receivedAt: record.createdAt,
              closedAt: null,
              dueAt: record.dueAt,
              overdueAt,
              signForWindows: [],
              rating: null,
              resolved: null,
              returns: 0,
              reopens: 0,
            }),
          }),
        );
      const late = minutesAfterEpoch(50);
      const both = at(1, { id: 'od-both', dueAt: late });
      const breachOnly = at(2, { id: 'od-breach', dueAt: null });
      const breachRunning = at(3, { id: 'od-breach-running', dueAt: minutesAfterEpoch(200) });
      const deadlineOnly = at(4, { id: 'od-deadline', dueAt: late });
      const closed = at(5, { id: 'od-closed', dueAt: late, status: 'done' });
      const onTime = at(6, { id: 'od-on-time', dueAt: minutesAfterEpoch(200) });
      await breach(both, late);
      await breach(breachOnly, late);
      await breach(breachRunning, late);
      await breach(deadlineOnly, null);
      await breach(closed, late);
      await breach(onTime, null);
      const overdue = { overdue: true, now };
      const expected = [deadlineOnly, breachRunning, breachOnly, both].map((r) => r.id);
      expect(ids((await t.storage.queryCases({ ...overdue, limit: 10 })).items)).toEqual(expected);
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await t.storage.queryCases({ ...overdue, limit: 1, cursor });
        paged.push(...ids(page.items));
        cursor = page.nextCursor;
      } while (cursor);
      expect(paged).toEqual(expected);
      const count = t.storage.countCases?.bind(t.storage);
      if (!count) return;
      expect(await count(overdue)).toBe(4);
      for (const upTo of [1, 2, 3, 4, 5]) expect(await count(overdue, { upTo })).toBe(Math.min(upTo, 4));
      expect(await count({ ...overdue, orgUnits: [both.orgUnit] }, { upTo: 10 })).toBe(4);
    });

    it('filters by creation time, from inclusive and to exclusive', async () => {
      const [, b, c] = await seed([at(9, {}), at(10, {}), at(15, {}), at(20, {})]);
      expect(await found({ createdFrom: minutesAfterEpoch(10), createdTo: minutesAfterEpoch(20) })).toEqual(
        [b!.id, c!.id].sort(),
      );
      expect(await found({ createdFrom: minutesAfterEpoch(20) })).toHaveLength(1);
      expect(await found({ createdTo: minutesAfterEpoch(10) })).toHaveLength(1);
    });

    it('combines filters, all of which must hold', async () => {
      const now = minutesAfterEpoch(100);
      const [match] = await seed([
        at(1, {
          flowId: 'w',
          state: 'a.b',
          orgUnit: 'g1',
          assignee: 'u',
          requesterId: 'r',
          dueAt: minutesAfterEpoch(5),
        }),
        at(2, {
          flowId: 'w',
          state: 'a.b',
          orgUnit: 'g2',
          assignee: 'u',
          requesterId: 'r',
          dueAt: minutesAfterEpoch(5),
        }),
        at(3, {
          flowId: 'w',
          state: 'a.b',
          orgUnit: 'g1',
          assignee: 'v',
          requesterId: 'r',
          dueAt: minutesAfterEpoch(5),
        }),
        at(4, {
          flowId: 'w',
          state: 'c',
          orgUnit: 'g1',
          assignee: 'u',
          requesterId: 'r',
          dueAt: minutesAfterEpoch(5),
        }),
        at(5, { flowId: 'w', state: 'a.b', orgUnit: 'g1', assignee: 'u', requesterId: 'r', dueAt: null }),
        at(200, {
          flowId: 'w',
          state: 'a.b',
          orgUnit: 'g1',
          assignee: 'u',
          requesterId: 'r',
          dueAt: minutesAfterEpoch(5),
        }),
      ]);
      const query: CaseQuery = {
        flowId: 'w',
        state: 'a',
        status: 'active',
        orgUnits: ['g1'],
        assignee: 'u',
        requesterId: 'r',
        overdue: true,
        now,
        createdFrom: minutesAfterEpoch(0),
        createdTo: minutesAfterEpoch(100),
      };
      expect(await found(query)).toEqual([match!.id]);
    });

    it('sees a case as it is after its latest commit', async () => {
      const [record] = await seed([at(1, { state: 'open', assignee: null })]);
      await commitOk(t.storage, makeUpdateCommit(record!, { state: 'inProgress', assignee: 'u-li' }));
      expect(await found({ state: 'open' })).toEqual([]);
      expect((await t.storage.queryCases({ assignee: 'u-li' })).items).toEqual([
        { ...record, state: 'inProgress', assignee: 'u-li', version: 2, updatedAt: minutesAfterEpoch(2) },
      ]);
    });

    it('pages through 125 cases without duplicates or gaps, many sharing a creation time', async () => {
      const records = Array.from({ length: 125 }, (_, i) =>
        at(Math.floor(i / 7), {
          id: `page-${String(i).padStart(4, '0')}`,
          orgUnit: i % 5 === 0 ? 'grid-x' : 'grid-1',
        }),
      );
      await seed(records);
      const newestFirst = [...records]
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
        .map((r) => r.id);

      const walk = async (query: CaseQuery) => {
        const seen: string[] = [];
        const sizes: number[] = [];
        let cursor: string | null = null;
        do {
          const page = await t.storage.queryCases({ ...query, cursor });
          seen.push(...ids(page.items));
          sizes.push(page.items.length);
          cursor = page.nextCursor;
        } while (cursor && sizes.length < 20);
        return { seen, sizes };
      };
      const all = await walk({ limit: 50 });
      expect(all.sizes).toEqual([50, 50, 25]);
      expect(all.seen).toEqual(newestFirst);
      expect((await walk({})).sizes).toEqual([50, 50, 25]);
      const filtered = await walk({ orgUnits: ['grid-x'], limit: 7 });
      expect(filtered.seen).toEqual(newestFirst.filter((id) => Number(id.slice(5)) % 5 === 0));
      expect(filtered.sizes).toEqual([7, 7, 7, 4]);
      expect((await walk({ orgUnits: ['grid-x'], limit: 25 })).sizes).toEqual([25]);
    });
  });
}
