import { describe, expect, it } from 'vitest';
import { memoryDirectory } from '../src/directory/memory-directory.js';
import { isGridflowError } from '../src/errors.js';
import type { MetricsRow } from '../src/metrics/metrics-report.js';
import { createTestEngine } from '../src/testing/test-engine.js';
import { recountFromJournal } from '../src/testing/recount-from-journal.js';
import type { Actor } from '../src/types.js';
import { gridWorker, resident, staffA } from './fixtures/org.js';
import { repairFlow } from './fixtures/repair-flow.js';

// A Monday with no holiday within reach, so "3 working days" is plain Monday → Thursday.
const MONDAY = '2026-06-01T09:00:00+08:00';
const at = (local: string) => new Date(`${local}+08:00`);
const WEEK = { from: at('2026-06-01T00:00:00'), to: at('2026-06-08T00:00:00') };
// The district of the shared fixtures, fixed here so that the expected tree order below cannot drift.
const org = {
  units: [
    { id: 'district', name: '示范区', kind: 'district' as const, parentId: null },
    { id: 'street-east', name: '东街道', kind: 'street' as const, parentId: 'district' },
    { id: 'comm-a', name: '幸福社区', kind: 'community' as const, parentId: 'street-east' },
    { id: 'comm-b', name: '和平社区', kind: 'community' as const, parentId: 'street-east' },
    { id: 'grid-a1', name: '幸福一网格', kind: 'grid' as const, parentId: 'comm-a' },
    { id: 'grid-a2', name: '幸福二网格', kind: 'grid' as const, parentId: 'comm-a' },
    { id: 'grid-b1', name: '和平一网格', kind: 'grid' as const, parentId: 'comm-b' },
    { id: 'dept-water', name: '区水务局', kind: 'department' as const, parentId: 'district' },
  ],
  members: [],
};
const residentB: Actor = { id: 'r-sun', roles: ['resident'], orgUnit: 'grid-b1' };
const residentA2: Actor = { id: 'r-qian', roles: ['resident'], orgUnit: 'grid-a2' };

/**
 * Five repair cases (deadline 3 working days, the `slaDeadline` after-delay):
 * - c1 grid-a1: assigned and fixed after 2 h (on time);
 * - c2 grid-a1: assigned Monday, its deadline fires Thursday 09:00, fixed Friday 09:00 (96 h, late);
 * - c3 grid-b1: cancelled by the resident after 1 h (on time);
 * - c4 grid-a2: left open; deadline fires Thursday 09:00 (open and overdue);
 * - c5 grid-b1: opened Thursday 10:00, still within its deadline on Friday.
 * The clock ends Friday 09:00.
 */
async function repairWeek() {
  const t = createTestEngine({ flows: [repairFlow], directory: memoryDirectory(org), start: MONDAY });
  const { engine } = t;
  const open = (actor: Actor, orgUnit: string) =>
    engine.createCase({ flow: 'repair', actor, orgUnit, input: { title: '路灯不亮' } });
  const c1 = await open(resident, 'grid-a1');
  const c2 = await open(resident, 'grid-a1');
  const c3 = await open(residentB, 'grid-b1');
  const c4 = await open(residentA2, 'grid-a2');
  for (const c of [c1, c2]) {
    await engine.send({ caseId: c.id, actor: staffA, event: { type: 'assign', to: gridWorker.id } });
  }
  await t.advance('1 hour');
  await engine.send({ caseId: c3.id, actor: residentB, event: { type: 'cancel' } });
  await t.advance('1 hour');
  await engine.send({ caseId: c1.id, actor: gridWorker, event: { type: 'fix' } });
  await t.advanceTo(at('2026-06-04T10:00:00'));
  const c5 = await open(residentB, 'grid-b1');
  await t.advanceTo(at('2026-06-05T09:00:00'));
  await engine.send({ caseId: c2.id, actor: gridWorker, event: { type: 'fix' } });
  return { ...t, cases: { c1, c2, c3, c4, c5 } };
}

const byUnit = (rows: MetricsRow[]) => Object.fromEntries(rows.map((r) => [r.orgUnit, r]));

