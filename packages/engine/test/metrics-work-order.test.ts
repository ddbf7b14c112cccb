import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoryDirectory } from '../src/directory/memory-directory.js';
import { workOrderFacts } from '../src/flows/work-order/work-order-facts.js';
import { workOrderFlowV2 } from '../src/flows/work-order/work-order-v2.js';
import type { MetricsRow } from '../src/metrics/metrics-report.js';
import { recountFromJournal } from '../src/testing/recount-from-journal.js';
import { createTestEngine } from '../src/testing/test-engine.js';
import type { Actor } from '../src/types.js';
import { org } from './fixtures/org.js';

const directory = memoryDirectory({
  units: [...org.units, { id: 'dept-housing', name: '住建局', kind: 'department', parentId: 'district' }],
  members: [],
});
const dispatcher: Actor = { id: 'u-disp', roles: ['dispatcher'], orgUnit: 'district' };
const housing: Actor = { id: 'u-house', roles: ['departmentHandler'], orgUnit: 'dept-housing' };
const at = (local: string) => new Date(`${local}+08:00`);
const T0 = at('2026-06-01T09:00:00');
const JUNE_JULY = { from: at('2026-06-01T00:00:00'), to: at('2026-08-01T00:00:00') };

/**
 * Six work orders, all received Monday 2026-06-01 09:00 (default SLA: sign for within 1 working day, reply
 * within 15 working days of signing for):
 * - w1 grid-a1: signed for at once, closed 11:00 resolved, rated satisfied;
 * - w2 grid-a1: signed for on Wednesday (late), reopened after an unsatisfied follow-up the unit was at fault
 *   for, closed Wednesday 09:00 partially resolved, rated basically satisfied;
 * - w3 grid-a2: returned (退单), the return upheld, dispatched again and signed for at once, closed 11:00
 *   resolved, rated very satisfied;
 * - w4 grid-b1: not accepted (closed at once, no verdict);
 * - w5 grid-b1: signed for at once, breached its SLA, then closed "explained", rated unsatisfied;
 * - w6 grid-a2: signed for at once and left open past its SLA.
 */
async function district() {
  const t = createTestEngine({
    flows: [workOrderFlowV2],
    directory,
    start: T0.toISOString(),
    effects: { '*': async () => {} },
    metrics: { facts: { 'work-order': workOrderFacts } },
  });
  const { engine } = t;
  const send = (caseId: string, actor: Actor, type: string, payload: Record<string, unknown> = {}) =>
    engine.send({ caseId, actor, event: { type, ...payload } });
  const open = async (orgUnit: string) =>
    (
      await engine.createCase({
        flow: 'work-order',
        actor: dispatcher,
        orgUnit,
        input: { title: '楼道灯不亮' },
      })
    ).id;
  const dispatch = async (id: string) => {
    await send(id, dispatcher, 'dispatch', { leadUnit: 'dept-housing' });
  };
  const replyAndVerify = async (id: string) => {
    await send(id, housing, 'reply', { result: '已处理', solved: true, publicReply: '已处理' });
    await send(id, dispatcher, 'verify', { passed: true });
  };
  const finish = async (id: string, rating: string, reason: string, unitAtFault?: boolean) => {
    await replyAndVerify(id);
    await send(id, dispatcher, 'followUp', {
      reached: true,
      rating,
      ...(unitAtFault === false ? { unitAtFault } : {}),
    });
    await send(id, dispatcher, 'close', { reason });
  };

  const [w1, w2, w3, w4, w5, w6] = [
    await open('grid-a1'),
    await open('grid-a1'),
    await open('grid-a2'),
    await open('grid-b1'),
    await open('grid-b1'),
    await open('grid-a2'),
  ] as [string, string, string, string, string, string];
  await send(w4, dispatcher, 'notAccepted', { reason: '不属于受理范围' });
  for (const id of [w1, w2, w3, w5, w6]) {
    await send(id, dispatcher, 'accept');
    await dispatch(id);
  }
  for (const id of [w1, w5, w6]) await send(id, housing, 'signFor');
  await send(w3, housing, 'return', { reason: '不属本单位职责' });
  await send(w3, dispatcher, 'reviewReturn', { upheld: true, note: '同意退单' });
  await dispatch(w3);
  await send(w3, housing, 'signFor');
  await t.advance('2 hours');
  await finish(w1, 'satisfied', 'resolved');
  await finish(w3, 'verySatisfied', 'resolved');
  await t.advanceTo(at('2026-06-03T09:00:00'));
  await send(w2, housing, 'signFor');
  await replyAndVerify(w2);
  await send(w2, dispatcher, 'followUp', { reached: true, rating: 'unsatisfied', unitAtFault: true });
  await finish(w2, 'basicallySatisfied', 'partiallyResolved');
  await t.advance('20 working days');
  await finish(w5, 'unsatisfied', 'explained', false);
  const w5Hours = (t.clock.now().getTime() - T0.getTime()) / 3_600_000;
  return { ...t, ids: { w1, w2, w3, w4, w5, w6 }, w5Hours };
}

