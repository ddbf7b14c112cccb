import { describe, expect, it } from 'vitest';
import type { Actor } from '../../types.js';
import { workOrderFlowV1 } from './work-order-v1.js';
import { workOrderFlowV2 } from './work-order-v2.js';
import { workOrderFlowV3 } from './work-order-v3.js';
import { actors, outcome, workOrderHarness } from './work-order-fixture.test-util.js';

// Everyone at their own unit. The case is the requester's (grid-01, under comm-1 and street-east), dispatched to
// the housing bureau as lead unit (主办) with city management co-handling (协办).
const positions = {
  requester: actors.resident,
  otherResident: actors.otherResident,
  gridWorker: actors.gridWorker,
  community: actors.community,
  street: actors.street,
  dispatcher: actors.dispatcher,
  supervisor: actors.supervisor,
  lead: actors.housing,
  co: actors.city,
  outsider: actors.market,
  /** A handling role held above every unit: it sees the case but does not handle it. */
  districtHandler: { id: 'm-dh', roles: ['departmentHandler'], orgUnit: 'district' },
  partyMember: { id: 'm-pm', roles: ['partyMember'], orgUnit: 'comm-1' },
  partyOrg: { id: 'm-po', roles: ['partyOrg'], orgUnit: 'comm-1' },
} satisfies Record<string, Actor>;
type P = keyof typeof positions;

/** Positions that may read the case: refused events answer FORBIDDEN to them, CASE_NOT_FOUND to the rest. */
const READERS: P[] = [
  'requester',
  'gridWorker',
  'community',
  'street',
  'dispatcher',
  'supervisor',
  'lead',
  'co',
  'districtHandler',
];

// The decided matrix, written out independently of the flow's table.
const D: P[] = ['dispatcher'];
const LEAD: P[] = ['lead'];
const expected: Record<string, { allowed: P[]; payload: Record<string, unknown> }> = {
  accept: { allowed: D, payload: {} },
  notAccepted: { allowed: D, payload: { reason: '超出受理范围' } },
  answerOnSpot: { allowed: D, payload: { answer: '已答复' } },
  merge: { allowed: D, payload: { masterCaseId: 'm-1' } },
  dispatch: { allowed: ['dispatcher', 'street'], payload: { leadUnit: 'dept-housing' } },
  reassign: { allowed: ['dispatcher', 'street'], payload: { leadUnit: 'dept-city', reason: '改派' } },
  signFor: { allowed: LEAD, payload: {} },
  return: { allowed: LEAD, payload: { reason: '非本单位职责' } },
  suspend: { allowed: LEAD, payload: { reason: '等待' } },
  resume: { allowed: LEAD, payload: {} },
  requestExtension: { allowed: LEAD, payload: { extra: { amount: 2, unit: 'workingDays' }, reason: '复杂' } },
  approveExtension: { allowed: D, payload: {} },
  rejectExtension: { allowed: D, payload: { reason: '不同意' } },
  whistle: {
    allowed: ['community', 'street', 'dispatcher'],
    payload: { departments: ['dept-market'], reason: '吹哨' },
  },
  reportIn: { allowed: ['lead', 'co', 'districtHandler'], payload: {} },
  urge: { allowed: ['dispatcher', 'street', 'supervisor'], payload: { note: '催办' } },
  supervise: { allowed: ['supervisor'], payload: { note: '督办' } },
  markHard: { allowed: LEAD, payload: { reason: '难' } },
  reply: { allowed: LEAD, payload: { result: '已办', solved: true, publicReply: '已办' } },
  verify: { allowed: ['gridWorker', 'community', 'dispatcher'], payload: { passed: true } },
  followUp: { allowed: D, payload: { reached: false } },
  rate: { allowed: ['requester'], payload: { rating: 'satisfied' } },
  reopen: { allowed: D, payload: { reason: '重办' } },
  close: { allowed: D, payload: { reason: 'resolved' } },
  withdraw: { allowed: ['requester', 'dispatcher'], payload: {} },
  reviewReturn: { allowed: D, payload: { upheld: true, note: '维持' } },
  approveSuspension: { allowed: D, payload: {} },
  rejectSuspension: { allowed: D, payload: { reason: '可先行处理' } },
  reportPart: { allowed: ['co'], payload: { result: '已清理占道物品' } },
  appealRating: { allowed: LEAD, payload: { reason: '诉求超出政策范围' } },
  decideAppeal: { allowed: D, payload: { upheld: true, note: '属实' } },
};
/** Events versions 1 and 2 do not have. */
const V3_ONLY = ['approveSuspension', 'rejectSuspension', 'reportPart', 'appealRating', 'decideAppeal'];

