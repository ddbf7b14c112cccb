import { describe, expect, it } from 'vitest';
import { readRoles } from '../../flow/define-flow.js';
import type { Actor } from '../../types.js';
import { workOrderFlowV1 } from './work-order-v1.js';
import { workOrderFlowV2 } from './work-order-v2.js';
import { outcome, workOrderHarness } from './work-order-fixture.test-util.js';

const ROLES = [
  'resident',
  'gridWorker',
  'partyMember',
  'partyOrg',
  'communityStaff',
  'streetStaff',
  'dispatcher',
  'departmentHandler',
  'supervisor',
] as const;
type R = (typeof ROLES)[number];

// The decided matrix, written out independently of the flow's table (see work-order-permissions.ts for why).
const D: R[] = ['dispatcher'];
const HANDLERS: R[] = ['departmentHandler', 'communityStaff', 'streetStaff'];
const expected: Record<string, { roles: R[]; payload: Record<string, unknown> }> = {
  accept: { roles: D, payload: {} },
  notAccepted: { roles: D, payload: { reason: '超出受理范围' } },
  answerOnSpot: { roles: D, payload: { answer: '已答复' } },
  merge: { roles: D, payload: { masterCaseId: 'm-1' } },
  dispatch: { roles: ['dispatcher', 'streetStaff'], payload: { leadUnit: 'dept-housing' } },
  reassign: { roles: ['dispatcher', 'streetStaff'], payload: { leadUnit: 'dept-city', reason: '改派' } },
  signFor: { roles: HANDLERS, payload: {} },
  return: { roles: HANDLERS, payload: { reason: '非本单位职责' } },
  suspend: { roles: HANDLERS, payload: { reason: '等待' } },
  resume: { roles: HANDLERS, payload: {} },
  requestExtension: {
    roles: HANDLERS,
    payload: { extra: { amount: 2, unit: 'workingDays' }, reason: '复杂' },
  },
  approveExtension: { roles: D, payload: {} },
  rejectExtension: { roles: D, payload: { reason: '不同意' } },
  whistle: { roles: ['streetStaff', 'dispatcher'], payload: { departments: ['dept-city'], reason: '吹哨' } },
  reportIn: { roles: ['departmentHandler'], payload: {} },
  urge: { roles: ['dispatcher', 'streetStaff', 'supervisor'], payload: { note: '催办' } },
  supervise: { roles: ['supervisor'], payload: { note: '督办' } },
  markHard: { roles: HANDLERS, payload: { reason: '难' } },
  reply: { roles: HANDLERS, payload: { result: '已办', solved: true, publicReply: '已办' } },
  verify: { roles: ['gridWorker', 'communityStaff', 'dispatcher'], payload: { passed: true } },
  followUp: { roles: D, payload: { reached: false } },
  rate: { roles: ['resident'], payload: { rating: 'satisfied' } },
  reopen: { roles: D, payload: { reason: '重办' } },
  close: { roles: D, payload: { reason: 'resolved' } },
  withdraw: { roles: ['resident', 'dispatcher'], payload: {} },
  reviewReturn: { roles: D, payload: { upheld: true, note: '维持' } },
};

// Staff act for the district, so every case is in their subtree: only the role decides. The resident is the requester.
const actorFor = (role: R): Actor => ({
  id: role === 'resident' ? 'r-1' : `m-${role}`,
  roles: [role],
  orgUnit: role === 'resident' ? 'grid-01' : 'district',
});

/** A role the flow lets read learns it may not act (FORBIDDEN); any other role learns nothing (CASE_NOT_FOUND). */
const refusal = (role: R) =>
  readRoles(workOrderFlowV2.permissions).includes(role) ? 'FORBIDDEN' : 'CASE_NOT_FOUND';

describe('work-order permissions: role × event', () => {
  it('covers every event of version 2, and version 1 lacks only reviewReturn', () => {
    expect(Object.keys(workOrderFlowV2.events).sort()).toEqual(Object.keys(expected).sort());
    expect(Object.keys(workOrderFlowV1.events).sort()).toEqual(
      Object.keys(expected)
        .filter((e) => e !== 'reviewReturn')
        .sort(),
    );
  });

  for (const [type, { roles, payload }] of Object.entries(expected)) {
    it(`lets only ${roles.join(', ')} send ${type}; everyone else is refused`, async () => {
      const h = workOrderHarness();
      const c = await h.open();
      const forbidden = ROLES.filter((r) => !roles.includes(r));
      // Forbidden roles first: the allowed ones may move the case on.
      for (const role of forbidden) {
        expect([role, await outcome(h.send(c.id, actorFor(role), type, payload))]).toEqual([
          role,
          refusal(role),
        ]);
      }
      for (const role of roles) {
        expect([role, await outcome(h.send(c.id, actorFor(role), type, payload))]).not.toEqual([
          role,
          'FORBIDDEN',
        ]);
      }
    });
  }

  it('lets residents, grid workers, community and street staff and dispatchers open cases, nobody else', async () => {
    const h = workOrderHarness();
    const creators: R[] = ['resident', 'gridWorker', 'communityStaff', 'streetStaff', 'dispatcher'];
    for (const role of ROLES) {
      const actor = { ...actorFor(role), orgUnit: role === 'resident' ? 'grid-01' : 'district' };
      const result = await outcome(
        h.engine.createCase({ flow: 'work-order', actor, orgUnit: 'grid-01', input: { title: '井盖缺失' } }),
      );
      expect([role, result]).toEqual([role, creators.includes(role) ? 'OK' : 'FORBIDDEN']);
    }
  });

  it('keeps a department handler off a case its unit does not handle', async () => {
    const h = workOrderHarness();
    const c = await h.open();
    await h.send(c.id, actorFor('dispatcher'), 'accept');
    await h.send(c.id, actorFor('dispatcher'), 'dispatch', { leadUnit: 'dept-housing' });
    const outsider: Actor = { id: 'u-city', roles: ['departmentHandler'], orgUnit: 'dept-city' };
    expect(await outcome(h.send(c.id, outsider, 'signFor'))).toBe('CASE_NOT_FOUND');
  });
});
