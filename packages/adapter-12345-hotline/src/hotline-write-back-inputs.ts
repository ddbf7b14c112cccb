import { z } from 'zod';
import type { HotlineProfile } from './hotline-profile.js';
import { formatBeijingDateTime } from './hotline-time.js';

const text = z.string().trim().min(1, 'must not be empty');
const common = {
  orderNo: text,
  /** Sent as the idempotency header: the platform applies a key once, however often it is retried. */
  idempotencyKey: z.string().min(1, 'must not be empty').max(200),
  /** When it happened (sent as Beijing time). */
  time: z.date(),
  /** Who did it (经办人). */
  handler: text.optional(),
  /** The platform's code of the unit that acted (see `HotlineUnitTable.codeOf`). */
  unit: text.optional(),
};
const urls = z.array(z.url({ protocol: /^https?$/ })).max(50);

/**
 * Schemas of the write-back verbs' inputs: 签收 `signFor`, 阶段性答复 `interimReply`, 回复/办结 `reply`,
 * 退单 `returnOrder`, 延期申请 `requestExtension`, 办结 `close`.
 *
 * @example
 * ```ts
 * writeBackInputs.reply.parse({ orderNo: 'GD1', idempotencyKey: 'k1', time: new Date(), result: 'solved',
 *   text: '已更换灯泡', handler: '李工', unit: 'CG01' });
 * ```
 */
export const writeBackInputs = {
  signFor: z.object({ ...common, note: text.optional() }).strict(),
  interimReply: z.object({ ...common, text, attachments: urls.optional() }).strict(),
  reply: z
    .object({
      ...common,
      handler: text,
      unit: text,
      result: z.enum(['solved', 'unsolved', 'partly']),
      text,
      attachments: urls.optional(),
    })
    .strict(),
  returnOrder: z.object({ ...common, reason: text }).strict(),
  requestExtension: z.object({ ...common, reason: text, newDeadline: z.date() }).strict(),
  close: z
    .object({
      ...common,
      reason: z.enum([
        'resolved',
        'partiallyResolved',
        'explained',
        'notResponsible',
        'referred',
        'duplicate',
        'withdrawn',
      ]),
      note: text.optional(),
    })
    .strict(),
};

/**
 * A write-back verb.
 *
 * @example
 * ```ts
 * const verb: WriteBackVerb = 'requestExtension';
 * ```
 */
export type WriteBackVerb = keyof typeof writeBackInputs;

/**
 * The input of a write-back verb.
 *
 * @example
 * ```ts
 * const input: WriteBackInput<'returnOrder'> = { orderNo: 'GD1', idempotencyKey: 'k2', time: new Date(),
 *   reason: '不属于本辖区' };
 * ```
 */
export type WriteBackInput<V extends WriteBackVerb> = z.input<(typeof writeBackInputs)[V]>;

/**
 * The JSON body a verb sends in the default wire format: `orderNo`, `handler`, `unit`, `time` and the verb's own
 * fields (`note`; `content`, `attachments`; `result` as the profile's label; `reason`; `newDeadline`), times as
 * `yyyy-MM-dd HH:mm:ss` Beijing time.
 *
 * @example
 * ```ts
 * writeBackBody('reply', parsedInput, profile); // { orderNo, handler, unit, time, result: '已解决', content, … }
 * ```
 */
export function writeBackBody<V extends WriteBackVerb>(
  verb: V,
  input: z.output<(typeof writeBackInputs)[V]>,
  profile: HotlineProfile,
): Record<string, unknown> {
  const all = input as Record<string, unknown> & z.output<(typeof writeBackInputs)['reply']>;
  const body: Record<string, unknown> = {
    orderNo: all.orderNo,
    handler: all.handler,
    unit: all.unit,
    time: formatBeijingDateTime(all.time),
  };
  if (verb === 'signFor') body.note = all.note;
  if (verb === 'interimReply' || verb === 'reply') {
    body.content = all.text;
    body.attachments = all.attachments ?? [];
  }
  if (verb === 'reply') body.result = profile.replyResults[all.result];
  if (verb === 'returnOrder' || verb === 'requestExtension') body.reason = all.reason;
  if (verb === 'close') {
    const close = input as z.output<(typeof writeBackInputs)['close']>;
    body.reason = profile.closeReasons[close.reason];
    body.note = close.note;
  }
  if (verb === 'requestExtension') body.newDeadline = formatBeijingDateTime(all.newDeadline as Date);
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}
