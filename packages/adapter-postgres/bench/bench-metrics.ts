import { computeMetrics, memoryDirectory, type MetricsQuery, type OrgUnitKind } from '@gridflow/engine';
import { builtInFacts, workOrderFlowV2 } from '@gridflow/engine/flows';
import { createTestEngine } from '@gridflow/engine/testing';
import pg from 'pg';
import { postgresStorage } from '../src/index.js';
import { cloneTo, GRIDS, playBase, prepareClones } from './bench-metrics-seed.js';
import { fmt, percentile } from './bench-stats.js';

const TENANT = 'metrics';
const YEAR = { from: new Date('2026-01-01T00:00:00+08:00'), to: new Date('2027-01-01T00:00:00+08:00') };
const MONTH = { from: new Date('2026-06-01T00:00:00+08:00'), to: new Date('2026-07-01T00:00:00+08:00') };

/** 516 units: a district, 10 streets, 100 communities, 400 grids and 5 departments. */
function district() {
  const unit = (id: string, kind: OrgUnitKind, parentId: string | null) => ({ id, name: id, kind, parentId });
  const units = [unit('district', 'district', null)];
  for (let st = 0; st < 10; st++) units.push(unit(`street-${st}`, 'street', 'district'));
  for (let c = 0; c < 100; c++) units.push(unit(`comm-${c}`, 'community', `street-${Math.floor(c / 10)}`));
  for (let g = 0; g < GRIDS; g++) units.push(unit(`grid-${g}`, 'grid', `comm-${Math.floor(g / 4)}`));
  for (const d of ['housing', 'water', 'city', 'market', 'traffic'])
    units.push(unit(`dept-${d}`, 'department', 'district'));
  return memoryDirectory({ units, members: [] });
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

async function p95(runs: number, work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await timed(work)).ms);
  return percentile(times, 95);
}

/**
 * What one size of {@link benchMetrics} measured (milliseconds).
 *
 * @example
 * ```ts
 * console.log(row.cases, row.newYearP95);
 * ```
 */
export interface MetricsBenchRow {
  cases: number;
  seedSeconds: number;
  backfillSeconds: number;
  old: { month: number | null; year: number | null; community: number | null };
  now: { month: number; year: number; community: number };
  counts: { district: number; community: number };
  worklist: { afterCommunities: number; fresh: number };
}

/**
 * Seed work orders (a few hundred played through the engine, then cloned in SQL over the year and 400
 * grids), backfill their facts, and time the district's month and year reports and one community's year
 * report the journal way (once each, skipped above `oldUpTo` cases) and the projection way (p95 of 7), the
 * dashboard counts, and the district worklist page after community pages on one connection vs a fresh one.
 *
 * @example
 * ```ts
 * await benchMetrics(url, 'gf_bench', { sizes: [10_000, 100_000], oldUpTo: 100_000, onRow: print });
 * ```
 */
