import { expect, it } from 'vitest';
import { memoryDirectory } from '../directory/memory-directory.js';
import type { HandlingMetricsRow } from '../metrics/handling-report.js';
import type { Actor } from '../types.js';
import { describeGroup, type StorageConformanceOptions } from './conformance-harness.js';
import { handlingProbeFlow } from '../testing/handling-probe-flow.js';
import { createTestEngine } from '../testing/test-engine.js';

const unit = (id: string, kind: string, parentId: string | null) => ({ id, name: id, kind, parentId });
const directory = memoryDirectory({
  units: [
    unit('district', 'district', null),
    unit('street-east', 'street', 'district'),
    unit('comm-a', 'community', 'street-east'),
    unit('grid-a1', 'grid', 'comm-a'),
    unit('street-west', 'street', 'district'),
    unit('grid-w1', 'grid', 'street-west'),
    unit('dept-housing', 'department', 'district'),
    unit('dept-water', 'department', 'district'),
  ] as Parameters<typeof memoryDirectory>[0]['units'],
  members: [
    { id: 'u-disp', name: '调度员', roles: ['dispatcher'], orgUnit: 'district' },
    { id: 'u-house', name: '住建', roles: ['departmentHandler'], orgUnit: 'dept-housing' },
    { id: 'u-water', name: '水务', roles: ['departmentHandler'], orgUnit: 'dept-water' },
  ],
});
const dispatcher: Actor = { id: 'u-disp', roles: ['dispatcher'], orgUnit: 'district' };
const housing: Actor = { id: 'u-house', roles: ['departmentHandler'], orgUnit: 'dept-housing' };
const water: Actor = { id: 'u-water', roles: ['departmentHandler'], orgUnit: 'dept-water' };
const T0 = new Date('2026-06-01T09:00:00+08:00');
const WEEK = { from: new Date('2026-06-01T00:00:00+08:00'), to: new Date('2026-06-08T00:00:00+08:00') };

const COUNTS = [
  'received',
  'signForDue',
  'signedForOnTime',
  'returned',
  'closed',
  'closedOnTime',
  'openOverdue',
  'rated',
  'satisfied',
  'appealsUpheld',
  'reportInDue',
  'reportedInOnTime',
] as const;
const counts = (row: HandlingMetricsRow | undefined) => (row ? COUNTS.map((name) => row[name]) : 'no row');

/**
 * The `metrics` group: `engine.metrics` reads the same numbers from this storage as from any other, in the
 * area view and in the handling-unit view (考核), which reads cases of every unit (`queryCases` without
 * `orgUnits`) and their journals. Four cases of two streets handled by two departments, with a return, a
 * late sign-for, whistles answered on time and late, an upheld and a rejected appeal, and an open case past
 * its deadline.
 *
 * @example
 * ```ts
 * describeMetricsConformance({ name: 'memory', setup });
 * ```
 */
export function describeMetricsConformance(options: StorageConformanceOptions): void {
  describeGroup(options, 'metrics', (t) => {
    it('counts each case under the units that handled it, whatever street it came from', async () => {
      const test = createTestEngine({ flows: [handlingProbeFlow], storage: t.storage, directory, start: T0 });
      const { engine } = test;
      const send = (caseId: string, actor: Actor, type: string, payload: Record<string, unknown> = {}) =>
        engine.send({ caseId, actor, event: { type, ...payload } });
      const hour = (h: number) => test.advanceTo(new Date(T0.getTime() + h * 3_600_000));
      const open = async (orgUnit: string) =>
        (await engine.createCase({ flow: 'handling-probe', actor: dispatcher, orgUnit })).id;
      const [c1, c2, c3, c4] = [
        await open('grid-a1'),
        await open('grid-w1'),
        await open('grid-a1'),
        await open('grid-w1'),
      ] as [string, string, string, string];
      for (const id of [c1, c2, c3]) await send(id, dispatcher, 'dispatch', { leadUnit: 'dept-housing' });
      await send(c4, dispatcher, 'dispatch', { leadUnit: 'dept-water' });
      for (const id of [c1, c2]) await send(id, dispatcher, 'whistle', { departments: ['dept-water'] });
      await hour(1);
      await send(c1, housing, 'signFor');
      await send(c3, housing, 'return', { reason: '非本单位职责' });
      await send(c4, water, 'signFor');
      await hour(2); // c2's sign-for limit passes
      await send(c1, water, 'reportIn', { whistleId: 'w1' });
      await send(c3, dispatcher, 'dispatch', { leadUnit: 'dept-water' });
      await send(c3, water, 'signFor');
      await hour(3);
      await send(c2, housing, 'signFor');
      await send(c1, dispatcher, 'rate', { rating: 'satisfied' });
      await send(c1, dispatcher, 'close', { reason: 'resolved' });
      await send(c3, dispatcher, 'rate', { rating: 'unsatisfied' });
      await send(c3, water, 'appealRating', { reason: '已按规定答复' });
      await hour(4); // c2's whistle goes unanswered past its limit
      await send(c3, dispatcher, 'decideAppeal', { upheld: false, note: '申诉不成立' });
      await send(c3, dispatcher, 'close', { reason: 'explained' });
      await hour(5);
      await send(c2, dispatcher, 'rate', { rating: 'unsatisfied' });
      await send(c2, housing, 'appealRating', { reason: '诉求超出法定职责' });
      await hour(6);
      await send(c2, dispatcher, 'decideAppeal', { upheld: true, note: '申诉成立' });
      await send(c2, dispatcher, 'close', { reason: 'resolved' });
      await hour(30); // c4 passes its 24-hour deadline, still open

      const report = await engine.metrics({ orgUnit: 'district', ...WEEK, by: 'handlingUnit' });
      expect(report.by).toBe('handlingUnit');
      const rows = Object.fromEntries(report.rows.map((r) => [r.orgUnit, r]));
      // received, signForDue, signedForOnTime, returned, closed, closedOnTime, openOverdue, rated, satisfied,
      // appealsUpheld, reportInDue, reportedInOnTime
      expect(counts(rows['dept-housing'])).toEqual([3, 2, 1, 1, 2, 2, 0, 1, 1, 1, 0, 0]);
      expect(counts(rows['dept-water'])).toEqual([2, 2, 2, 0, 1, 1, 1, 1, 0, 0, 2, 1]);
      expect(counts(rows.district)).toEqual([4, 4, 3, 1, 3, 3, 1, 2, 1, 1, 2, 1]);
      expect(counts(rows['street-east'])).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
      expect(rows['dept-housing']).toMatchObject({
        satisfaction: 1,
        returnRate: 1 / 3,
        medianHandlingHours: 4.5,
      });
      expect(rows['dept-water']).toMatchObject({ onTimeRate: 1 / 2, satisfaction: 0, reportInRate: 1 / 2 });

      // The area view of the same cases: each under its own grid, none under a department.
      const area = await engine.metrics({ orgUnit: 'district', ...WEEK });
      const byArea = Object.fromEntries(area.rows.map((r) => [r.orgUnit, r]));
      expect([
        byArea.district?.received,
        byArea['street-east']?.received,
        byArea['dept-housing']?.received,
      ]).toEqual([4, 2, 0]);
    });
  });
}
