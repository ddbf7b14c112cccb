import { describe, expect, it } from 'vitest';
import { memoryPointsLedger } from '../../points/memory-points-ledger.js';
import type { PointsLedger } from '../../points/points-ledger.js';
import {
  ALL_ROLES,
  communityEngine,
  expectCreateMatrix,
  expectPermissionMatrix,
  failure,
  people,
} from '../grid-report/community-fixture.test-util.js';
import { microWishFlow } from './micro-wish-flow.js';

// Tuesday 29 September 2026, 09:00 Beijing: National Day (1-7 October) and the make-up Saturday (10th) ahead.
const TUESDAY = '2026-09-29T09:00:00+08:00';
const { resident, communityStaff, partyOrg, partyMember, volunteer, gridWorker } = people;
const input = { title: '想要一台助听器', description: '独居老人, 听力下降' };
const evidence = ['https://img.example/wish-done.jpg'];

async function collected(ledger?: PointsLedger, actor = resident, requesterId?: string) {
  const t = communityEngine(TUESDAY, undefined, ledger);
  // A grid worker files it in their own grid; the community's volunteers still see it (it lies in their subtree).
  const orgUnit = actor === gridWorker ? 'grid-01' : 'comm-1';
  const wish = await t.engine.createCase({ flow: 'micro-wish', actor, orgUnit, input, requesterId });
  const send = (who: typeof resident, event: { type: string; [k: string]: unknown }) =>
    t.engine.send({ caseId: wish.id, actor: who, event });
  return { ...t, id: wish.id, wish, send };
}

