import { describe, expect, it } from 'vitest';
import { actors, workOrderHarness } from './work-order-fixture.test-util.js';
import { PLATFORM_WRITE_BACK_EFFECT, platformWriteBackSchema } from './work-order-write-back.js';

const origin = { platform: 'hotline', orderNo: 'GD2026030200001' };

async function writeBacks(h: ReturnType<typeof workOrderHarness>, caseId: string) {
  const rows = (await h.engine.storage.listOutbox({ caseId, limit: 100 })).items;
  // In commit order: a row's id is `<case>:<version>:<index>` (listOutbox promises no order).
  const position = (id: string) => id.split(':').slice(-2).map(Number) as [number, number];
  return rows
    .filter((row) => row.type === PLATFORM_WRITE_BACK_EFFECT)
    .sort((a, b) => {
      const [va, ia] = position(a.id);
      const [vb, ib] = position(b.id);
      return va - vb || ia - ib;
    });
}

describe('work-order write-back to the dispatching platform', () => {
  it('emits 签收, 延期申请, 回复 and 办结 in flow order, keyed by the case, each with its data', async () => {
    const h = workOrderHarness();
    const c = await h.open({ origin }, actors.dispatcher);
    await h.send(c.id, actors.dispatcher, 'accept');
    await h.send(c.id, actors.dispatcher, 'dispatch', { leadUnit: 'dept-housing' });
    await h.send(c.id, actors.housing, 'signFor', { note: '已接单' });
    const before = (await h.view(c.id)).context.sla.deadline!;
    await h.send(c.id, actors.housing, 'requestExtension', {
      extra: { amount: 2, unit: 'workingDays' },
      reason: '需协调物业',
    });
    await h.send(c.id, actors.dispatcher, 'approveExtension');
    await h.send(c.id, actors.housing, 'reply', {
      result: '已更换灯泡',
      solved: true,
      publicReply: '已修复',
    });
    await h.send(c.id, actors.gridWorker, 'verify', {
      passed: true,
      photos: ['https://img.example/after.jpg'],
    });
    await h.send(c.id, actors.dispatcher, 'followUp', { reached: true, rating: 'satisfied' });
    await h.send(c.id, actors.dispatcher, 'close', { reason: 'resolved' });

    const rows = await writeBacks(h, c.id);
    const payloads = rows.map((row) => platformWriteBackSchema.parse(row.payload));
    expect(payloads.map((p) => p.step)).toEqual(['signFor', 'requestExtension', 'reply', 'close']);
    expect(rows.every((row) => row.orderingKey === c.id)).toBe(true);
    expect(payloads[0]).toMatchObject({
      origin,
      by: 'u-house',
      unit: 'dept-housing',
      leadUnit: 'dept-housing',
      data: { note: '已接单' },
    });
    const extension = payloads[1]!;
    if (extension.step !== 'requestExtension') throw new Error('expected an extension');
    expect(Date.parse(extension.data.newDeadline)).toBeGreaterThan(Date.parse(before));
    expect(payloads[2]).toMatchObject({ data: { result: '已更换灯泡', solved: true } });
    expect(payloads[3]).toMatchObject({ by: 'u-disp', data: { reason: 'resolved', note: null } });
  });

  it('emits 退单 with its reason, read before the return clears the lead unit', async () => {
    const h = workOrderHarness();
    const c = await h.open({ origin }, actors.dispatcher);
    await h.send(c.id, actors.dispatcher, 'accept');
    await h.send(c.id, actors.dispatcher, 'dispatch', { leadUnit: 'dept-housing' });
    await h.send(c.id, actors.housing, 'return', { reason: '不属于本单位职责', suggestedUnit: 'dept-city' });
    const [row] = await writeBacks(h, c.id);
    expect(platformWriteBackSchema.parse(row!.payload)).toMatchObject({
      step: 'return',
      leadUnit: 'dept-housing',
      data: { reason: '不属于本单位职责', suggestedUnit: 'dept-city' },
    });
  });

  it('emits nothing for a case that no platform dispatched', async () => {
    const h = workOrderHarness();
    const id = await h.signedFor();
    await h.send(id, actors.housing, 'reply', { result: '已处理', solved: true, publicReply: '已处理' });
    expect(await writeBacks(h, id)).toEqual([]);
    expect((await h.engine.storage.listOutbox({ caseId: id })).items.length).toBeGreaterThan(0);
  });

  it('refuses an origin without an order number, naming the field', async () => {
    const h = workOrderHarness();
    await expect(h.open({ origin: { platform: 'hotline' } }, actors.dispatcher)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'input.origin.orderNo' },
    });
  });
});