const rates = (r: MetricsRow | undefined) => ({
  received: r?.received,
  closed: r?.closed,
  onTimeRate: r?.onTimeRate,
  responseRate: r?.responseRate,
  satisfaction: r?.satisfaction,
  resolutionRate: r?.resolutionRate,
  returnRate: r?.returnRate,
  reopenRate: r?.reopenRate,
  medianHandlingHours: r?.medianHandlingHours,
});

describe('engine.metrics on work orders', () => {
  it('derives every metric from the work orders of each unit and its subtree', async () => {
    const { engine, ids, w5Hours } = await district();
    const states = await Promise.all(Object.values(ids).map(async (id) => (await engine.getCase(id)).state));
    expect(states).toEqual(['closed', 'closed', 'closed', 'notAccepted', 'closed', 'inProgress.working']);
    const report = await engine.metrics({ orgUnit: 'district', ...JUNE_JULY, flow: 'work-order' });
    const rows = Object.fromEntries(report.rows.map((r) => [r.orgUnit, r]));
    // grid-a1 (w1, w2): both closed on time; sign-for on time for w1 only; both rated satisfied-ish; w1
    // resolved, w2 partially (not resolved); w2 reopened; handling 2 h and 48 h.
    expect(rates(rows['grid-a1'])).toEqual({
      received: 2,
      closed: 2,
      onTimeRate: 1,
      responseRate: 1 / 2,
      satisfaction: 1,
      resolutionRate: 1 / 2,
      returnRate: 0,
      reopenRate: 1 / 2,
      medianHandlingHours: 25,
    });
    // grid-a2 (w3 closed on time after one return; w6 open and overdue): on time 1 ÷ (1 + 1).
    expect(rates(rows['grid-a2'])).toMatchObject({
      received: 2,
      closed: 1,
      onTimeRate: 1 / 2,
      responseRate: 1,
      satisfaction: 1,
      resolutionRate: 1,
      returnRate: 1,
      reopenRate: 0,
      medianHandlingHours: 2,
    });
    expect(rows['grid-a2']).toMatchObject({ openOverdue: 1, returned: 1 });
    // grid-b1 (w4 not accepted at once: closed, on time, no verdict, never dispatched; w5 late, unsatisfied,
    // explained): on time 1 ÷ 2; only w5 needed a sign-for; only w5 was rated and judged.
    expect(rates(rows['grid-b1'])).toEqual({
      received: 2,
      closed: 2,
      onTimeRate: 1 / 2,
      responseRate: 1,
      satisfaction: 0,
      resolutionRate: 0,
      returnRate: 0,
      reopenRate: 0,
      medianHandlingHours: w5Hours / 2,
    });
    // The whole district: 4 of 5 closed on time plus 1 open overdue → 4 ÷ 6; sign-for on time 4 of 5 (w2
    // late); satisfied 3 of 4 rated; resolved 2 of 4 judged; 1 of 5 closed returned, 1 reopened; median of
    // 0, 2, 2, 48 and w5's hours is 2.
    const whole = {
      received: 6,
      closed: 5,
      onTimeRate: 4 / 6,
      responseRate: 4 / 5,
      satisfaction: 3 / 4,
      resolutionRate: 2 / 4,
      returnRate: 1 / 5,
      reopenRate: 1 / 5,
      medianHandlingHours: 2,
    };
    expect(rates(rows.district)).toEqual(whole);
    expect(rates(rows['street-east'])).toEqual(whole);
    // comm-a = grid-a1 + grid-a2: on time 3 ÷ (3 + 1).
    expect(rates(rows['comm-a'])).toMatchObject({
      onTimeRate: 3 / 4,
      responseRate: 3 / 4,
      returnRate: 1 / 3,
    });
  });

  it('counts a dispatched order not yet signed for as late only once its sign-for deadline has passed', async () => {
    const { engine } = await district();
    // Monday noon: w2 was dispatched at 09:00 with a day to sign for, so it is not judged yet.
    const monday = await engine.metrics({
      orgUnit: 'district',
      from: JUNE_JULY.from,
      to: at('2026-06-01T12:00:00'),
    });
    expect(monday.rows[0]).toMatchObject({ signForDue: 4, signedForOnTime: 4, responseRate: 1 });
    // Tuesday noon: its deadline (Tuesday 09:00) has passed unsigned.
    const tuesday = await engine.metrics({
      orgUnit: 'district',
      from: JUNE_JULY.from,
      to: at('2026-06-02T12:00:00'),
    });
    expect(tuesday.rows[0]).toMatchObject({ signForDue: 5, signedForOnTime: 4, responseRate: 4 / 5 });
  });

  it('agrees with a recount from the journal for any period', async () => {
    const { engine } = await district();
    const start = at('2026-05-25T00:00:00').getTime();
    const span = at('2026-07-20T00:00:00').getTime() - start;
    await fc.assert(
      fc.asyncProperty(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        async (a, b) => {
          const [lo, hi] = a < b ? [a, b] : [b, a];
          const from = new Date(start + Math.floor(lo * span));
          const to = new Date(start + Math.floor(hi * span) + 1);
          const query = { orgUnit: 'district', from, to };
          const report = await engine.metrics(query);
          const recount = await recountFromJournal(engine, query);
          for (const row of report.rows) expect(row).toMatchObject(recount[row.orgUnit] ?? { missing: true });
        },
      ),
      { numRuns: 40 },
    );
  });
});
