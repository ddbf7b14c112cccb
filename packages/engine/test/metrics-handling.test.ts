import { describe, expect, it } from 'vitest';
import { memoryDirectory } from '../src/directory/memory-directory.js';
import { isGridflowError } from '../src/errors.js';
import { builtInFacts } from '../src/flows/built-in-facts.js';
import { workOrderFacts } from '../src/flows/work-order/work-order-facts.js';
import { workOrderFlowV2 } from '../src/flows/work-order/work-order-v2.js';
import type { HandlingMetricsRow } from '../src/metrics/handling-report.js';
import { createTestEngine } from '../src/testing/test-engine.js';
import type { Actor } from '../src/types.js';
import { org } from './fixtures/org.js';

const directory = memoryDirectory({
  units: [...org.units, { id: 'dept-housing', name: '住建局', kind: 'department', parentId: 'district' }],
  members: [],
});
const dispatcher: Actor = { id: 'u-disp', roles: ['dispatcher'], orgUnit: 'district' };
const housing: Actor = { id: 'u-house', roles: ['departmentHandler'], orgUnit: 'dept-housing' };
const water: Actor = { id: 'u-water', roles: ['departmentHandler'], orgUnit: 'dept-water' };
const at = (local: string) => new Date(`${local}+08:00`);
const T0 = at('2026-06-01T09:00:00');
const JUNE_JULY = { from: at('2026-06-01T00:00:00'), to: at('2026-08-01T00:00:00') };

/**
 * Three work orders raised in three grids, all led by the housing department (default SLA: sign for within 1
 * working day, reply within 15 working days of signing for; a whistle's report-in within 1 working day):
 * - w1 grid-a1: signed for at once; the water department is whistled and reports in after an hour; closed
 *   resolved, satisfied;
 * - w2 grid-b1: signed for on Wednesday (late); the water department is whistled and never reports in; the
 *   SLA breaks; closed explained, unsatisfied;
 * - w3 grid-a2: returned by housing, the return upheld, dispatched to the water department, which signs for
 *   it at once and leaves it open past its SLA.
 */
async function district(facts = builtInFacts) {
  const t = createTestEngine({
    flows: [workOrderFlowV2],
    directory,
    start: T0.toISOString(),
    effects: { '*': async () => {} },
    metrics: { facts },
  });
  const { engine } = t;
  const send = (caseId: string, actor: Actor, type: string, payload: Record<string, unknown> = {}) =>
    engine.send({ caseId, actor, event: { type, ...payload } });
  const open = async (orgUnit: string) => {
    const id = (
      await engine.createCase({ flow: 'work-order', actor: dispatcher, orgUnit, input: { title: '漏水' } })
    ).id;
    await send(id, dispatcher, 'accept');
    await send(id, dispatcher, 'dispatch', { leadUnit: 'dept-housing' });
    return id;
  };
  const finish = async (id: string, rating: string, reason: string) => {
    await send(id, housing, 'reply', { result: '已处理', solved: true, publicReply: '已处理' });
    await send(id, dispatcher, 'verify', { passed: true });
    await send(id, dispatcher, 'followUp', { reached: true, rating, unitAtFault: false });
    await send(id, dispatcher, 'close', { reason });
  };
  const whistleWater = (id: string) =>
    send(id, dispatcher, 'whistle', { departments: ['dept-water'], reason: '管网归属不清' });

  const w1 = await open('grid-a1');
  const w2 = await open('grid-b1');
  const w3 = await open('grid-a2');
  await send(w1, housing, 'signFor');
  await whistleWater(w1);
  await send(w3, housing, 'return', { reason: '属供水管网' });
  await send(w3, dispatcher, 'reviewReturn', { upheld: true, note: '同意' });
  await send(w3, dispatcher, 'dispatch', { leadUnit: 'dept-water' });
  await send(w3, water, 'signFor');
  await t.advance('1 hour');
  await send(w1, water, 'reportIn');
  await finish(w1, 'satisfied', 'resolved');
  await t.advanceTo(at('2026-06-03T09:00:00'));
  await send(w2, housing, 'signFor');
  await whistleWater(w2);
  await t.advance('20 working days');
  await finish(w2, 'unsatisfied', 'explained');
  return { ...t, ids: { w1, w2, w3 } };
}

