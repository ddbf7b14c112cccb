import { systemClock } from '@gridflow/engine';
import { z } from 'zod';
import { WecomApiError } from './wecom-errors.js';
import { checkWecomReply, wecomRequest } from './wecom-http.js';
import { ROBOT_MESSAGE_LIMITS, slidingWindowLimiter } from './wecom-limits.js';
import { parseWecomOptions, type WecomRobotOptions, wecomRobotOptionsSchema } from './wecom-options.js';
import { truncateUtf8 } from './wecom-text.js';

/** WeCom's robot limits: text up to 2,048 bytes, markdown up to 4,096. */
const MAX_BYTES = { text: 2048, markdown: 4096 } as const;

/**
 * One group-robot message. `mentionedList` (user ids, or `@all`) and `mentionedMobileList` work with text
 * only; in markdown write `<@userid>` in the content instead.
 *
 * @example
 * ```ts
 * const message: WecomRobotMessage = { msgtype: 'text', content: '新工单待签收', mentionedList: ['wangfang'] };
 * ```
 */
export interface WecomRobotMessage {
  /** `text` or `markdown`. */
  msgtype: 'text' | 'markdown';
  /** The message text. */
  content: string;
  /** WeCom user ids to mention (`@all` for everyone); text only. */
  mentionedList?: string[];
  /** Mobile numbers to mention; text only. */
  mentionedMobileList?: string[];
}

const messageSchema = z
  .object({
    msgtype: z.enum(['text', 'markdown']),
    content: z.string().min(1, 'must not be empty'),
    mentionedList: z.array(z.string().min(1)).max(100).optional(),
    mentionedMobileList: z
      .array(z.string().regex(/^(?:\d{11}|@all)$/, 'must be 11 digits or @all'))
      .max(100)
      .optional(),
  })
  .strict()
  .refine((m) => m.msgtype === 'text' || (!m.mentionedList && !m.mentionedMobileList), {
    path: ['mentionedList'],
    message: 'works with text only: write <@userid> in markdown content',
  });

/**
 * Sends to one WeCom group robot (群机器人).
 *
 * @example
 * ```ts
 * await robot.send({ msgtype: 'markdown', content: '**超期预警**：3 件工单今日到期' });
 * ```
 */
export interface WecomRobotNotifier {
  /** Resolves when WeCom accepted the message; throws {@link WecomApiError} otherwise. */
  send(message: WecomRobotMessage): Promise<void>;
}

/**
 * A sender for a unit's group chat robot: text or markdown (cut at 2,048 / 4,096 bytes on a character
 * boundary), mentions, 20 messages a minute kept locally (over it: a retry-after error, nothing dropped),
 * and 93000 (bad key) as a permanent failure.
 *
 * @example
 * ```ts
 * import { wecomRobotNotifier } from '@gridflow/adapter-wecom';
 * const robot = wecomRobotNotifier({ webhookUrl: process.env.STREET_ROBOT_URL! });
 * await robot.send({ msgtype: 'text', content: '新工单：路灯不亮', mentionedList: ['wangfang'] });
 * ```
 */
export function wecomRobotNotifier(options: WecomRobotOptions): WecomRobotNotifier {
  const o = parseWecomOptions(wecomRobotOptionsSchema, options);
  const fetchFn = o.fetch ?? globalThis.fetch;
  const clock = o.clock ?? systemClock;
  const key = new URL(o.webhookUrl).searchParams.get('key')!;
  const limiter = slidingWindowLimiter(ROBOT_MESSAGE_LIMITS, { now: () => clock.now().getTime() });

  return {
    async send(message) {
      const m = parseWecomOptions(messageSchema, message, 'message');
      const wait = limiter.take(key);
      if (wait > 0) {
        throw new WecomApiError({
          api: 'webhook/send',
          errcode: null,
          errmsg: 'local limit: 20 messages a minute to one robot',
          kind: 'retry-after',
          source: 'local',
          retryAfterMs: wait,
        });
      }
      const content = truncateUtf8(m.content, MAX_BYTES[m.msgtype]);
      const body =
        m.msgtype === 'markdown'
          ? { msgtype: 'markdown', markdown: { content } }
          : {
              msgtype: 'text',
              text: {
                content,
                mentioned_list: m.mentionedList,
                mentioned_mobile_list: m.mentionedMobileList,
              },
            };
      checkWecomReply(
        'webhook/send',
        await wecomRequest(fetchFn, { api: 'webhook/send', url: o.webhookUrl, body }),
      );
    },
  };
}