describe('engine.metrics on a week of repair cases', () => {
  it('counts received, closed, on time and open-overdue per unit and rolls them up the tree', async () => {
    const { engine } = await repairWeek();
    const report = await engine.metrics({ orgUnit: 'district', ...WEEK });
    expect(report.rows.map((r) => [r.orgUnit, r.depth])).toEqual([
      ['district', 0],
      ['street-east', 1],
      ['comm-a', 2],
      ['grid-a1', 3],
      ['grid-a2', 3],
      ['comm-b', 2],
      ['grid-b1', 3],
      ['dept-water', 1],
    ]);
    expect(report.asOf.toISOString()).toBe(at('2026-06-05T09:00:00').toISOString());
    const rows = byUnit(report.rows);
    const pick = (r: MetricsRow | undefined) => ({
      received: r?.received,
      closed: r?.closed,
      closedOnTime: r?.closedOnTime,
      openOverdue: r?.openOverdue,
      onTimeRate: r?.onTimeRate,
      medianHandlingHours: r?.medianHandlingHours,
    });
    // grid-a1: c1 on time (2 h), c2 late (Monday 09:00 → Friday 09:00 = 96 h).
    expect(pick(rows['grid-a1'])).toEqual({
      received: 2,
      closed: 2,
      closedOnTime: 1,
      openOverdue: 0,
      onTimeRate: 1 / 2,
      medianHandlingHours: (2 + 96) / 2,
    });
    // grid-a2: c4 never closed, overdue since Thursday: 0 on time out of (0 closed + 1 overdue).
    expect(pick(rows['grid-a2'])).toEqual({
      received: 1,
      closed: 0,
      closedOnTime: 0,
      openOverdue: 1,
      onTimeRate: 0,
      medianHandlingHours: null,
    });
    // comm-a is its two grids together: the median is recomputed, not averaged.
    expect(pick(rows['comm-a'])).toEqual({
      received: 3,
      closed: 2,
      closedOnTime: 1,
      openOverdue: 1,
      onTimeRate: 1 / 3,
      medianHandlingHours: 49,
    });
    // grid-b1: c3 cancelled after 1 h (on time), c5 open but not overdue, so it does not weigh on the rate.
    expect(pick(rows['grid-b1'])).toEqual({
      received: 2,
      closed: 1,
      closedOnTime: 1,
      openOverdue: 0,
      onTimeRate: 1,
      medianHandlingHours: 1,
    });
    expect(pick(rows['comm-b'])).toEqual(pick(rows['grid-b1']));
    // Everything: closed c1, c2, c3 (2 on time), overdue c4: 2 ÷ (3 + 1); median of 1, 2, 96 h.
    const all = {
      received: 5,
      closed: 3,
      closedOnTime: 2,
      openOverdue: 1,
      onTimeRate: 2 / 4,
      medianHandlingHours: 2,
    };
    expect(pick(rows.district)).toEqual(all);
    expect(pick(rows['street-east'])).toEqual(all);
  });

  it('gives null, not 0 or 1, for a rate with nothing to judge', async () => {
    const { engine } = await repairWeek();
    const rows = byUnit((await engine.metrics({ orgUnit: 'district', ...WEEK })).rows);
    // The repair flow has no sign-for, ratings, verdicts, returns or reopenings.
    for (const row of Object.values(rows)) {
      expect(row).toMatchObject({ responseRate: null, satisfaction: null, resolutionRate: null });
      expect(row.returnRate).toBe(row.closed === 0 ? null : 0);
    }
    const lastWeek = await engine.metrics({
      orgUnit: 'district',
      from: at('2026-05-25T00:00:00'),
      to: at('2026-06-01T00:00:00'),
    });
    expect(lastWeek.rows[0]).toMatchObject({
      received: 0,
      closed: 0,
      openOverdue: 0,
      onTimeRate: null,
      returnRate: null,
      reopenRate: null,
      medianHandlingHours: null,
    });
  });

  it('reads a past period as the world stood at its end, so later events do not leak in', async () => {
    const { engine } = await repairWeek();
    // Until Thursday 09:30: c1 and c3 closed on time; c2 and c4 went overdue at 09:00 and were still open;
    // c5 (Thursday 10:00) had not come in.
    const report = await engine.metrics({
      orgUnit: 'district',
      from: WEEK.from,
      to: at('2026-06-04T09:30:00'),
    });
    expect(report.asOf.toISOString()).toBe(at('2026-06-04T09:30:00').toISOString());
    expect(report.rows[0]).toMatchObject({
      received: 4,
      closed: 2,
      closedOnTime: 2,
      openOverdue: 2,
      onTimeRate: 2 / 4,
      medianHandlingHours: 1.5,
    });
    // Before the deadlines passed the same cases read 100% on time: rightly, nothing was late yet.
    const early = await engine.metrics({
      orgUnit: 'district',
      from: WEEK.from,
      to: at('2026-06-04T08:00:00'),
    });
    expect(early.rows[0]).toMatchObject({ closed: 2, openOverdue: 0, onTimeRate: 1 });
  });

  it('counts an overdue case carried over from an earlier period against the later one', async () => {
    const { engine } = await repairWeek();
    // Friday alone: only c2 closed (late); c4 is still open and overdue although received on Monday.
    const friday = await engine.metrics({
      orgUnit: 'district',
      from: at('2026-06-05T00:00:00'),
      to: WEEK.to,
    });
    expect(friday.rows[0]).toMatchObject({
      received: 0,
      closed: 1,
      closedOnTime: 0,
      openOverdue: 1,
      onTimeRate: 0,
    });
  });

  it('reports only the queried unit and what lies below it', async () => {
    const { engine } = await repairWeek();
    const report = await engine.metrics({ orgUnit: 'comm-b', ...WEEK });
    expect(report.rows.map((r) => r.orgUnit)).toEqual(['comm-b', 'grid-b1']);
    expect(report.rows[0]).toMatchObject({
      name: '和平社区',
      kind: 'community',
      parentId: 'street-east',
      received: 2,
    });
  });

  it('agrees with an independent recount from the journal for every unit', async () => {
    const { engine } = await repairWeek();
    for (const period of [WEEK, { from: WEEK.from, to: at('2026-06-04T09:30:00') }]) {
      const report = await engine.metrics({ orgUnit: 'district', ...period });
      const recount = await recountFromJournal(engine, { orgUnit: 'district', ...period });
      for (const row of report.rows) expect(row).toMatchObject(recount[row.orgUnit] ?? {});
    }
  });

  it('rejects an unknown unit and an empty period with VALIDATION_FAILED naming the field', async () => {
    const { engine } = await repairWeek();
    const fieldOf = async (promise: Promise<unknown>) => {
      const error = await promise.catch((e: unknown) => e);
      return isGridflowError(error, 'VALIDATION_FAILED') ? error.details.field : error;
    };
    expect(await fieldOf(engine.metrics({ orgUnit: 'nowhere', ...WEEK }))).toBe('query.orgUnit');
    expect(await fieldOf(engine.metrics({ orgUnit: 'district', from: WEEK.to, to: WEEK.from }))).toBe(
      'query.to',
    );
    expect(await fieldOf(engine.metrics({ orgUnit: 'district', from: new Date('x'), to: WEEK.to }))).toBe(
      'query.from',
    );
  });
});