describe('micro-wish on the engine', () => {
  it('walks collected → published → claimed → fulfilled → confirmed, awarding the points to the claimer', async () => {
    const { wish, send, flush, ledger, id, notices } = await collected();
    expect(wish).toMatchObject({ state: 'collected', requesterId: 'r-li' });
    const published = await send(communityStaff, { type: 'publish', points: 20 });
    expect(published.context).toMatchObject({ points: 20, publishedBy: 's-zhao' });
    const claimed = await send(volunteer, { type: 'claim' });
    expect(claimed).toMatchObject({
      state: 'claimed',
      assignee: 'v-chen',
      context: { claimerRole: 'volunteer' },
    });
    await send(volunteer, { type: 'fulfil', evidence, note: '已送达' });
    const closed = await send(resident, { type: 'confirm', comment: '谢谢' });
    expect(closed).toMatchObject({
      status: 'done',
      context: { outcome: 'fulfilled', confirmedBy: 'wisher' },
    });
    expect(await ledger.balance('v-chen')).toBe(0); // awarded by the outbox, not inside the transition
    await flush();
    expect(await ledger.balance('v-chen')).toBe(20);
    expect(await ledger.history('v-chen')).toEqual([
      expect.objectContaining({ kind: 'award', amount: 20, caseId: id, reason: '微心愿: 想要一台助听器' }),
    ]);
    expect(notices.map((n) => n.topic)).toEqual([
      'microWish.collected',
      'microWish.published',
      'microWish.published',
      'microWish.fulfilled',
      'microWish.pointsAwarded',
    ]);
    // The wall is announced to both roles that may claim, each with the 领办 button.
    expect(notices.filter((n) => n.topic === 'microWish.published')).toEqual([
      expect.objectContaining({
        to: { unit: 'comm-1', role: 'partyMember' },
        actions: [{ event: 'claim', label: '领办' }],
      }),
      expect.objectContaining({ to: { unit: 'comm-1', role: 'volunteer' } }),
    ]);
  });

  it('rejects an unsuitable wish with a reason and tells the wisher', async () => {
    const { send, flush, notices } = await collected();
    expect((await failure(send(partyOrg, { type: 'reject' }))).code).toBe('VALIDATION_FAILED');
    const rejected = await send(partyOrg, { type: 'reject', reason: '超出微心愿范围' });
    expect(rejected).toMatchObject({
      status: 'done',
      context: { outcome: 'rejected', rejectReason: '超出微心愿范围' },
    });
    await flush();
    expect(notices.at(-1)).toMatchObject({ topic: 'microWish.rejected', to: { member: 'r-li' } });
  });

  it('takes a wish collected by a grid worker for a resident, who then confirms it', async () => {
    const { send, wish } = await collected(undefined, gridWorker, 'r-li');
    expect(wish).toMatchObject({
      requesterId: 'r-li',
      orgUnit: 'grid-01',
      context: { collectedBy: 'g-wang' },
    });
    await send(communityStaff, { type: 'publish' });
    await send(partyMember, { type: 'claim' });
    await send(partyMember, { type: 'fulfil', evidence });
    expect((await send(resident, { type: 'confirm' })).context).toMatchObject({
      outcome: 'fulfilled',
      points: 10,
    });
  });

  it('lets a claimer release the wish to someone else, and only the claimer fulfil it', async () => {
    const { send } = await collected();
    await send(communityStaff, { type: 'publish', points: 5 });
    await send(volunteer, { type: 'claim' });
    expect((await failure(send(partyMember, { type: 'fulfil', evidence }))).code).toBe('EVENT_NOT_ACCEPTED');
    const released = await send(volunteer, { type: 'release', reason: '时间冲突' });
    expect(released).toMatchObject({
      state: 'published',
      assignee: null,
      context: { claimerId: null, releaseCount: 1 },
    });
    const reclaimed = await send(partyMember, { type: 'claim' });
    expect(reclaimed.context).toMatchObject({ claimerId: 'm-li', claimerRole: 'partyMember' });
  });

  it('sends a disputed fulfilment back to the claimer, then auto-confirms after five working days', async () => {
    const { send, engine, id, advanceTo, ledger } = await collected();
    await send(communityStaff, { type: 'publish', points: 8 });
    await send(partyMember, { type: 'claim' });
    await send(partyMember, { type: 'fulfil', evidence });
    const disputed = await send(resident, { type: 'dispute', reason: '型号不对' });
    expect(disputed).toMatchObject({ state: 'claimed', assignee: 'm-li', context: { disputeCount: 1 } });
    await send(partyMember, { type: 'fulfil', evidence });
    // 30 September, 8, 9, 10 (make-up Saturday) and 12 October.
    await advanceTo('2026-10-12T08:59:00+08:00');
    expect((await engine.getCase(id)).state).toBe('fulfilled');
    await advanceTo('2026-10-12T09:00:00+08:00');
    expect(await engine.getCase(id)).toMatchObject({ status: 'done', context: { confirmedBy: 'timeout' } });
    expect(await ledger.balance('m-li')).toBe(8);
  });

  it('awards once when the ledger fails at first and the effect is retried', async () => {
    const real = memoryPointsLedger();
    let failures = 1;
    const flaky: PointsLedger = {
      ...real,
      award: (movement) =>
        failures-- > 0 ? Promise.reject(new Error('connection reset')) : real.award(movement),
    };
    const { send, advance } = await collected(flaky);
    await send(communityStaff, { type: 'publish', points: 3 });
    await send(volunteer, { type: 'claim' });
    await send(volunteer, { type: 'fulfil', evidence });
    await send(resident, { type: 'confirm' });
    await advance('1 working days');
    expect(await real.balance('v-chen')).toBe(3);
    expect(await real.history('v-chen')).toHaveLength(1);
  });

  it('lets the wisher withdraw a wish until someone claims it', async () => {
    const { send } = await collected();
    await send(communityStaff, { type: 'publish' });
    await send(volunteer, { type: 'claim' });
    expect((await failure(send(resident, { type: 'cancel', reason: '不需要了' }))).code).toBe(
      'EVENT_NOT_ACCEPTED',
    );
    const other = await collected();
    await other.send(communityStaff, { type: 'publish' });
    expect((await other.send(resident, { type: 'cancel', reason: '不需要了' })).context.outcome).toBe(
      'withdrawn',
    );
  });

  it('refuses FORBIDDEN for every role × event pair the permissions do not list', async () => {
    const { engine, id } = await collected();
    const samples = {
      publish: { points: 10 },
      reject: { reason: '不合适' },
      claim: {},
      release: { reason: '没空' },
      fulfil: { evidence },
      confirm: {},
      dispute: { reason: '没实现' },
      cancel: { reason: '不要了' },
    };
    const { forbidden, allowed } = await expectPermissionMatrix(engine, microWishFlow, id, samples, 'r-li');
    expect(allowed).toEqual([
      'publish:partyOrg',
      'publish:communityStaff',
      'reject:partyOrg',
      'reject:communityStaff',
      'claim:partyMember',
      'claim:volunteer',
      'release:partyMember',
      'release:volunteer',
      'fulfil:partyMember',
      'fulfil:volunteer',
      'confirm:resident',
      'dispute:resident',
      'cancel:resident',
    ]);
    expect(forbidden).toBe(ALL_ROLES.length * 8 - 13);
  });

  it('lets residents, grid workers and community staff collect wishes, nobody else', async () => {
    const { engine } = communityEngine(TUESDAY);
    await expectCreateMatrix(engine, 'micro-wish', 'comm-1', input, [
      'resident',
      'gridWorker',
      'communityStaff',
    ]);
  });
});