const COUNTS = [
  'received',
  'signForDue',
  'signedForOnTime',
  'returned',
  'closed',
  'closedOnTime',
  'openOverdue',
] as const;
const pick = (row: HandlingMetricsRow | undefined) =>
  row && {
    ...Object.fromEntries(COUNTS.map((name) => [name, row[name]])),
    rated: row.rated,
    satisfied: row.satisfied,
    reportInDue: row.reportInDue,
    reportedInOnTime: row.reportedInOnTime,
  };

describe('engine.metrics by handling unit (考核) on work orders', () => {
  it('counts the cases a department handled, which the area view counts only under their grids', async () => {
    const { engine, ids } = await district();
    expect((await engine.getCase(ids.w3)).state).toBe('inProgress.working');
    const area = await engine.metrics({ orgUnit: 'district', ...JUNE_JULY, flow: 'work-order' });
    const areaRow = area.rows.find((r) => r.orgUnit === 'dept-housing');
    // Today's view: the department that handled all three, one of them late, received nothing.
    expect(areaRow).toMatchObject({ received: 0, closed: 0, openOverdue: 0 });

    const report = await engine.metrics({
      orgUnit: 'district',
      ...JUNE_JULY,
      flow: 'work-order',
      by: 'handlingUnit',
    });
    expect(report).toMatchObject({ orgUnit: 'district', by: 'handlingUnit', flow: 'work-order' });
    expect(report.rows.map((r) => r.orgUnit)).toEqual(area.rows.map((r) => r.orgUnit));
    const rows = Object.fromEntries(report.rows.map((r) => [r.orgUnit, r]));
    expect(pick(rows['dept-housing'])).toEqual({
      received: 3,
      signForDue: 2, // w3's window ended by its return, within the limit: no verdict
      signedForOnTime: 1,
      returned: 1,
      closed: 2,
      closedOnTime: 1,
      openOverdue: 0,
      rated: 2,
      satisfied: 1,
      reportInDue: 0,
      reportedInOnTime: 0,
    });
    expect(rows['dept-housing']).toMatchObject({ responseRate: 1 / 2, onTimeRate: 1 / 2, returnRate: 1 / 3 });
    expect(pick(rows['dept-water'])).toEqual({
      received: 1,
      signForDue: 1,
      signedForOnTime: 1,
      returned: 0,
      closed: 0,
      closedOnTime: 0,
      openOverdue: 1,
      rated: 0,
      satisfied: 0,
      reportInDue: 2,
      reportedInOnTime: 1,
    });
    expect(rows['dept-water']?.reportInRate).toBe(1 / 2);
    // The district reads its subtree as one unit: three cases received, not four (w3 had two departments).
    expect(pick(rows.district)).toMatchObject({ received: 3, returned: 1, closed: 2, openOverdue: 1 });
    // No grid, community or street handled anything.
    expect(pick(rows['street-east'])).toMatchObject({ received: 0, closed: 0, reportInDue: 0 });
  });

  it('reads the handling of a flow whose extractor leaves it out (workOrderFacts alone)', async () => {
    const { engine } = await district({ 'work-order': workOrderFacts });
    const report = await engine.metrics({ orgUnit: 'dept-housing', ...JUNE_JULY, by: 'handlingUnit' });
    expect(report.rows.map((r) => [r.orgUnit, r.received, r.closed])).toEqual([['dept-housing', 3, 2]]);
  });

  it('checks the view and the actor like the area view', async () => {
    const { engine } = await district();
    const query = { orgUnit: 'dept-housing', ...JUNE_JULY };
    const refused = await engine.metrics({ ...query, by: 'unit' as 'area' }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(isGridflowError(refused, 'VALIDATION_FAILED') && refused.details).toMatchObject({
      field: 'query.by',
    });
    await expect(engine.metrics({ ...query, by: 'handlingUnit', actor: water })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const own = await engine.metrics({ ...query, by: 'handlingUnit', actor: housing });
    expect(own.rows[0]?.received).toBe(3);
  });
});
