import { describe, expect, it } from 'vitest';
import { createWorkOrderFlow } from './work-order-flow.js';
import { actors, outcome, workOrderHarness } from './work-order-fixture.test-util.js';
import { workOrderFlowV1 } from './work-order-v1.js';
import { workOrderFlowV2 } from './work-order-v2.js';

// Monday 2026-09-28 09:00 Beijing: one working day on is Tuesday 09:00.
const iso = (local: string) => new Date(local).toISOString();
const RETURN = { reason: '非本单位职责' };

async function dispatched(h: ReturnType<typeof workOrderHarness>, leadUnit = 'dept-housing') {
  const c = await h.open();
  await h.send(c.id, actors.dispatcher, 'accept');
  await h.send(c.id, actors.dispatcher, 'dispatch', { leadUnit });
  return c.id;
}

describe('v3 退单时限: a return only within the limit after dispatch', () => {
  it('takes a return within one working day of dispatch', async () => {
    const h = workOrderHarness();
    const id = await dispatched(h);
    expect((await h.view(id)).context.returnDueAt).toBe(iso('2026-09-29T09:00:00+08:00'));
    await h.advanceTo('2026-09-29T08:59:00+08:00');
    await h.send(id, actors.housing, 'return', RETURN);
    expect((await h.view(id)).state).toBe('returnReview');
  });

  it('refuses a later return with the reason, changing nothing, and the unit still signs for it', async () => {
    const h = workOrderHarness();
    const id = await dispatched(h);
    await h.advanceTo('2026-09-29T09:00:00+08:00');
    const before = await h.engine.storage.loadCase(id);
    const error = await h.send(id, actors.housing, 'return', RETURN).catch((e) => e);
    expect(error).toMatchObject({
      code: 'EVENT_NOT_ACCEPTED',
      details: { state: 'dispatched', eventType: 'return' },
    });
    expect(error.details.reason).toBe(
      `退单时限: a return is accepted within 1 working day of dispatch, until ${iso('2026-09-29T09:00:00+08:00')}; it has passed`,
    );
    expect(error.message).toContain('退单时限');
    expect(await h.engine.storage.loadCase(id)).toEqual(before);
    await h.send(id, actors.housing, 'signFor');
    expect((await h.view(id)).context.returnCount).toBe(0);
  });

  it('gives a reassigned unit its own window', async () => {
    const h = workOrderHarness();
    const id = await dispatched(h);
    await h.advance('2 working days');
    await h.send(id, actors.dispatcher, 'reassign', { leadUnit: 'dept-city', reason: '派错单位' });
    expect(await outcome(h.send(id, actors.city, 'return', RETURN))).toBe('OK');
  });

  it('takes the district’s own limit', async () => {
    const v3 = createWorkOrderFlow({ returnWithin: { amount: 2, unit: 'workingHours' } });
    const h = workOrderHarness({ flows: [workOrderFlowV1, workOrderFlowV2, v3] });
    const id = await dispatched(h);
    await h.advanceTo('2026-09-28T11:00:00+08:00');
    const error = await h.send(id, actors.housing, 'return', RETURN).catch((e) => e);
    expect(error.details.reason).toContain('within 2 working hours of dispatch');
    const unlimited = createWorkOrderFlow({ returnWithin: null });
    const free = workOrderHarness({ flows: [unlimited] });
    const other = await dispatched(free);
    await free.advance('3 working days');
    expect(await outcome(free.send(other, actors.housing, 'return', RETURN))).toBe('OK');
  });

  it('leaves version 2 without a limit', async () => {
    const h = workOrderHarness({ version: 2 });
    const id = await dispatched(h);
    await h.advance('3 working days');
    await h.send(id, actors.housing, 'return', RETURN);
    expect((await h.view(id)).state).toBe('returnReview');
  });
});

describe('v3 dispute review (退单审核)', () => {
  it('gives a rejected return back to the lead unit with its co-handling units, as dispatched', async () => {
    const h = workOrderHarness();
    const c = await h.open();
    await h.send(c.id, actors.dispatcher, 'accept');
    await h.send(c.id, actors.dispatcher, 'dispatch', { leadUnit: 'dept-housing', coUnits: ['dept-city'] });
    await h.send(c.id, actors.housing, 'return', RETURN);
    expect((await h.view(c.id)).handlingUnits).toEqual([]);
    await h.send(c.id, actors.dispatcher, 'reviewReturn', { upheld: false, note: '属住建职责' });
    const v = await h.view(c.id);
    expect([v.context.leadUnit, v.context.coUnits, v.handlingUnits]).toEqual([
      'dept-housing',
      ['dept-city'],
      ['dept-housing', 'dept-city'],
    ]);
  });
});
