import { describe, expect, it } from 'vitest';
import { actors, outcome, workOrderHarness } from './work-order-fixture.test-util.js';

const REPLY = { result: '已解释政策', solved: false, publicReply: '已答复' };

/** Replied, verified and rated `rating` by the requester: the case waits in follow-up for the dispatcher. */
async function rated(h: ReturnType<typeof workOrderHarness>, rating = 'unsatisfied') {
  const id = await h.signedFor();
  await h.send(id, actors.housing, 'reply', REPLY);
  await h.send(id, actors.gridWorker, 'verify', { passed: true });
  await h.send(id, actors.resident, 'rate', { rating, comment: '没解决' });
  return id;
}

describe('v3 appeals of unsatisfied ratings (申诉)', () => {
  it('lets the lead unit appeal to the command centre, which upholds it; context and journal keep it', async () => {
    const h = workOrderHarness();
    const id = await rated(h);
    await h.send(id, actors.housing, 'appealRating', { reason: '诉求超出政策范围, 已充分解释' });
    let v = await h.view(id);
    expect(v.state).toBe('appealReview');
    // Nobody closes the case over a pending appeal.
    expect(await outcome(h.send(id, actors.dispatcher, 'close', { reason: 'explained' }))).toBe(
      'EVENT_NOT_ACCEPTED',
    );
    await h.send(id, actors.dispatcher, 'decideAppeal', { upheld: true, note: '经核实, 申诉属实' });
    v = await h.view(id);
    expect(v.state).toBe('followingUp');
    expect(v.context.appeals).toEqual([
      {
        unit: 'dept-housing',
        by: 'u-house',
        at: expect.any(String),
        reason: '诉求超出政策范围, 已充分解释',
        rating: 'unsatisfied',
        ratedAt: v.context.followUps.at(-1)?.at,
        followUp: 0,
        upheld: true,
        decidedBy: 'u-disp',
        decidedAt: expect.any(String),
        note: '经核实, 申诉属实',
      },
    ]);
    const journal = (await h.engine.history(id)).filter(
      (e) => e.type.endsWith('ppealRating') || e.type === 'decideAppeal',
    );
    expect(journal.map((e) => [e.type, e.actor.id, e.event.upheld])).toEqual([
      ['appealRating', 'u-house', undefined],
      ['decideAppeal', 'u-disp', true],
    ]);
    await h.flush();
    expect(h.notices.find((n) => n.topic === 'workOrder.appealed')?.to).toEqual({
      unit: 'grid-01',
      role: 'dispatcher',
    });
    expect(h.notices.find((n) => n.topic === 'workOrder.appealDecided')).toMatchObject({
      to: { unit: 'dept-housing' },
      data: { upheld: true },
    });
    await h.send(id, actors.dispatcher, 'close', { reason: 'explained' });
    expect((await h.view(id)).context).toMatchObject({ closeReason: 'explained', rating: 'unsatisfied' });
  });

  it('refuses an appeal of a satisfied rating, a second appeal of the same rating, and one from anyone but the lead unit', async () => {
    const h = workOrderHarness();
    const happy = await rated(h, 'satisfied');
    const refused = await h.send(happy, actors.housing, 'appealRating', { reason: '无' }).catch((e) => e);
    expect(refused).toMatchObject({ code: 'EVENT_NOT_ACCEPTED' });
    expect(refused.details.reason).toBe('an appeal (申诉) is of an unsatisfied rating, once for each rating');

    const id = await rated(h);
    for (const by of [actors.city, actors.community, actors.street, actors.dispatcher]) {
      expect([by.id, await outcome(h.send(id, by, 'appealRating', { reason: '不服' }))]).toEqual([
        by.id,
        'FORBIDDEN',
      ]);
    }
    await h.send(id, actors.housing, 'appealRating', { reason: '不服' });
    await h.send(id, actors.dispatcher, 'decideAppeal', { upheld: false, note: '评价有据' });
    expect((await h.view(id)).context.appeals?.map((a) => a.upheld)).toEqual([false]);
    expect(await outcome(h.send(id, actors.housing, 'appealRating', { reason: '再申诉' }))).toBe(
      'EVENT_NOT_ACCEPTED',
    );
    // A new rating may be appealed again.
    await h.send(id, actors.resident, 'rate', { rating: 'veryUnsatisfied' });
    await h.send(id, actors.housing, 'appealRating', { reason: '新评价同样不属本单位原因' });
    expect((await h.view(id)).context.appeals).toHaveLength(2);
  });

  it('has no appeals in version 2', async () => {
    const h = workOrderHarness({ version: 2 });
    const id = await h.signedFor();
    await h.send(id, actors.housing, 'reply', REPLY);
    await h.send(id, actors.resident, 'rate', { rating: 'unsatisfied' });
    expect(await outcome(h.send(id, actors.housing, 'appealRating', { reason: '不服' }))).toBe(
      'VALIDATION_FAILED',
    );
  });
});