const refusal = (p: P) => (READERS.includes(p) ? 'FORBIDDEN' : 'CASE_NOT_FOUND');

async function dispatchedCase(h: ReturnType<typeof workOrderHarness>) {
  const c = await h.open();
  await h.send(c.id, actors.dispatcher, 'accept');
  await h.send(c.id, actors.dispatcher, 'dispatch', { leadUnit: 'dept-housing', coUnits: ['dept-city'] });
  return c.id;
}

describe('work-order permissions: position × event', () => {
  it('covers every event of version 3; version 2 lacks the v3 events, version 1 reviewReturn too', () => {
    const all = Object.keys(expected);
    expect(Object.keys(workOrderFlowV3.events).sort()).toEqual(all.sort());
    const v2 = all.filter((e) => !V3_ONLY.includes(e));
    expect(Object.keys(workOrderFlowV2.events).sort()).toEqual(v2.sort());
    expect(Object.keys(workOrderFlowV1.events).sort()).toEqual(v2.filter((e) => e !== 'reviewReturn').sort());
  });

  for (const [type, { allowed, payload }] of Object.entries(expected)) {
    it(`lets only ${allowed.join(', ')} send ${type}; every other position is refused`, async () => {
      const h = workOrderHarness();
      const id = await dispatchedCase(h);
      const refused = (Object.keys(positions) as P[]).filter((p) => !allowed.includes(p));
      // Refused positions first: the allowed ones may move the case on.
      for (const p of refused) {
        expect([p, await outcome(h.send(id, positions[p], type, payload))]).toEqual([p, refusal(p)]);
      }
      for (const p of allowed) {
        const result = await outcome(h.send(id, positions[p], type, payload));
        expect([p, ['FORBIDDEN', 'CASE_NOT_FOUND'].includes(result)]).toEqual([p, false]);
      }
    });
  }

  it('lets residents, grid workers, community and street staff and dispatchers open cases, nobody else', async () => {
    const h = workOrderHarness();
    const creators: P[] = ['requester', 'otherResident', 'gridWorker', 'community', 'street', 'dispatcher'];
    for (const p of Object.keys(positions) as P[]) {
      const result = await outcome(
        h.engine.createCase({
          flow: 'work-order',
          actor: positions[p],
          orgUnit: 'grid-01',
          input: { title: '井盖缺失' },
        }),
      );
      expect([p, result]).toEqual([p, creators.includes(p) ? 'OK' : 'FORBIDDEN']);
    }
  });

  it('keeps a department handler off a case its unit does not handle', async () => {
    const h = workOrderHarness();
    const id = await dispatchedCase(h);
    expect(await outcome(h.send(id, actors.market, 'signFor'))).toBe('CASE_NOT_FOUND');
  });

  it('names the lead-unit rule in the refusal', async () => {
    const h = workOrderHarness();
    const id = await dispatchedCase(h);
    const error = await h.send(id, actors.city, 'signFor').catch((e) => e);
    expect(error).toMatchObject({ code: 'FORBIDDEN', details: { scope: 'lead', action: 'send signFor' } });
    expect(error.message).toContain('lead handling unit');
  });
});

