import { describe, expect, it } from 'vitest';
import type { Actor } from '../../types.js';
import { actors, outcome, workOrderHarness } from './work-order-fixture.test-util.js';

const caller = { name: '王芳', phone: '13812345678', confidential: false };
const description = '楼道灯不亮，请回电 13812345678';

/** A case with a caller, dispatched to housing (with city co-handling) and signed for. */
async function handledCase(confidential = false) {
  const h = workOrderHarness();
  const c = await h.open({ caller: { ...caller, confidential }, description });
  await h.send(c.id, actors.dispatcher, 'accept');
  await h.send(c.id, actors.dispatcher, 'dispatch', { leadUnit: 'dept-housing', coUnits: ['dept-city'] });
  await h.send(c.id, actors.housing, 'signFor');
  const read = async (actor: Actor) =>
    (await h.engine.getCase(c.id, actor)).context as { request: Record<string, unknown> };
  return { h, id: c.id, read };
}

describe('work-order caller privacy', () => {
  it('refuses a phone number that is neither a mainland mobile nor a landline', async () => {
    const h = workOrderHarness();
    await expect(h.open({ caller: { phone: '12345' } })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'input.caller.phone' },
    });
  });

  it('shows the caller whole to the command centre and the requester, masked to the handling unit', async () => {
    const { read } = await handledCase();
    expect((await read(actors.dispatcher)).request.caller).toEqual(caller);
    expect((await read(actors.supervisor)).request.description).toBe(description);
    expect((await read(actors.resident)).request.caller).toEqual(caller);
    const handler = await read(actors.housing);
    expect(handler.request.caller).toEqual({ name: '王*', phone: '138****5678', confidential: false });
    expect(handler.request.description).toBe('楼道灯不亮，请回电 138****5678');
  });

  it('hides a confidential caller from handling units entirely', async () => {
    const { read } = await handledCase(true);
    expect((await read(actors.housing)).request.caller).toEqual({ confidential: true });
    expect((await read(actors.city)).request.caller).toEqual({ confidential: true });
    expect((await read(actors.dispatcher)).request.caller).toMatchObject({ phone: '13812345678' });
  });

  it('masks the caller in the journal and in worklists too', async () => {
    const { h, id } = await handledCase();
    const history = await h.engine.history(id, actors.housing);
    expect(JSON.stringify(history)).not.toContain('13812345678');
    expect(JSON.stringify(history)).toContain('138****5678');
    const page = await h.engine.query({ actor: actors.housing, handlingUnit: 'dept-housing' });
    expect(page.items.map((c) => c.id)).toEqual([id]);
    expect(JSON.stringify(page.items)).not.toContain('13812345678');
    expect(JSON.stringify(await h.engine.history(id, actors.dispatcher))).toContain('13812345678');
  });
});

describe('work-order read access', () => {
  it('lets an unknown role read nothing, answered exactly as a missing case', async () => {
    const { h, id } = await handledCase();
    const visitor: Actor = { id: 'v-1', roles: ['visitor'], orgUnit: 'district' };
    expect(await outcome(h.engine.getCase(id, visitor))).toBe('CASE_NOT_FOUND');
    expect(await outcome(h.engine.history(id, visitor))).toBe('CASE_NOT_FOUND');
    expect(await outcome(h.engine.getCase('no-such-case', visitor))).toBe('CASE_NOT_FOUND');
    expect(await outcome(h.send(id, visitor, 'urge', { note: '快' }))).toBe('CASE_NOT_FOUND');
    expect((await h.engine.query({ actor: visitor })).items).toEqual([]);
  });

  it('answers staff outside the case CASE_NOT_FOUND, and staff who may read but not act FORBIDDEN', async () => {
    const { h, id } = await handledCase();
    expect(
      await outcome(h.send(id, actors.market, 'reply', { result: 'x', solved: true, publicReply: 'x' })),
    ).toBe('CASE_NOT_FOUND');
    expect(
      await outcome(h.send(id, actors.dispatcher, 'reply', { result: 'x', solved: true, publicReply: 'x' })),
    ).toBe('FORBIDDEN');
  });

  it('does not reveal whose case an idempotency key belongs to', async () => {
    const h = workOrderHarness();
    const mine = await h.engine.createCase({
      flow: 'work-order',
      actor: actors.resident,
      orgUnit: 'grid-01',
      input: { title: '噪音' },
      idempotencyKey: 'k-1',
    });
    let caught: { code?: string; details?: Record<string, unknown>; message?: string } = {};
    try {
      await h.engine.createCase({
        flow: 'work-order',
        actor: actors.otherResident,
        orgUnit: 'grid-01',
        input: { title: '噪音' },
        idempotencyKey: 'k-1',
      });
    } catch (error) {
      caught = error as typeof caught;
    }
    expect(caught.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(JSON.stringify(caught.details)).not.toContain(mine.id);
    expect(caught.message).not.toContain(mine.id);
  });
});
