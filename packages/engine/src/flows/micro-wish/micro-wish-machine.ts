import { assign } from 'xstate';
import { claimerAward, microWishSetup, notice } from './micro-wish-setup.js';

const fulfilAndAward = [
  { type: 'close', params: { outcome: 'fulfilled' } },
  { type: 'awardPoints', params: claimerAward },
  notice('pointsAwarded', { person: 'claimer' }, '心愿已确认, 积分已发放'),
] as const;

/**
 * The 微心愿 machine: collected → published (or rejected) → claimed (领办) → fulfilled (实现) → closed on the
 * wisher's confirmation or after `MICRO_WISH_LIMITS.confirmDays` working days, awarding the wish's points to
 * the claimer. A claimer may release the wish back to the wall; a wisher's dispute sends it back to the claimer.
 *
 * @example
 * ```ts
 * import { initialTransition } from 'xstate';
 * const [snapshot] = initialTransition(microWishMachine, input);
 * ```
 */
export const microWishMachine = microWishSetup.createMachine({
  id: 'micro-wish',
  initial: 'collected',
  context: ({ input: { meta, requesterId, ...input } }) => ({
    ...input,
    requesterId: requesterId ?? null,
    collectedBy: meta.actor.id,
    createdAt: meta.at,
    publishedAt: null,
    publishedBy: null,
    points: 0,
    assignee: null,
    claimerId: null,
    claimerRole: null,
    claimedAt: null,
    releaseCount: 0,
    fulfilment: null,
    disputeCount: 0,
    lastDisputeReason: null,
    rejectReason: null,
    confirmedBy: null,
    closedAt: null,
    outcome: null,
  }),
  states: {
    collected: {
      entry: notice('collected', { role: 'communityStaff' }, '新心愿待审核', true),
      on: {
        publish: {
          target: 'published',
          actions: assign(({ event }) => ({
            points: event.points,
            publishedAt: event.meta.at,
            publishedBy: event.meta.actor.id,
          })),
        },
        reject: {
          target: 'closed',
          actions: [
            assign(({ event }) => ({ rejectReason: event.reason })),
            { type: 'close', params: { outcome: 'rejected' } },
            notice('rejected', { person: 'requester' }, '心愿未通过审核'),
          ],
        },
        cancel: { target: 'closed', actions: { type: 'close', params: { outcome: 'withdrawn' } } },
      },
    },
    published: {
      // Published, or released back to the wall by its claimer: either way it may be claimed now.
      entry: notice('published', [{ role: 'partyMember' }, { role: 'volunteer' }], '心愿可领办', true),
      on: {
        claim: {
          target: 'claimed',
          actions: assign(({ event }) => ({
            claimerId: event.meta.actor.id,
            claimerRole: event.meta.actor.roles.includes('partyMember') ? 'partyMember' : 'volunteer',
            claimedAt: event.meta.at,
          })),
        },
        cancel: { target: 'closed', actions: { type: 'close', params: { outcome: 'withdrawn' } } },
      },
    },
    claimed: {
      entry: assign(({ context }) => ({ assignee: context.claimerId })),
      on: {
        fulfil: {
          guard: 'isClaimer',
          target: 'fulfilled',
          actions: assign(({ event }) => ({
            fulfilment: {
              by: event.meta.actor.id,
              at: event.meta.at,
              evidence: event.evidence,
              note: event.note ?? null,
            },
          })),
        },
        release: {
          guard: 'isClaimer',
          target: 'published',
          actions: assign(({ context }) => ({
            claimerId: null,
            claimerRole: null,
            claimedAt: null,
            assignee: null,
            releaseCount: context.releaseCount + 1,
          })),
        },
      },
    },
    fulfilled: {
      entry: [
        assign({ assignee: null }),
        notice('fulfilled', { person: 'requester' }, '心愿已实现, 请确认', true),
      ],
      after: {
        confirmLimit: { target: 'closed', actions: [assign({ confirmedBy: 'timeout' }), ...fulfilAndAward] },
      },
      on: {
        confirm: { target: 'closed', actions: [assign({ confirmedBy: 'wisher' }), ...fulfilAndAward] },
        dispute: {
          target: 'claimed',
          actions: [
            assign(({ context, event }) => ({
              disputeCount: context.disputeCount + 1,
              lastDisputeReason: event.reason,
            })),
            notice('disputed', { person: 'claimer' }, '心愿人认为尚未实现'),
          ],
        },
      },
    },
    closed: { type: 'final' },
  },
});
