import { describe, expect, it } from 'vitest';
import { createWorkOrderFlow } from './work-order-flow.js';
import { actors, workOrderHarness } from './work-order-fixture.test-util.js';
import { workOrderFlowV1 } from './work-order-v1.js';
import { workOrderFlowV2 } from './work-order-v2.js';

const REPLY = { result: '已更换灯泡', solved: true, publicReply: '楼道灯已修复' };

describe('v3 verification (核查) before the rating', () => {
  it('refuses the requester’s rating and the follow-up call until the reply is verified, with the reason', async () => {
    const h = workOrderHarness();
    const id = await h.signedFor();
    await h.send(id, actors.housing, 'reply', REPLY);
    const rated = await h.send(id, actors.resident, 'rate', { rating: 'satisfied' }).catch((e) => e);
    expect(rated).toMatchObject({ code: 'EVENT_NOT_ACCEPTED', details: { state: 'replied' } });
    expect(rated.details.reason).toContain('verified (核查) before the requester rates it');
    const called = await h
      .send(id, actors.dispatcher, 'followUp', { reached: true, rating: 'satisfied' })
      .catch((e) => e);
    expect(called.code).toBe('EVENT_NOT_ACCEPTED');
    expect(called.details.reason).toBe(rated.details.reason);
    expect((await h.view(id)).context).toMatchObject({ rating: null, followUps: [] });

    await h.send(id, actors.gridWorker, 'verify', {
      passed: true,
      photos: ['https://img.example/after.jpg'],
    });
    await h.send(id, actors.resident, 'rate', { rating: 'satisfied' });
    const v = await h.view(id);
    expect(v.state).toBe('followingUp');
    expect(v.context.rating).toBe('satisfied');
  });

  it('lets a category the district configured skip verification go to follow-up straight after the reply', async () => {
    const v3 = createWorkOrderFlow({ skipVerification: ['policyConsultation'] });
    const h = workOrderHarness({ flows: [workOrderFlowV1, workOrderFlowV2, v3] });
    const skipped = await h.signedFor({ category: 'policyConsultation' });
    await h.send(skipped, actors.housing, 'reply', REPLY);
    await h.send(skipped, actors.resident, 'rate', { rating: 'basicallySatisfied' });
    expect((await h.view(skipped)).state).toBe('followingUp');

    // A follow-up that finds the unit at fault still reopens the order, verification skipped or not.
    const reopened = await h.signedFor({ category: 'policyConsultation' });
    await h.send(reopened, actors.housing, 'reply', REPLY);
    await h.send(reopened, actors.dispatcher, 'followUp', {
      reached: true,
      rating: 'unsatisfied',
      unitAtFault: true,
    });
    expect((await h.view(reopened)).state).toBe('inProgress.working');

    const other = await h.signedFor({ category: 'environment' });
    await h.send(other, actors.housing, 'reply', REPLY);
    const refused = await h.send(other, actors.resident, 'rate', { rating: 'satisfied' }).catch((e) => e);
    expect(refused.code).toBe('EVENT_NOT_ACCEPTED');
  });

  it('leaves version 2 as it was: a rating while replied skips verification', async () => {
    const h = workOrderHarness({ version: 2 });
    const id = await h.signedFor();
    await h.send(id, actors.housing, 'reply', REPLY);
    await h.send(id, actors.resident, 'rate', { rating: 'satisfied' });
    expect((await h.view(id)).state).toBe('followingUp');
  });
});
