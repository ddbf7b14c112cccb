import { workOrderEvents } from '@gridflow/engine/flows';
import { describe, expect, it } from 'vitest';
import { mapHotlineAction } from './hotline-actions.js';
import { DEFAULT_HOTLINE_PROFILE, hotlineProfile } from './hotline-profile.js';
import { sampleActionRecord } from './testing/hotline-records.js';

const profile = DEFAULT_HOTLINE_PROFILE;
const map = (overrides: Record<string, unknown> = {}) =>
  mapHotlineAction(sampleActionRecord('ACT-1', 'GD2026030200001', overrides), profile);

describe('mapHotlineAction', () => {
  it.each([
    ['催办', {}, { type: 'urge', note: '请尽快办理' }],
    ['督办', {}, { type: 'supervise', note: '请尽快办理' }],
    ['撤单', {}, { type: 'withdraw', reason: '请尽快办理' }],
    ['延期通过', { newDeadline: '2026-03-20' }, { type: 'approveExtension', note: '请尽快办理' }],
    ['延期不通过', {}, { type: 'rejectExtension', reason: '请尽快办理' }],
    ['退单通过', {}, { type: 'reviewReturn', upheld: true, note: '请尽快办理' }],
    ['退单驳回', {}, { type: 'reviewReturn', upheld: false, note: '请尽快办理' }],
    ['回访', { rating: '基本满意' }, { type: 'followUp', reached: true, rating: 'basicallySatisfied' }],
    ['回访', { rating: '未接通' }, { type: 'followUp', reached: false }],
  ])('turns %s into an event the work-order flow accepts', (actionType, extra, event) => {
    const result = map({ actionType, ...extra });
    if (!result.ok) throw new Error(JSON.stringify(result.reason));
    expect(result.action.event).toEqual(event);
    const { type, ...payload } = result.action.event;
    expect(workOrderEvents[type].safeParse(payload).success).toBe(true);
  });

  it('keys the action on the platform action id and keeps time and new deadline', () => {
    const result = map({ actionType: '延期通过', newDeadline: '2026-03-20 18:00:00' });
    expect(result).toMatchObject({
      ok: true,
      action: {
        actionId: 'ACT-1',
        orderNo: 'GD2026030200001',
        type: 'extensionApproved',
        idempotencyKey: 'hotline-action:ACT-1',
        at: new Date('2026-03-03T02:00:00Z'),
        newDeadline: { at: new Date('2026-03-20T10:00:00Z'), precision: 'dateTime' },
      },
    });
  });

  it('gives events a default note when the platform sends none', () => {
    const result = map({ content: undefined, actionType: '退单驳回' });
    expect(result.ok && result.action.event).toEqual({
      type: 'reviewReturn',
      upheld: false,
      note: '12345平台驳回退单',
    });
  });

  it.each([
    [{ actionId: undefined }, 'MISSING_FIELD', 'actionId'],
    [{ actionType: '表扬' }, 'BAD_VALUE', 'actionType'],
    [{ actionTime: '2026-03-03' }, 'BAD_DATE', 'actionTime'],
    [{ actionType: '回访' }, 'MISSING_FIELD', 'rating'],
    [{ actionType: '回访', rating: '很好' }, 'BAD_VALUE', 'rating'],
    [{ newDeadline: 'next week' }, 'BAD_DATE', 'newDeadline'],
    [{ orderNo: ['GD1'] }, 'BAD_TYPE', 'orderNo'],
  ])('refuses %j with %s on %s', (overrides, code, field) => {
    expect(map(overrides)).toMatchObject({ ok: false, reason: { code, field } });
  });

  it('reads a district profile with renamed action fields and labels', () => {
    const district = hotlineProfile({
      actionFields: { type: 'czlx' },
      actionTypes: { 挂牌督办: 'supervise' },
    });
    const raw = { actionId: 'X1', orderNo: 'GD1', czlx: '挂牌督办', actionTime: '2026-03-03 10:00:00' };
    expect(mapHotlineAction(raw, district)).toMatchObject({ ok: true, action: { type: 'supervise' } });
  });
});
