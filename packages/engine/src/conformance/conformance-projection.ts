import { expect, it } from 'vitest';
import { memoryDirectory } from '../directory/memory-directory.js';
import { builtInFacts } from '../flows/built-in-facts.js';
import { workOrderFlowV2 } from '../flows/work-order/work-order-v2.js';
import { workOrderFacts } from '../flows/work-order/work-order-facts.js';
import type { CaseFactsExtractor } from '../metrics/case-facts.js';
import { computeMetrics, type MetricsQuery } from '../metrics/metrics-report.js';
import type { Engine } from '../runtime/engine-types.js';
import type { Storage } from '../storage/storage.js';
import { describeGroup, type StorageConformanceOptions } from './conformance-harness.js';
import { playRandomWorkOrders, randomHistoryActors } from '../testing/random-work-orders.js';
import { seededRandom } from '../testing/seeded-random.js';
import { createTestEngine } from '../testing/test-engine.js';

const unit = (id: string, kind: string, parentId: string | null) => ({ id, name: id, kind, parentId });
const directory = memoryDirectory({
  units: [
    unit('district', 'district', null),
    unit('street-east', 'street', 'district'),
    unit('comm-a', 'community', 'street-east'),
    unit('grid-a1', 'grid', 'comm-a'),
    unit('grid-a2', 'grid', 'comm-a'),
    unit('street-west', 'street', 'district'),
    unit('grid-w1', 'grid', 'street-west'),
    unit('dept-housing', 'department', 'district'),
  ] as Parameters<typeof memoryDirectory>[0]['units'],
  members: [],
});
const GRIDS = ['grid-a1', 'grid-a2', 'grid-w1'];
const T0 = new Date('2026-06-01T09:00:00+08:00');
const DAY = 86_400_000;

/** The reference: the same report computed from every case's journal, as before the projection. */
function journalReport(engine: Engine, query: MetricsQuery) {
  const source = { storage: engine.storage, flows: engine.flows, directory, facts: builtInFacts };
  return computeMetrics({ ...source, now: engine.clock.now() }, query);
}

/** Every field equal, row by row (medians too: both ways take the mean of the two middle values). */
function expectSameRows(actual: Array<Record<string, unknown>>, expected: Array<Record<string, unknown>>) {
  expect(actual.map((r) => r.orgUnit)).toEqual(expected.map((r) => r.orgUnit));
  actual.forEach((row, i) => {
    const want = expected[i] as Record<string, unknown>;
    for (const [key, value] of Object.entries(want))
      expect(row[key], `${String(row.orgUnit)}.${key}`).toEqual(value);
  });
}

/** Random periods over the history, plus one ending just after now (open cases judged at now). */
function periodsOf(seed: number, start: Date, now: Date): Array<{ from: Date; to: Date }> {
  const random = seededRandom(seed * 31 + 1);
  const span = now.getTime() - start.getTime() + 7 * DAY;
  const periods = [{ from: new Date(start.getTime() - DAY), to: new Date(now.getTime() + 1) }];
  for (let i = 0; i < 4; i++) {
    const a = random();
    const b = random();
    const from = new Date(start.getTime() - DAY + Math.min(a, b) * span);
    periods.push({ from, to: new Date(from.getTime() + 1 + Math.abs(a - b) * span) });
  }
  return periods;
}

async function countAll(engine: Engine, query: Parameters<Engine['query']>[0]): Promise<number> {
  return (await idsOf(engine, query, 100)).length;
}

/** The ids of every case a query finds, page by page of `limit`. */
async function idsOf(engine: Engine, query: Parameters<Engine['query']>[0], limit: number) {
  const found: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await engine.query({ ...query, limit, cursor });
    found.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor;
  } while (cursor);
  return found;
}

/**
 * The `projection` group, for storages with `capabilities.caseFacts`: over seeded random `work-order`
 * histories, the reports read from the case-facts projection equal, field by field, the reports recomputed
 * from the journals (area and handling-unit views, random periods, open cases judged at `asOf`); the
 * `overdue` worklist (its pages and its total) and `engine.counts` find exactly the open and overdue cases the metrics count; rows of
 * an older extractor version, and cases without rows, are read again before a report uses them.
 *
 * @example
 * ```ts
 * describeProjectionConformance({ name: 'postgres', setup, projectionSeeds: [1, 2] });
 * ```
 */
