import { maskPersonalText } from '../../privacy/mask.js';
import { redactPersonalData } from '../../privacy/redact.js';
import type { Notice, NoticeRecipient } from '../../effects/notice.js';
import { BUILT_IN_TOPICS, type BuiltInFlowId, type BuiltInTopicName } from '../topics.js';

/**
 * The topics of the flow whose topics start with `P`, without that prefix: `TopicOf<'threeOrders'>` is
 * `'placed' | 'issued' | …`. A flow can only name a topic `BUILT_IN_TOPICS` lists.
 *
 * @internal
 * @example
 * ```ts
 * const topic: TopicOf<'microWish'> = 'published';
 * ```
 */
export type TopicOf<P extends string> = BuiltInTopicName extends infer T
  ? T extends `${P}.${infer S}`
    ? S
    : never
  : never;

/**
 * One notice to send, from inside a flow.
 *
 * @internal
 * @example
 * ```ts
 * const spec: NoticeSpec<'issued'> = { topic: 'issued', to: { member: 'm-li' }, text: '请接单', answerable: true };
 * ```
 */
export interface NoticeSpec<TTopic extends string> {
  topic: TTopic;
  /** One notice per recipient; `null` (a case without a requester, say) is nobody, and skipped. */
  to: NoticeRecipient | null | ReadonlyArray<NoticeRecipient | null>;
  text: string;
  data?: Record<string, unknown>;
  /** Offer the topic's actions from `BUILT_IN_TOPICS`: only where every recipient may send those events. */
  answerable?: boolean;
}

/**
 * A `notify` effect action, ready for XState's `enqueue`.
 *
 * @internal
 * @example
 * ```ts
 * const action: NotifyAction = { type: 'notify', params: notice };
 * ```
 */
export interface NotifyAction {
  type: 'notify';
  params: Notice;
}

const listOf = <T>(value: T | ReadonlyArray<T>): ReadonlyArray<T> =>
  Array.isArray(value) ? value : [value as T];

/**
 * The one builder of every built-in flow's notices ({@link Notice}): topics are the flow's prefix plus a name
 * from `BUILT_IN_TOPICS`, texts start with the flow's label for the case, actions come from the table.
 *
 * @internal
 * @example
 * ```ts
 * const notices = noticeBuilder<MicroWishContext, 'microWish'>('micro-wish', 'microWish', (c) => `微心愿 ${c.title}`);
 * for (const action of notices(context, { topic: 'fulfilled', to: { member: 'r-li' }, text: '请确认' }))
 *   enqueue(action);
 * ```
 */
export function noticeBuilder<TContext extends { caseId: string }, P extends string>(
  flowId: BuiltInFlowId,
  prefix: P,
  label?: (context: TContext) => string,
) {
  return (context: TContext, spec: NoticeSpec<TopicOf<P>>): NotifyAction[] => {
    const topic = `${prefix}.${spec.topic}` as BuiltInTopicName;
    const actions = spec.answerable ? BUILT_IN_TOPICS[topic].actions.map((a) => ({ ...a })) : [];
    // Notices leave the engine for phones and group chats: never a resident's phone or ID number in them.
    const text = maskPersonalText(label ? `${label(context)}: ${spec.text}` : spec.text);
    const data = spec.data && redactPersonalData(spec.data, 'masked');
    return listOf(spec.to)
      .filter((to): to is NoticeRecipient => to !== null)
      .map((to) => ({
        type: 'notify' as const,
        params: {
          caseId: context.caseId,
          flowId,
          to,
          topic,
          text,
          ...(data ? { data } : {}),
          ...(actions.length > 0 ? { actions } : {}),
        },
      }));
  };
}
