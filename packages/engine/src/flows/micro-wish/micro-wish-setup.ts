import { assign, setup } from 'xstate';
import { effect } from '../../flow/define-flow.js';
import type { AwardPointsPayload } from '../../points/points-effects.js';
import { workingDays } from '../../flow/working-time.js';
import { MICRO_WISH_LIMITS, type MicroWishContext, type MicroWishOutcome } from './micro-wish-context.js';
import type { MicroWishEvent, MicroWishInput } from './micro-wish-events.js';
import type { Notice } from '../../effects/notice.js';
import { noticeBuilder, type TopicOf } from '../shared/notice.js';
import type { Role } from '../../types.js';

/**
 * What an action or delay of this machine is called with.
 *
 * @inline
 */
type Args = { context: MicroWishContext; event: MicroWishEvent };

/**
 * Types, actions, guards and the auto-confirmation delay of the `micro-wish` machine.
 *
 * @internal
 * @example
 * ```ts
 * const machine = microWishSetup.createMachine({ ... });
 * ```
 */
export const microWishSetup = setup({
  types: { context: {} as MicroWishContext, events: {} as MicroWishEvent, input: {} as MicroWishInput },
  actions: {
    notify: effect<Notice>(),
    awardPoints: effect<AwardPointsPayload>(),
    close: assign(({ event }, params: { outcome: MicroWishOutcome }) => ({
      outcome: params.outcome,
      closedAt: event.meta.at,
      assignee: null,
    })),
  },
  guards: {
    isClaimer: ({ context, event }) => event.meta.actor.id === context.claimerId,
  },
  delays: {
    confirmLimit: workingDays(MICRO_WISH_LIMITS.confirmDays),
  },
});

const wishNotices = noticeBuilder<MicroWishContext, 'microWish'>(
  'micro-wish',
  'microWish',
  (c) => `微心愿 ${c.title}`,
);

/**
 * Who hears about a wish: a role at the wish's unit (resolved up the tree), the claimer or the wisher.
 *
 * @internal
 * @example
 * ```ts
 * const staff: WishAudience = { role: 'communityStaff' };
 * ```
 */
export type WishAudience = { role: Role } | { person: 'claimer' | 'requester' };

/**
 * A `notify` effect action: one notice per audience (none for a wisher not on file); `answerable` offers the
 * topic's actions from `BUILT_IN_TOPICS`.
 *
 * @internal
 * @example
 * ```ts
 * entry: notice('fulfilled', { person: 'requester' }, '心愿已实现, 请确认', true)
 * ```
 */
export const notice = (
  topic: TopicOf<'microWish'>,
  to: WishAudience | readonly WishAudience[],
  text: string,
  answerable = false,
) =>
  microWishSetup.enqueueActions(({ context, enqueue }) => {
    const recipients = ([] as WishAudience[]).concat(to).map((who) => {
      if ('role' in who) return { unit: context.orgUnit, role: who.role };
      const member = who.person === 'claimer' ? context.claimerId : context.requesterId;
      return member ? { member } : null;
    });
    for (const action of wishNotices(context, { topic, to: recipients, text, answerable })) enqueue(action);
  });

/**
 * The `awardPoints` payload: the wish's points to its claimer, keyed (by the engine's outbox) to this case.
 *
 * @internal
 * @example
 * ```ts
 * { type: 'awardPoints', params: claimerAward }
 * ```
 */
export function claimerAward({ context }: Args): AwardPointsPayload {
  return {
    personId: context.claimerId ?? '',
    amount: context.points,
    reason: `微心愿: ${context.title}`,
    caseId: context.caseId,
  };
}