export function describeProjectionConformance(
  options: StorageConformanceOptions & { projectionSeeds?: readonly number[]; projectionSteps?: number },
): void {
  const seeds = options.projectionSeeds ?? [1, 2, 3, 4];
  const steps = options.projectionSteps ?? 90;
  describeGroup(options, 'projection', (t) => {
    const engineOn = (storage: Storage, facts = builtInFacts) =>
      createTestEngine({
        flows: [workOrderFlowV2],
        storage,
        directory,
        start: T0,
        effects: { '*': async () => {} },
        metrics: { facts },
      });

    for (const seed of seeds) {
      it(`reports from the projection what the journals say (seed ${seed})`, async (ctx) => {
        if (!t.storage.capabilities.caseFacts) return ctx.skip();
        const test = engineOn(t.storage);
        await playRandomWorkOrders(test.engine, (ms) => test.advance(ms), { seed, steps, grids: GRIDS });
        await test.flush();
        const now = test.clock.now();
        for (const period of periodsOf(seed, T0, now)) {
          for (const orgUnit of ['district', 'comm-a']) {
            const query = { orgUnit, ...period };
            const area = await test.engine.metrics(query);
            expectSameRows(area.rows as never, (await journalReport(test.engine, query)).rows as never);
            const handling = await test.engine.metrics({ ...query, by: 'handlingUnit' });
            const reference = await journalReport(test.engine, { ...query, by: 'handlingUnit' });
            expectSameRows(handling.rows as never, reference.rows as never);
          }
        }
        // 超期未办结 now: the worklist filter, the dashboard's light and the metrics count the same cases.
        const atNow = await journalReport(test.engine, {
          orgUnit: 'district',
          from: new Date(T0.getTime() - DAY),
          to: new Date(now.getTime() + 1),
        });
        const openOverdue = atNow.rows[0]?.openOverdue;
        expect(await countAll(test.engine, { orgUnit: 'district', overdue: true })).toBe(openOverdue);
        const worklist = await test.engine.worklist({ orgUnit: 'district', overdue: true, limit: 2 });
        expect(worklist.total).toBe(openOverdue);
        expect(worklist.items.length).toBe(Math.min(2, openOverdue ?? 0));
        // Pages of two give the same cases in the same order as one page, each once.
        const overdueIds = await idsOf(test.engine, { orgUnit: 'district', overdue: true }, 100);
        expect(await idsOf(test.engine, { orgUnit: 'district', overdue: true }, 2)).toEqual(overdueIds);
        expect(new Set(overdueIds).size).toBe(overdueIds.length);
        const capped = await test.engine.worklist({ orgUnit: 'district', overdue: true, countUpTo: 1 });
        expect(capped.total).toBe(Math.min(1, openOverdue ?? 0));
        expect(capped.totalCapped).toBe((openOverdue ?? 0) > 1);
        const counts = await test.engine.counts({ orgUnit: 'district' });
        expect(counts.lights.overdue).toBe(openOverdue);
        expect(counts.open).toBe(await countAll(test.engine, { orgUnit: 'district', status: 'active' }));
        const byState = await countAll(test.engine, {
          orgUnit: 'district',
          status: 'active',
          state: 'dispatched',
        });
        expect(counts.byState.find((s) => s.state === 'dispatched')?.open ?? 0).toBe(byState);
      });
    }

    it('judges the last sign-for window opened before the period ends, not a later one', async (ctx) => {
      if (!t.storage.capabilities.caseFacts) return ctx.skip();
      const test = engineOn(t.storage);
      const { dispatcher } = randomHistoryActors;
      const c = await test.engine.createCase({
        flow: 'work-order',
        actor: randomHistoryActors.resident('grid-a1'),
        orgUnit: 'grid-a1',
        input: { title: '井盖缺失' },
      });
      const send = (type: string, payload: Record<string, unknown> = {}) =>
        test.engine.send({ caseId: c.id, actor: dispatcher, event: { type, ...payload } });
      await send('accept');
      await send('dispatch', { leadUnit: 'dept-housing' });
      await test.advance(3_600_000);
      await send('reassign', { leadUnit: 'dept-housing', reason: '改派' }); // a second window, which goes unsigned past its limit
      await test.advance(5 * DAY);
      const between = test.clock.now();
      await test.advance(3_600_000);
      await send('reassign', { leadUnit: 'dept-housing', reason: '改派' }); // a third window, after the period
      const query = { orgUnit: 'district', from: new Date(T0.getTime() - DAY), to: between };
      const report = await test.engine.metrics(query);
      expect(report.rows[0]).toMatchObject({ received: 1, signForDue: 1, signedForOnTime: 0 });
      expectSameRows(report.rows as never, (await journalReport(test.engine, query)).rows as never);
    });

    it('reads again the facts of cases committed without them and of an older extractor version', async (ctx) => {
      if (!t.storage.capabilities.caseFacts) return ctx.skip();
      // Cases committed through a storage that does not say it keeps facts: no projection rows, as before
      // the migration.
      const blind: Storage = Object.create(t.storage, {
        capabilities: { value: { ...t.storage.capabilities, caseFacts: false } },
      });
      const old = engineOn(blind);
      const ids = await playRandomWorkOrders(old.engine, (ms) => old.advance(ms), {
        seed: 9,
        steps: 80,
        grids: GRIDS,
      });
      await old.flush();
      const test = engineOn(t.storage);
      test.clock.set(old.clock.now());
      const progress: number[] = [];
      const refreshed = await test.engine.refreshCaseFacts({
        batchSize: 2,
        onProgress: (p) => progress.push(p.refreshed),
      });
      expect(ids.length).toBeGreaterThan(2);
      expect(refreshed).toBe(ids.length);
      expect(progress.at(-1)).toBe(ids.length);
      expect(progress.length).toBeGreaterThan(1);
      expect(await test.engine.refreshCaseFacts()).toBe(0);

      // A new extractor version: every row is stale, and the report reads the new facts, never the old.
      const returnsDoubled = Object.assign(
        (input: Parameters<CaseFactsExtractor>[0]) => ({ ...workOrderFacts(input), returns: 2, reopens: 1 }),
        { version: 2 },
      );
      const bumped = engineOn(t.storage, { 'work-order': returnsDoubled });
      const query = {
        orgUnit: 'district',
        from: new Date(T0.getTime() - DAY),
        to: new Date(old.clock.now().getTime() + 1),
      };
      const report = await bumped.engine.metrics(query);
      const district = report.rows[0];
      expect(district?.closed).toBeGreaterThan(0);
      expect(district?.returned).toBe(district?.closed);
      expect(district?.reopened).toBe(district?.closed);
      expect(await bumped.engine.refreshCaseFacts()).toBe(0);
    });
  });
}
