import { describe, expect, it } from 'vitest';
import { isGridflowError } from '../errors.js';
import { parseNotice } from './notice.js';

const notice = {
  caseId: 'c-1',
  flowId: 'three-orders',
  to: { member: 'm-li' },
  topic: 'threeOrders.issued',
  text: '三单制 楼道灯坏了: 党组织已下单, 请接单',
  actions: [{ event: 'takeOrder', label: '接单' }],
};

function fieldOf(value: unknown): string {
  try {
    parseNotice(value);
  } catch (error) {
    if (isGridflowError(error, 'VALIDATION_FAILED')) return String(error.details.field);
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('parseNotice', () => {
  it('accepts a notice to a member, to a role at a unit, and to any of several roles', () => {
    expect(parseNotice(notice)).toEqual(notice);
    const toRole = { ...notice, to: { unit: 'comm-1', role: 'partyOrg' }, data: { percent: 50 } };
    expect(parseNotice(toRole)).toEqual(toRole);
    const { actions: _, ...plain } = notice;
    const toAny = { ...plain, to: { unit: 'dept-housing', anyRole: ['departmentHandler', 'streetStaff'] } };
    expect(parseNotice(toAny)).toEqual(toAny);
  });

  it('names the field of a malformed notice', () => {
    expect(fieldOf({ ...notice, topic: 'issued' })).toBe('notice.topic');
    expect(fieldOf({ ...notice, topic: 'ThreeOrders.issued' })).toBe('notice.topic');
    expect(fieldOf({ ...notice, text: '  ' })).toBe('notice.text');
    expect(fieldOf({ ...notice, caseId: undefined })).toBe('notice.caseId');
    expect(fieldOf({ ...notice, actions: [{ event: 'takeOrder' }] })).toBe('notice.actions[0].label');
    expect(fieldOf({ ...notice, data: 'x' })).toBe('notice.data');
  });

  it('refuses a recipient that is neither a member nor a role at a unit', () => {
    expect(fieldOf({ ...notice, to: { unit: 'comm-1' } })).toBe('notice.to');
    expect(fieldOf({ ...notice, to: { member: 'm-li', role: 'partyMember' } })).toBe('notice.to');
    // A recipient of one clear shape gets the field within it named.
    expect(fieldOf({ ...notice, to: { unit: 'comm-1', anyRole: [] } })).toBe('notice.to.anyRole');
  });

  it('refuses unknown fields and the same event offered twice', () => {
    expect(() => parseNotice({ ...notice, priority: 'high' })).toThrow(/priority/);
    const twice = [notice.actions[0], { event: 'takeOrder', label: '马上接单' }];
    expect(fieldOf({ ...notice, actions: twice })).toBe('notice.actions');
  });
});
