import { memoryStorage } from '@gridflow/engine';
import type { WorkOrderContext } from '@gridflow/engine/flows';
import { describe, expect, it } from 'vitest';
import { actors, districtEngine, sampleIntake } from '../test/fixtures/district.js';
import { hotlineIntake } from './hotline-intake.js';
import { hotlineQuarantineReason, retryHotlineQuarantine } from './hotline-quarantine.js';
import { hotlineUnitTable } from './hotline-units.js';
import { SAMPLE_UNIT_CODES, sampleActionRecord, sampleOrderRecord } from './testing/hotline-records.js';

function setUp(units = hotlineUnitTable(SAMPLE_UNIT_CODES)) {
  const intake = sampleIntake(units);
  const engine = districtEngine({ storage: memoryStorage(), intake });
  return { intake, engine };
}

describe('hotlineIntake', () => {
  it('turns an order into a work order with the caller, the origin and the case id hotline-<orderNo>', async () => {
    const { engine } = setUp();
    const record = sampleOrderRecord(10); // 保密 (n % 10 === 0)
    const result = await engine.ingest('hotline', record);
    expect(result).toMatchObject({ status: 'applied', caseId: `hotline-${record.orderNo}` });
    const view = await engine.getCase(`hotline-${record.orderNo}`);
    const context = view.context as unknown as WorkOrderContext;
    expect(view).toMatchObject({ state: 'submitted', orgUnit: 'comm-1' });
    expect(context.request).toMatchObject({
      title: record.title,
      hotlineNumber: record.orderNo,
      origin: { platform: 'hotline', orderNo: record.orderNo },
      caller: { name: '王先生', phone: '13800138000', confidential: true },
      photos: ['https://files.example.gov.cn/12345/10/photo.jpg'],
    });
  });

  it('shows a 保密 caller to the command centre only, and a plain one masked to the handling unit', async () => {
    const { engine } = setUp();
    const read = async (n: number, actor: typeof actors.city) => {
      const caseId = `hotline-${sampleOrderRecord(n).orderNo}`;
      return ((await engine.getCase(caseId, actor)).context as unknown as WorkOrderContext).request.caller;
    };
    for (const n of [20, 21]) {
      await engine.ingest('hotline', sampleOrderRecord(n)); // 20 is confidential, 21 is not
      const caseId = `hotline-${sampleOrderRecord(n).orderNo}`;
      await engine.send({ caseId, actor: actors.dispatcher, event: { type: 'accept' } });
      const dispatch = { type: 'dispatch', leadUnit: 'dept-city-management' };
      await engine.send({ caseId, actor: actors.dispatcher, event: dispatch });
    }
    expect(await read(20, actors.city)).toEqual({ confidential: true });
    expect(await read(20, actors.dispatcher)).toMatchObject({ phone: '13800138000' });
    expect(await read(21, actors.city)).toEqual({ name: '王**', phone: '138****8000', confidential: false });
  });

  it('answers a re-push with the same case and writes nothing', async () => {
    const { engine } = setUp();
    const first = await engine.ingest('hotline', sampleOrderRecord(1));
    const again = await engine.ingest('hotline', { ...sampleOrderRecord(1), title: '改过的标题' });
    expect(again).toMatchObject({ status: 'duplicate', caseId: first.status === 'applied' && first.caseId });
    expect((await engine.history(`hotline-${sampleOrderRecord(1).orderNo}`)).length).toBe(1);
  });

  it('quarantines an unknown unit code naming the field, and applies it after the table is fixed', async () => {
    const units = hotlineUnitTable(SAMPLE_UNIT_CODES);
    const { intake, engine } = setUp(units);
    const record = sampleOrderRecord(3, { communityCode: '310112009001' });
    const result = await engine.ingest('hotline', record);
    if (result.status !== 'quarantined') throw new Error(`expected quarantine, got ${result.status}`);
    expect(result.externalId).toBe(record.orderNo);
    expect(hotlineQuarantineReason(result.reason)).toEqual({
      code: 'UNKNOWN_UNIT',
      field: 'communityCode',
      message: 'communityCode 310112009001 is not in the unit table',
    });
    expect(await retryHotlineQuarantine(engine, { source: 'hotline' })).toMatchObject({ refused: 1 });

    intake.useUnits(units.with({ '310112009001': 'comm-9' }));
    const retried = await retryHotlineQuarantine(engine, { source: 'hotline' });
    expect(retried).toMatchObject({ applied: 1, refused: 0 });
    expect((await engine.getCase(`hotline-${record.orderNo}`)).orgUnit).toBe('comm-9');
    expect((await engine.quarantine.list({ source: 'hotline', status: 'open' })).items).toEqual([]);
  });

  it('quarantines what the work order would refuse, naming the platform field', async () => {
    const { engine } = setUp();
    const result = await engine.ingest('hotline', sampleOrderRecord(4, { callerPhone: '12345' }));
    if (result.status !== 'quarantined') throw new Error('expected quarantine');
    expect(hotlineQuarantineReason(result.reason)).toMatchObject({ code: 'BAD_VALUE', field: 'callerPhone' });
    const long = await engine.ingest('hotline', sampleOrderRecord(5, { content: '长'.repeat(4001) }));
    if (long.status !== 'quarantined') throw new Error('expected quarantine');
    expect(long.reason.field).toBe('content');
  });

  it('sends platform actions to the order case once per action id, and quarantines an action before its order', async () => {
    const { engine } = setUp();
    const order = sampleOrderRecord(7);
    const early = await engine.ingest('hotline-actions', sampleActionRecord('A1', order.orderNo as string));
    expect(early).toMatchObject({ status: 'quarantined', reason: { code: 'CASE_NOT_FOUND' } });
    await engine.ingest('hotline', order);
    const caseId = `hotline-${order.orderNo}`;
    // 催办 is taken once the district has accepted the order (a submitted order takes no urge yet).
    const refused = await retryHotlineQuarantine(engine, { source: 'hotline-actions' });
    expect(refused.results[0]).toMatchObject({ reason: { code: 'EVENT_NOT_ACCEPTED' } });
    await engine.send({ caseId, actor: actors.dispatcher, event: { type: 'accept' } });
    expect(await retryHotlineQuarantine(engine, { source: 'hotline-actions' })).toMatchObject({ applied: 1 });
    const again = await engine.ingest('hotline-actions', sampleActionRecord('A1', order.orderNo as string));
    expect(again.status).toBe('duplicate');
    const view = await engine.getCase(caseId);
    expect((view.context as unknown as WorkOrderContext).urges).toMatchObject([
      { by: actors.hotline.id, note: '请尽快办理' },
    ]);
  });

  it('refuses options without an actor role, naming the field', () => {
    expect(() =>
      hotlineIntake({
        units: hotlineUnitTable({}),
        actor: { id: 'x', roles: [], orgUnit: 'district' },
        defaultOrgUnit: 'district',
      }),
    ).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', details: { field: 'hotlineIntake.actor' } }),
    );
  });
});