describe('handler events belong to the handling unit (主办), whatever its tier', () => {
  for (const version of [1, 2, 3] as const) {
    it(`v${version}: the case's community and street and the co-handling department cannot handle it; the lead can`, async () => {
      const h = workOrderHarness({ version });
      const id = await dispatchedCase(h);
      const bystanders: Actor[] = [actors.community, actors.street, actors.city];
      const refusedAll = async (type: string, payload: Record<string, unknown> = {}) => {
        for (const by of bystanders)
          expect([by.id, await outcome(h.send(id, by, type, payload))]).toEqual([by.id, 'FORBIDDEN']);
      };
      await refusedAll('signFor');
      await refusedAll('return', { reason: '非本单位职责' });
      await h.send(id, actors.housing, 'signFor');
      await refusedAll('suspend', { reason: '等待' });
      await refusedAll('requestExtension', { extra: { amount: 1, unit: 'workingDays' }, reason: '复杂' });
      await refusedAll('markHard', { reason: '难' });
      await refusedAll('reply', { result: '已办', solved: true, publicReply: '已办' });
      await h.send(id, actors.housing, 'suspend', { reason: '等待产权单位' });
      // v3 suspends on the command centre's approval.
      if (version === 3) await h.send(id, actors.dispatcher, 'approveSuspension');
      await refusedAll('resume');
      await h.send(id, actors.housing, 'resume');
      await h.send(id, actors.housing, 'markHard', { reason: '历史遗留' });
      await h.send(id, actors.housing, 'reply', { result: '已办', solved: true, publicReply: '已办' });
      const v = await h.view(id);
      expect(v.state).toBe('replied');
      // The lead unit's return was never taken: the co-handling unit did not strip it.
      expect(v.context.leadUnit).toBe('dept-housing');
      expect(v.context.returnCount).toBe(0);
    });
  }

  it('v3: lets a co-handling unit report its own part, and nobody else', async () => {
    const h = workOrderHarness();
    const id = await dispatchedCase(h);
    await h.send(id, actors.housing, 'signFor');
    for (const by of [actors.housing, actors.community, actors.street, actors.dispatcher]) {
      const result = await outcome(h.send(id, by, 'reportPart', { result: '已派人' }));
      expect([by.id, result]).toEqual([by.id, 'FORBIDDEN']);
    }
    await h.send(id, actors.city, 'reportPart', { result: '已清理占道物品' });
    const v = await h.view(id);
    expect(v.context.coReports).toEqual([
      { by: 'u-city', at: expect.any(String), unit: 'dept-city', result: '已清理占道物品' },
    ]);
    await h.flush();
    expect(h.notices.find((n) => n.topic === 'workOrder.partReported')?.to).toMatchObject({
      unit: 'dept-housing',
    });
  });

  it('lets another handler of the lead unit act, not only the one who signed for it', async () => {
    const h = workOrderHarness();
    const id = await dispatchedCase(h);
    await h.send(id, actors.housing, 'signFor');
    const colleague: Actor = { id: 'u-house-2', roles: ['departmentHandler'], orgUnit: 'dept-housing' };
    await h.send(id, colleague, 'reply', { result: '已办', solved: true, publicReply: '已办' });
    expect((await h.view(id)).state).toBe('replied');
  });

  it('lets a community or a street be the lead unit, its own staff then handling it', async () => {
    const h = workOrderHarness();
    const c = await h.open();
    await h.send(c.id, actors.dispatcher, 'accept');
    await h.send(c.id, actors.dispatcher, 'dispatch', { leadUnit: 'comm-1' });
    expect(await outcome(h.send(c.id, actors.street, 'signFor'))).toBe('FORBIDDEN');
    await h.send(c.id, actors.street, 'reassign', { leadUnit: 'street-east', reason: '需街道协调' });
    expect(await outcome(h.send(c.id, actors.community, 'signFor'))).toBe('FORBIDDEN');
    await h.send(c.id, actors.street, 'signFor');
    expect((await h.view(c.id)).assignee).toBe('u-street');
    const other = await h.open();
    await h.send(other.id, actors.dispatcher, 'accept');
    await h.send(other.id, actors.dispatcher, 'dispatch', { leadUnit: 'comm-1' });
    await h.send(other.id, actors.community, 'signFor');
    expect((await h.view(other.id)).assignee).toBe('u-comm');
  });

  it('makes an escalated unit a supervisor of the case, not a handler (v2, a ladder from intake)', async () => {
    const h = workOrderHarness({ version: 2 });
    const c = await h.open({ ladder: ['grid-01', 'dept-market'] });
    await h.send(c.id, actors.dispatcher, 'accept');
    await h.send(c.id, actors.dispatcher, 'dispatch', { leadUnit: 'dept-housing' });
    await h.send(c.id, actors.housing, 'signFor');
    await h.send(c.id, actors.housing, 'markHard', { reason: '涉及历史遗留问题' });
    const v = await h.view(c.id);
    expect(v.handlingUnits).toContain('dept-market');
    // It sees the case (FORBIDDEN, not CASE_NOT_FOUND) but may not handle it.
    expect(await outcome(h.send(c.id, actors.market, 'markHard', { reason: 'x' }))).toBe('FORBIDDEN');
    expect(
      await outcome(h.send(c.id, actors.market, 'reply', { result: 'x', solved: true, publicReply: 'x' })),
    ).toBe('FORBIDDEN');
    expect((await h.engine.getCase(c.id, actors.market)).id).toBe(c.id);
  });
});
