import { describe, expect, it } from 'vitest';
import { communityEngine, people } from './community-fixture.test-util.js';

const { gridWorker, communityStaff, resident, partyOrg, partyMember, volunteer } = people;
const report = {
  description: '路面坑洼',
  photos: ['https://img.example/1.jpg'],
  location: { lat: 18.25, lng: 109.51, address: '幸福路' },
};
const order = { title: '楼道灯坏了', description: '3 单元' };
const wish = { title: '助听器', description: '独居老人' };
const evidence = ['https://img.example/done.jpg'];

describe('metrics of the community flows', () => {
  it('counts what each flow did: on time, resolved, responded, returned and reopened', async () => {
    const t = communityEngine('2026-09-21T09:00:00+08:00');
    const { engine } = t;
    const send = (caseId: string, actor: typeof resident, event: { type: string; [k: string]: unknown }) =>
      engine.send({ caseId, actor, event });
    const create = (flow: string, actor: typeof resident, orgUnit: string, input: Record<string, unknown>) =>
      engine.createCase({ flow, actor, orgUnit, input }).then((c) => c.id);

    // A: fixed on the spot. B: the community lets its limit pass, then resolves it.
    const a = await create('grid-report', gridWorker, 'grid-01', report);
    await send(a, gridWorker, { type: 'fixOnSpot', afterPhotos: evidence });
    const b = await create('grid-report', gridWorker, 'grid-01', report);
    await send(b, gridWorker, { type: 'handOver' });
    // C: taken in time, explained, confirmed. D: taken late and still open.
    const c = await create('three-orders', resident, 'comm-1', order);
    await send(c, partyOrg, { type: 'issueOrder', assignee: 'm-li' });
    await send(c, partyMember, { type: 'takeOrder' });
    await send(c, partyMember, { type: 'explain', basis: '政策', explanation: '不属于可办事项' });
    await send(c, resident, { type: 'confirm' });
    const d = await create('three-orders', resident, 'comm-1', order);
    await send(d, partyOrg, { type: 'issueOrder', assignee: 'm-li' });
    // E: released once, disputed once, then confirmed. F: rejected.
    const e = await create('micro-wish', resident, 'comm-1', wish);
    await send(e, communityStaff, { type: 'publish' });
    await send(e, volunteer, { type: 'claim' });
    await send(e, volunteer, { type: 'release', reason: '没空' });
    await send(e, partyMember, { type: 'claim' });
    await send(e, partyMember, { type: 'fulfil', evidence });
    await send(e, resident, { type: 'dispute', reason: '还没送到' });
    await send(e, partyMember, { type: 'fulfil', evidence });
    await send(e, resident, { type: 'confirm' });
    const f = await create('micro-wish', resident, 'comm-1', wish);
    await send(f, communityStaff, { type: 'reject', reason: '不合适' });

    await t.advance('4 working days');
    await send(b, communityStaff, { type: 'resolve', result: '已修补' });
    await send(d, partyMember, { type: 'takeOrder' });

    const { rows } = await engine.metrics({
      orgUnit: 'district',
      from: new Date('2026-09-01T00:00:00+08:00'),
      to: new Date('2026-11-01T00:00:00+08:00'),
    });
    expect(rows[0]).toMatchObject({
      received: 6,
      closed: 5, // A, B, C, E, F
      closedOnTime: 4, // B went past the community limit
      openOverdue: 1, // D went past its take limit
      signForDue: 2, // C and D were issued to a member
      signedForOnTime: 1, // C
      withVerdict: 4, // A, B yes; C (explained) no; E yes; F (rejected) none
      resolved: 3,
      returned: 1, // E was released
      reopened: 1, // E was disputed
      rated: 0,
    });
  });
});
