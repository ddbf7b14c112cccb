import { assign, setup } from 'xstate';
import { effect } from '../../flow/define-flow.js';
import type { AwardPointsPayload } from '../../points/points-effects.js';
import { workingDays } from '../../flow/working-time.js';
import { MICRO_WISH_LIMITS, type MicroWishContext, type MicroWishOutcome } from './micro-wish-context.js';
import type { MicroWishEvent, MicroWishInput } from './micro-wish-events.js';
import type { NotifyParams } from '../escalation/notify-params.js';
import { noticeBuilder } from '../shared/notice.js';

type Args = { context: MicroWishContext; event: MicroWishEvent };

const toWisher = noticeBuilder<MicroWishContext>('microWish', (c) => `微心愿 ${c.title}`);

/**
 * A `notify` effect action to a role at the wish's unit, or to the claimer or the wisher.
 *
 * @internal
 * @example
 * ```ts
 * entry: notice('fulfilled', { person: 'requester' }, '心愿已实现, 请确认')
 * ```
 */
export const notice = (
  topic: string,
  to: { role: string } | { person: 'claimer' | 'requester' },
  text: string,
) =>
  toWisher(
    topic,
    'role' in to ? to : { member: (c) => (to.person === 'claimer' ? c.claimerId : c.requesterId) },
    text,
  );

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
    notify: effect<NotifyParams>(),
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
