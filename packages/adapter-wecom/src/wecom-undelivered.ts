import type { Member, Notice } from '@gridflow/engine';

/**
 * A member a notice could not reach on WeCom, and why: no WeCom id in the directory, or WeCom answered that
 * it does not know the user (`invaliduser`, 81013), or the user has no licence (`unlicenseduser`).
 *
 * @example
 * ```ts
 * const miss: WecomUndelivered = { memberId: 'm-wang', name: '王芳', wecomId: null, reason: 'no WeCom id (externalIds.wecom)' };
 * ```
 */
export interface WecomUndelivered {
  /** The member the notice was for. */
  memberId: string;
  /** The member's name. */
  name: string;
  /** Their WeCom user id, or null when the directory has none. */
  wecomId: string | null;
  /** Why it did not arrive. */
  reason: string;
}

const SHOWN = 20;

/**
 * A notice reached some of its members but not these. Permanent (`retryable: false`): the engine
 * dead-letters the delivery with this message, which names each member and the reason, and the others have
 * their message. Retrying the dead letter after fixing the directory sends again to everyone; WeCom's
 * duplicate check and the card's `task_id` keep those who got it from getting it twice (within 4 hours for
 * text, markdown and text cards).
 *
 * @example
 * ```ts
 * engine.events.on('effect.deadLettered', ({ error }) => {
 *   if (error instanceof WecomUndeliveredError) for (const u of error.undelivered) hr.flag(u.memberId, u.reason);
 * });
 * ```
 */
export class WecomUndeliveredError extends Error {
  /** Always false: retrying cannot reach these members. */
  readonly retryable = false as const;
  /** The members not reached, and why. */
  readonly undelivered: readonly WecomUndelivered[];
  /** How many members the notice did reach. */
  readonly delivered: number;
  /** The case of the notice. */
  readonly caseId: string;
  /** The notice's topic. */
  readonly topic: string;

  constructor(
    notice: Pick<Notice, 'caseId' | 'topic'>,
    undelivered: readonly WecomUndelivered[],
    delivered: number,
  ) {
    const named = undelivered
      .slice(0, SHOWN)
      .map((u) => `${u.name} (${u.memberId}${u.wecomId ? `, wecom ${u.wecomId}` : ''}): ${u.reason}`);
    if (undelivered.length > SHOWN) named.push(`and ${undelivered.length - SHOWN} more`);
    super(
      `WeCom notice ${notice.topic} for case ${notice.caseId} not delivered to ${undelivered.length} of ` +
        `${undelivered.length + delivered}: ${named.join('; ')}`,
    );
    this.name = 'WecomUndeliveredError';
    this.undelivered = undelivered;
    this.delivered = delivered;
    this.caseId = notice.caseId;
    this.topic = notice.topic;
  }
}

/**
 * The {@link WecomUndelivered} entry for a member.
 *
 * @example
 * ```ts
 * undeliveredMember(member, null, 'no WeCom id (externalIds.wecom)');
 * ```
 */
export function undeliveredMember(member: Member, wecomId: string | null, reason: string): WecomUndelivered {
  return { memberId: member.id, name: member.name, wecomId, reason };
}
