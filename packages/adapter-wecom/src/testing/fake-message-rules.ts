/**
 * What the fake WeCom server checks in a `message/send` body, per msgtype, as the documentation states it.
 * Returns the errcode WeCom would answer with and a message, or null when the body is acceptable.
 */

type Problem = { errcode: number; errmsg: string } | null;
type Json = Record<string, unknown>;

const bytes = (s: unknown) => (typeof s === 'string' ? Buffer.byteLength(s, 'utf8') : -1);
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const invalid = (errmsg: string): Problem => ({ errcode: 40058, errmsg });

/** `[0-9A-Za-z_-@]`, at most 128 bytes. */
export const TASK_ID = /^[0-9A-Za-z_\-@]{1,128}$/;

function content(part: Json, max: number): Problem {
  if (typeof part.content !== 'string' || part.content === '')
    return { errcode: 44004, errmsg: 'empty content' };
  return bytes(part.content) > max ? invalid(`content over ${max} bytes`) : null;
}

function textcard(card: Json): Problem {
  if (typeof card.title !== 'string' || card.title === '' || bytes(card.title) > 128)
    return invalid('textcard.title');
  if (typeof card.description !== 'string' || bytes(card.description) > 512)
    return invalid('textcard.description');
  if (typeof card.url !== 'string' || !/^https?:\/\//.test(card.url)) return invalid('textcard.url');
  if (card.btntxt !== undefined && (typeof card.btntxt !== 'string' || [...card.btntxt].length > 4)) {
    return invalid('textcard.btntxt');
  }
  return null;
}

function templateCard(card: Json): Problem {
  const kinds = [
    'text_notice',
    'news_notice',
    'button_interaction',
    'vote_interaction',
    'multiple_interaction',
  ];
  if (!kinds.includes(card.card_type as string)) return invalid('template_card.card_type');
  if (typeof card.task_id !== 'string' || !TASK_ID.test(card.task_id)) {
    return { errcode: 42014, errmsg: 'invalid task_id' };
  }
  if (!isObject(card.main_title) || typeof card.main_title.title !== 'string')
    return invalid('main_title.title');
  if (card.card_type !== 'button_interaction') return null;
  const buttons = card.button_list;
  if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 6)
    return invalid('button_list needs 1 to 6');
  for (const button of buttons) {
    if (!isObject(button) || typeof button.text !== 'string' || button.text === '')
      return invalid('button.text');
    if (typeof button.key !== 'string' || button.key === '')
      return { errcode: 42017, errmsg: 'button key missing' };
    if (bytes(button.key) > 1024) return { errcode: 42018, errmsg: 'invalid button key' };
    if (button.style !== undefined && ![1, 2, 3, 4].includes(button.style as number))
      return invalid('button.style');
  }
  return null;
}

/**
 * Check a `message/send` body's content for its `msgtype`.
 *
 * @example
 * ```ts
 * checkMessageContent({ msgtype: 'text', text: { content: '' } }); // { errcode: 44004, ... }
 * ```
 */
export function checkMessageContent(body: Json): Problem {
  const type = body.msgtype;
  const part = typeof type === 'string' ? body[type] : undefined;
  if (!['text', 'markdown', 'textcard', 'template_card'].includes(type as string)) {
    return { errcode: 40008, errmsg: 'invalid message type' };
  }
  if (!isObject(part)) return invalid(`${String(type)} is missing`);
  if (type === 'text') return content(part, 2048);
  if (type === 'markdown') return content(part, 2048);
  if (type === 'textcard') return textcard(part);
  return templateCard(part);
}

/**
 * Check a group robot's message: text up to 2,048 bytes, markdown up to 4,096.
 *
 * @example
 * ```ts
 * checkRobotMessage({ msgtype: 'markdown', markdown: { content: '**hi**' } }); // null
 * ```
 */
export function checkRobotMessage(body: Json): Problem {
  const type = body.msgtype;
  if (type !== 'text' && type !== 'markdown') return { errcode: 40008, errmsg: 'invalid message type' };
  const part = body[type];
  if (!isObject(part)) return invalid(`${type} is missing`);
  return content(part, type === 'text' ? 2048 : 4096);
}
