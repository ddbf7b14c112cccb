import type { Role } from '../../types.js';
import type { NotifyParams } from '../escalation/notify-params.js';

/**
 * Who a built-in flow's notice goes to: a role at the case's own unit (the notifier resolves it up the tree),
 * or a member the context names.
 *
 * @internal
 * @example
 * ```ts
 * const to: NoticeTarget<{ assignee: string | null }> = { member: (c) => c.assignee };
 * ```
 */
export type NoticeTarget<TContext> = { role: Role } | { member: (context: TContext) => string | null };

/**
 * A builder of `notify` effect actions for one flow: topics are prefixed with the flow's topic, texts with its
 * label, so every built-in flow's notices share one shape ({@link NotifyParams}).
 *
 * @internal
 * @example
 * ```ts
 * const notice = noticeBuilder<WishContext>('microWish', (c) => `微心愿 ${c.title}`);
 * entry: notice('published', { role: 'partyMember' }, '有新的微心愿可领办')
 * ```
 */
export function noticeBuilder<TContext extends { caseId: string; orgUnit: string }>(
  flowTopic: string,
  label: (context: TContext) => string,
) {
  return (topic: string, to: NoticeTarget<TContext>, text: string) => ({
    type: 'notify' as const,
    params: ({ context }: { context: TContext }): NotifyParams => ({
      caseId: context.caseId,
      to:
        'role' in to ? { unit: context.orgUnit, role: to.role } : { member: to.member(context) ?? undefined },
      topic: `${flowTopic}.${topic}`,
      text: `${label(context)}: ${text}`,
    }),
  });
}