export async function benchMetrics(
  url: string,
  schema: string,
  options: { sizes: number[]; baseSteps: number; oldUpTo: number; onRow(row: MetricsBenchRow): void },
): Promise<void> {
  const s = `"${schema}"`;
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const storage = postgresStorage({ client: pool, schema, tenantId: TENANT });
  const directory = district();
  const grids = Array.from({ length: GRIDS }, (_, g) => `grid-${g}`);
  const options$ = { flows: [workOrderFlowV2], directory, effects: { '*': async () => {} } };
  try {
    await storage.init?.();
    const seedStarted = performance.now();
    const base = createTestEngine({
      ...options$,
      storage,
      start: new Date('2026-01-02T09:00:00+08:00'),
      metrics: { facts: builtInFacts },
    });
    await playBase(base.engine, (ms) => base.advance(ms), grids, options.baseSteps);
    await prepareClones(pool, s, TENANT);
    let nextCopy = 1;
    let seedSeconds = (performance.now() - seedStarted) / 1000;
    for (const size of options.sizes) {
      const cloneStarted = performance.now();
      nextCopy = await cloneTo(pool, s, TENANT, size, nextCopy);
      seedSeconds += (performance.now() - cloneStarted) / 1000;
      const t = createTestEngine({ ...options$, storage, start: YEAR.to, metrics: { facts: builtInFacts } });
      const backfill = await timed(() => t.engine.refreshCaseFacts({ batchSize: 1000 }));
      // BENCH_VACUUM=1: vacuum the projection after the backfill, as a deploy would (autovacuum does it later
      // on its own): until then the visibility map is unset and the reports' index-only scans visit the heap.
      if (process.env.BENCH_VACUUM === '1') await pool.query(`vacuum (analyze) ${s}.case_facts`);
      const journalWay = (query: MetricsQuery) =>
        computeMetrics(
          { storage, flows: t.engine.flows, directory, facts: builtInFacts, now: YEAR.to },
          query,
        );
      const old = async (query: MetricsQuery) =>
        size <= options.oldUpTo ? (await timed(() => journalWay(query))).ms : null;
      const month = { orgUnit: 'district', ...MONTH };
      const year = { orgUnit: 'district', ...YEAR };
      const community = { orgUnit: 'comm-7', ...YEAR };
      const row: MetricsBenchRow = {
        cases: size,
        seedSeconds,
        backfillSeconds: backfill.ms / 1000,
        now: {
          month: await p95(7, () => t.engine.metrics(month)),
          year: await p95(7, () => t.engine.metrics(year)),
          community: await p95(7, () => t.engine.metrics(community)),
        },
        old: { month: await old(month), year: await old(year), community: await old(community) },
        counts: {
          district: await p95(20, () => t.engine.counts({ orgUnit: 'district' })),
          community: await p95(20, () => t.engine.counts({ orgUnit: 'comm-7' })),
        },
        worklist: await worklistPlans(url, schema, directory),
      };
      options.onRow(row);
    }
  } finally {
    await storage.dispose?.();
    await pool.end();
  }
}

/** The district's worklist page after 30 community pages on one connection, and on a fresh connection. */
async function worklistPlans(url: string, schema: string, directory: ReturnType<typeof district>) {
  const subtree = async (unit: string) => directory.subtree(unit);
  const used = new pg.Pool({ connectionString: url, max: 1 });
  const fresh = new pg.Pool({ connectionString: url, max: 1 });
  try {
    const usedStorage = postgresStorage({ client: used, schema, tenantId: TENANT, migrate: false });
    const freshStorage = postgresStorage({ client: fresh, schema, tenantId: TENANT, migrate: false });
    const districtUnits = await subtree('district');
    for (let i = 0; i < 30; i++) {
      await usedStorage.queryCases({
        orgUnits: await subtree(`comm-${i % 10}`),
        status: 'active',
        limit: 50,
      });
    }
    const afterCommunities = await p95(5, () =>
      usedStorage.queryCases({ orgUnits: districtUnits, status: 'active', limit: 50 }),
    );
    const freshMs = await p95(5, () =>
      freshStorage.queryCases({ orgUnits: districtUnits, status: 'active', limit: 50 }),
    );
    return { afterCommunities, fresh: freshMs };
  } finally {
    await used.end();
    await fresh.end();
  }
}

/**
 * Print one size as a Markdown table row (see the header in `postgres.bench.ts`).
 *
 * @example
 * ```ts
 * console.log(metricsRow(row));
 * ```
 */
export function metricsRow(r: MetricsBenchRow): string {
  const pair = (old: number | null, now: number) =>
    old === null ? `— / ${fmt(now, 1)} ms` : `${fmt(old)} / ${fmt(now, 1)} ms (×${fmt(old / now)})`;
  return (
    `| ${fmt(r.cases)} | ${fmt(r.seedSeconds, 1)} s | ${fmt(r.backfillSeconds, 1)} s | ${pair(r.old.month, r.now.month)} | ` +
    `${pair(r.old.year, r.now.year)} | ${pair(r.old.community, r.now.community)} | ${fmt(r.counts.district, 1)} / ` +
    `${fmt(r.counts.community, 1)} ms | ${fmt(r.worklist.afterCommunities, 1)} / ${fmt(r.worklist.fresh, 1)} ms |`
  );
}
