import {
  type Directory,
  type EffectDelivery,
  type Notice,
  parseNotice,
  permanentFailure,
  resolveRecipients,
} from '@gridflow/engine';

/**
 * One notice in a member's in-app inbox (通知).
 *
 * @example
 * ```ts
 * const item: InboxItem = { id: 'ob-1', caseId: 'c-1', topic: 'workOrder.dispatched', text: '请签收', at: '…' };
 * ```
 */
export interface InboxItem {
  /** The outbox row it came from: a redelivery of the same row is kept once. */
  id: string;
  caseId: string;
  topic: string;
  text: string;
  at: string;
}

/**
 * The in-app inbox: where `notify` effects go when WeCom is not configured, so no notice is dropped. Kept in
 * memory, newest first, the last {@link INBOX_LIMIT} per member; a notice nobody can be found for is a
 * permanent failure, dead-lettered with the directory's reason for the operations page.
 *
 * @example
 * ```ts
 * const inbox = noticeInbox({ directory, clock });
 * createEngine({ ...options, effects: { notify: inbox.deliver } });
 * inbox.list('staff-xingfu-1');
 * ```
 */
export interface NoticeInbox {
  /** The `notify` effect handler. */
  deliver(delivery: EffectDelivery): Promise<void>;
  /** A member's notices, newest first. */
  list(memberId: string): InboxItem[];
  /** Notices held, over all members. */
  size(): number;
}

/** Notices kept per member; older ones give way (they were delivered: the journal still has what happened). */
export const INBOX_LIMIT = 200;

/**
 * Make an in-app inbox over the directory.
 *
 * @example
 * ```ts
 * const inbox = noticeInbox({ directory: engine.directory, clock: engine.clock });
 * ```
 */
export function noticeInbox(options: { directory: Directory; clock: { now(): Date } }): NoticeInbox {
  const boxes = new Map<string, InboxItem[]>();
  let held = 0;
  const put = (memberId: string, item: InboxItem) => {
    const box = boxes.get(memberId) ?? [];
    if (box.some((i) => i.id === item.id)) return;
    box.unshift(item);
    held += 1;
    if (box.length > INBOX_LIMIT) {
      box.pop();
      held -= 1;
    }
    boxes.set(memberId, box);
  };
  return {
    async deliver(delivery) {
      let notice: Notice;
      try {
        notice = parseNotice(delivery.payload);
      } catch (error) {
        throw permanentFailure(error);
      }
      const to = await resolveRecipients(options.directory, notice.to);
      if (!to.ok) throw permanentFailure(new Error(`${to.reason}: ${to.message}`));
      const at = options.clock.now().toISOString();
      for (const member of to.members) {
        put(member.id, {
          id: delivery.id,
          caseId: delivery.caseId,
          topic: notice.topic,
          text: notice.text,
          at,
        });
      }
    },
    list: (memberId) => [...(boxes.get(memberId) ?? [])],
    size: () => held,
  };
}
