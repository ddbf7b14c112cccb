import { randomBytes } from 'node:crypto';

/**
 * One app message as the fake WeCom server delivered it to one member.
 *
 * @example
 * ```ts
 * const cards = fake.delivered('wangfang').filter((d: FakeDelivery) => d.msgtype === 'template_card');
 * ```
 */
export interface FakeDelivery {
  /** Message id the fake gave. */
  msgid: string;
  /** The WeCom user it was delivered to. */
  userId: string;
  /** Message type. */
  msgtype: string;
  /** The `<msgtype>` part of the body, as sent. */
  content: Record<string, unknown>;
  /** The card's `task_id`, for button cards. */
  taskId?: string;
  /** The `ResponseCode` to update the card with, for button cards. */
  responseCode?: string;
  /** Fake-clock time in ms. */
  at: number;
}

/**
 * One `message/update_template_card` the fake server accepted.
 *
 * @example
 * ```ts
 * expect(fake.cardUpdates()[0]?.replaceName).toBe('已接单 · 王芳');
 * ```
 */
export interface FakeCardUpdate {
  /** The `ResponseCode` used. */
  responseCode: string;
  /** The card's `task_id`. */
  taskId: string;
  /** Users whose card changed. */
  userIds: string[];
  /** The button's new text, for a button update. */
  replaceName?: string;
  /** The whole new card, for a card update. */
  templateCard?: Record<string, unknown>;
  /** Fake-clock time in ms. */
  at: number;
}

/**
 * One group-robot message the fake server accepted.
 *
 * @example
 * ```ts
 * expect(fake.robotMessages('key-1').map((m: FakeRobotMessage) => m.content)).toEqual(['新工单']);
 * ```
 */
export interface FakeRobotMessage {
  /** The robot's webhook key. */
  key: string;
  /** `text` or `markdown`. */
  msgtype: 'text' | 'markdown';
  /** The message text. */
  content: string;
  /** User ids mentioned. */
  mentionedList?: string[];
  /** Mobile numbers mentioned. */
  mentionedMobileList?: string[];
  /** Fake-clock time in ms. */
  at: number;
}

/** A response code's life: from the send reply or a click, single use, 72 hours. */
export interface ResponseCodeRecord {
  taskId: string;
  userIds: string[];
  issuedAt: number;
  used: boolean;
}

/** Everything the fake server remembers. */
export interface FakeWecomState {
  now: () => number;
  tokens: Map<string, number>;
  currentToken: string | null;
  deliveries: FakeDelivery[];
  dropped: FakeDelivery[];
  memberDeliveries: Map<string, number[]>;
  duplicateHashes: Map<string, number>;
  taskIds: Set<string>;
  responseCodes: Map<string, ResponseCodeRecord>;
  cardUpdates: FakeCardUpdate[];
  robotMessages: FakeRobotMessage[];
  robotSends: Map<string, number[]>;
  codes: Map<string, { userid?: string; openid?: string; issuedAt: number; used: boolean }>;
  nextMsgId: number;
}

/** A fresh state reading time from `now`. */
export function createFakeState(now: () => number): FakeWecomState {
  return {
    now,
    tokens: new Map(),
    currentToken: null,
    deliveries: [],
    dropped: [],
    memberDeliveries: new Map(),
    duplicateHashes: new Map(),
    taskIds: new Set(),
    responseCodes: new Map(),
    cardUpdates: [],
    robotMessages: [],
    robotSends: new Map(),
    codes: new Map(),
    nextMsgId: 1,
  };
}

/** An opaque id like WeCom's (tokens, response codes). */
export const opaqueId = (bytes = 24) => randomBytes(bytes).toString('base64url');

/**
 * How many of `times` fall in the last `windowMs` before `at`: the fake keeps WeCom's limits with sliding
 * windows of its own, independent of the package's limiter, so the client is never checked against itself.
 */
export function countSince(times: number[] | undefined, at: number, windowMs: number): number {
  let count = 0;
  for (const t of times ?? []) if (t > at - windowMs) count++;
  return count;
}
