import { pgliteStorage } from '@gridflow/adapter-postgres';
import { computeMetrics, memoryStorage, type Storage } from '@gridflow/engine';
import { builtInFacts } from '@gridflow/engine/flows';
import { recountFromJournal } from '@gridflow/engine/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoEngine } from '../src/demo-engine.js';
import { runSimulation } from '../src/simulation.js';
import { summarize } from '../src/summary.js';

const START = new Date('2026-09-14T08:00:00+08:00');

/** Run a small district and read back what happened. */
async function simulate(storage: Storage, options: { seed: number; days: number; casesTarget: number }) {
  const demo = demoEngine({ storage, start: START });
  try {
    const result = await runSimulation({ ...demo, ...options });
    const summary = await summarize(demo.engine, demo.district, demo.ledger);
    const query = { orgUnit: 'district', from: result.from, to: result.to };
    const metrics = await demo.engine.metrics(query);
    const recount = await recountFromJournal(demo.engine, query);
    // The reference way: every case's facts read from its journal, not from the case-facts projection.
    const { engine } = demo;
    const source = { storage: engine.storage, flows: engine.flows, directory: engine.directory };
    const fromJournals = await computeMetrics(
      { ...source, facts: builtInFacts, now: engine.clock.now() },
      query,
    );
    const dead = await demo.engine.deadLetters({ limit: 10 });
    return { result, summary, metrics, recount, fromJournals, dead: dead.items };
  } finally {
    await demo.engine.stop();
    await storage.dispose?.();
  }
}

const SMALL = { seed: 7, days: 14, casesTarget: 220 };

describe('the demo district', () => {
  let first: Awaited<ReturnType<typeof simulate>>;
  beforeAll(async () => {
    first = await simulate(memoryStorage(), SMALL);
  });

  it('replays to the same outcome for the same seed and to another for another seed', async () => {
    const again = await simulate(memoryStorage(), SMALL);
    expect(again.summary).toEqual(first.summary);
    expect(again.metrics.rows).toEqual(first.metrics.rows);
    const other = await simulate(memoryStorage(), { ...SMALL, seed: 8 });
    expect(other.summary).not.toEqual(first.summary);
  });

  it('runs every flow and every phenomenon a command centre watches', () => {
    const { summary: s, result } = first;
    expect(Object.keys(s.cases)).toEqual(['grid-report', 'micro-wish', 'three-orders', 'work-order']);
    expect(Object.keys(s.workOrders.byChannel)).toEqual(['gridReport', 'hotline', 'threeOrders']);
    expect(result.arrivals).toHaveLength(SMALL.casesTarget);
    expect(s.workOrders.slaBreaches).toBeGreaterThan(0);
    expect(Object.keys(s.workOrders.escalations).sort()).toEqual(['hard', 'returns', 'slaBreach']);
    expect(s.workOrders.returns).toBeGreaterThan(0);
    expect(s.workOrders.returnReviews.upheld).toBeGreaterThan(0);
    expect(s.workOrders.reopenings).toBeGreaterThan(0);
    expect(s.workOrders.whistles).toBeGreaterThan(0);
    expect(Object.keys(s.workOrders.lateDepartments).length).toBeGreaterThan(0);
    expect(s.workOrders.suspensions).toBeGreaterThan(0);
    expect(s.workOrders.extensions.requested).toBeGreaterThan(0);
    expect(s.outcomes['grid-report']).toHaveProperty('closedByWorkOrder');
    // Escalated orders wait for their work order, which may still run when a short simulation ends.
    expect(Object.keys(s.outcomes['three-orders'] ?? {}).some((o) => o.includes('escalated'))).toBe(true);
    expect(s.wishes.fulfilled).toBeGreaterThan(0);
    expect(s.wishes.pointsAwarded).toBeGreaterThan(0);
  });

  it('crosses Mid-Autumn 2026 with its make-up Sunday and acts only within the rules', () => {
    expect(first.result.dates).toContain('2026-09-20');
    expect(first.result.dates).not.toContain('2026-09-25');
    expect(first.result.dates).toContain('2026-09-28');
    expect(Object.fromEntries(first.result.refused)).toEqual({});
    expect(first.dead).toEqual([]);
  });

  it('reports metrics that agree with a recount from the journal for every org unit', () => {
    expect(first.metrics.rows.length).toBeGreaterThan(20);
    const cases = Object.values(first.summary.cases).reduce((a, b) => a + b, 0);
    expect(first.metrics.rows[0]?.received).toBe(cases);
    for (const row of first.metrics.rows) {
      const { orgUnit, name: _n, kind: _k, parentId: _p, depth: _d, ...numbers } = row;
      expect({ orgUnit, ...first.recount[orgUnit] }).toEqual({ orgUnit, ...numbers });
    }
  });

  it('reports from the case-facts projection what the journals say, field by field', () => {
    expect(first.metrics.rows).toEqual(first.fromJournals.rows);
  });

  it('ends the same on embedded Postgres (PGlite) as in memory', async () => {
    const tiny = { seed: 11, days: 6, casesTarget: 60 };
    const onMemory = await simulate(memoryStorage(), tiny);
    const onPglite = await simulate(await pgliteStorage(), tiny);
    expect(onPglite.summary).toEqual(onMemory.summary);
    expect(onPglite.metrics.rows).toEqual(onMemory.metrics.rows);
    expect(onPglite.recount).toEqual(onMemory.recount);
    expect(onPglite.metrics.rows).toEqual(onPglite.fromJournals.rows);
  });
});
