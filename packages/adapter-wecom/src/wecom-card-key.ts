import { createHash } from 'node:crypto';
import { validationError } from '@gridflow/engine';

/**
 * What a card button stands for: the event it sends on the case, and its text (the card update after a click
 * says "已接单" or "已被他人接单" from it).
 *
 * @example
 * ```ts
 * const button: WecomButtonAction = { caseId: 'c-1', event: 'takeOrder', label: '接单' };
 * ```
 */
export interface WecomButtonAction {
  /** The case the button acts on. */
  caseId: string;
  /** The engine event a tap sends (`takeOrder`, `signFor` ...). */
  event: string;
  /** The button's text (接单). */
  label: string;
}

const PREFIX = 'gf1';
/** WeCom takes button keys up to 1,024 bytes. */
const MAX_KEY_BYTES = 1024;
/** WeCom suggests button texts of at most 10 characters. */
const MAX_LABEL_CHARS = 10;

/**
 * The `key` of a template card button for `action`: `gf1|<caseId>|<event>|<label>`, each part percent-encoded,
 * so WeCom hands it back in the click callback's `EventKey`. Throws `VALIDATION_FAILED` (field `button.key`)
 * when it would pass WeCom's 1,024 bytes; a label is cut to 10 characters first.
 *
 * @example
 * ```ts
 * wecomButtonKey({ caseId: 'c-1', event: 'takeOrder', label: '接单' }); // 'gf1|c-1|takeOrder|%E6%8E%A5%E5%8D%95'
 * ```
 */
export function wecomButtonKey(action: WecomButtonAction): string {
  const label = [...action.label].slice(0, MAX_LABEL_CHARS).join('');
  const key = [PREFIX, action.caseId, action.event, label].map((p, i) =>
    i === 0 ? p : encodeURIComponent(p),
  );
  const joined = key.join('|');
  if (Buffer.byteLength(joined) > MAX_KEY_BYTES) {
    throw validationError('button.key', `must fit in ${MAX_KEY_BYTES} bytes: the case id is too long`);
  }
  return joined;
}

/**
 * The action behind a button key made by {@link wecomButtonKey}, or null for any other key (a card sent by
 * something else on the same app).
 *
 * @example
 * ```ts
 * parseWecomButtonKey('gf1|c-1|takeOrder|%E6%8E%A5%E5%8D%95'); // { caseId: 'c-1', event: 'takeOrder', label: '接单' }
 * parseWecomButtonKey('take:c-1'); // null
 * ```
 */
export function parseWecomButtonKey(key: string): WecomButtonAction | null {
  const parts = key.split('|');
  if (parts.length !== 4 || parts[0] !== PREFIX) return null;
  try {
    const [caseId, event, label] = parts.slice(1).map(decodeURIComponent) as [string, string, string];
    return caseId && event && label ? { caseId, event, label } : null;
  } catch {
    return null; // a malformed %-sequence
  }
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * The `task_id` of one card of one delivery: the same on every retry of that delivery (so WeCom never shows a
 * card twice) and different for every other card. `[0-9A-Za-z_-]` only, well under WeCom's 128 bytes.
 * `part` tells apart the cards one delivery sends (an audience and a batch of 1,000 users).
 *
 * @example
 * ```ts
 * wecomTaskId('c-1:3:0', 's0'); // 'gf_<43 characters>_s0'
 * ```
 */
export function wecomTaskId(idempotencyKey: string, part: string): string {
  if (!/^[0-9A-Za-z]{1,16}$/.test(part)) throw validationError('part', 'must be 1 to 16 letters or digits');
  return `gf_${digest(idempotencyKey).toString('base64url')}_${part}`;
}

/**
 * A short reference for one delivery (消息编号), shown at the foot of a message. It makes two notices with the
 * same words two different message bodies, so WeCom's duplicate check only ever catches a retry of the same
 * delivery.
 *
 * @example
 * ```ts
 * wecomDeliveryRef('c-1:3:0'); // 8 hex digits, the same for every attempt
 * ```
 */
export function wecomDeliveryRef(idempotencyKey: string): string {
  return digest(`ref:${idempotencyKey}`).toString('hex').slice(0, 8);
}

/**
 * The idempotency key of a click (WeCom's `TaskId`, `ResponseCode` and the user): WeCom's retries of one
 * callback and every engine process that receives one get the same key, so the click acts once.
 *
 * @example
 * ```ts
 * engine.send({ caseId, actor, event, idempotencyKey: wecomClickKey(taskId, responseCode, userId) });
 * ```
 */
export function wecomClickKey(taskId: string, responseCode: string, userId: string): string {
  const hash = digest(JSON.stringify([taskId, responseCode, userId])).toString('base64url');
  return `wecom:click:${hash}`;
}
