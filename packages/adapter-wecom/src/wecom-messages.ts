import { type Notice, permanentFailure, validationError } from '@gridflow/engine';
import { BUILT_IN_TOPICS } from '@gridflow/engine/flows';
import { z } from 'zod';
import { wecomButtonKey, wecomDeliveryRef, wecomTaskId } from './wecom-card-key.js';
import { callerLine, protectNotice, type WecomAudience } from './wecom-privacy.js';
import {
  defaultWecomTemplate,
  type WecomCardButton,
  type WecomMessageContent,
  type WecomTemplateInput,
  type WecomTemplates,
} from './wecom-templates.js';
import { truncateUtf8 } from './wecom-text.js';

/**
 * What {@link renderWecomMessage} needs besides the notice.
 *
 * @example
 * ```ts
 * const options: WecomRenderOptions = { audience: 'staff', idempotencyKey: delivery.idempotencyKey, part: 's0',
 *   caseUrl: (id) => `https://grid.example.gov.cn/cases/${id}` };
 * ```
 */
export interface WecomRenderOptions {
  /** Who reads it: the command centre or other staff; decides how much personal data shows. */
  audience: WecomAudience;
  /** The delivery's idempotency key: the card's `task_id` and the 消息编号 come from it. */
  idempotencyKey: string;
  /** Which card of the delivery (letters and digits): one per audience and batch of 1,000 users. */
  part: string;
  /** The link to a case, or none. */
  caseUrl?: (caseId: string) => string;
  /** District templates by topic, replacing the built-in rendering. */
  templates?: WecomTemplates;
}

const FLOW_LABELS: Readonly<Record<string, string>> = {
  'work-order': '工单',
  'grid-report': '随手拍',
  'three-orders': '三单制',
  'micro-wish': '微心愿',
};
const TOPIC_LABELS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(BUILT_IN_TOPICS).map(([topic, info]) => [topic, info.label]),
);

/** Cut to `max` characters (code points), marking the cut. */
const chars = (text: string, max: number) => {
  const all = [...text];
  return all.length <= max ? text : `${all.slice(0, max - 1).join('')}…`;
};
const bytes = (text: string, max: number) =>
  Buffer.byteLength(text) <= max ? text : `${truncateUtf8(text, max - 3)}…`;

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const contentSchema = z.discriminatedUnion('msgtype', [
  z.object({ msgtype: z.literal('text'), text: z.object({ content: z.string().min(1) }) }),
  z.object({ msgtype: z.literal('markdown'), markdown: z.object({ content: z.string().min(1) }) }),
  z.object({
    msgtype: z.literal('textcard'),
    textcard: z.object({
      title: z.string().min(1),
      description: z.string(),
      url: httpUrl,
      btntxt: z.string().min(1).optional(),
    }),
  }),
  z.object({
    msgtype: z.literal('template_card'),
    template_card: z.looseObject({
      card_type: z.enum([
        'text_notice',
        'news_notice',
        'button_interaction',
        'vote_interaction',
        'multiple_interaction',
      ]),
      main_title: z.looseObject({ title: z.string().min(1), desc: z.string().optional() }),
      sub_title_text: z.string().optional(),
      button_list: z
        .array(z.looseObject({ text: z.string().min(1), key: z.string().min(1) }))
        .max(6, 'WeCom shows at most 6 buttons')
        .optional(),
    }),
  }),
]);

/** Check a template's answer and cut it to WeCom's limits; a bad one cannot get better by retrying. */
function fitToWecom(content: unknown, taskId: string): WecomMessageContent {
  const parsed = contentSchema.safeParse(content);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = ['template', ...issue.path.map(String)].join('.');
    throw permanentFailure(validationError(field, issue.message, parsed.error));
  }
  const c = parsed.data;
  switch (c.msgtype) {
    case 'text':
      return { msgtype: 'text', text: { content: bytes(c.text.content, 2048) } };
    case 'markdown':
      return { msgtype: 'markdown', markdown: { content: bytes(c.markdown.content, 2048) } };
    case 'textcard': {
      const { title, description, url, btntxt } = c.textcard;
      const card = { title: bytes(title, 128), description: bytes(description, 512), url };
      return { msgtype: 'textcard', textcard: btntxt ? { ...card, btntxt: chars(btntxt, 4) } : card };
    }
    case 'template_card': {
      const card = c.template_card;
      const { title, desc } = card.main_title;
      return {
        msgtype: 'template_card',
        template_card: {
          ...card,
          task_id: taskId,
          main_title: {
            ...card.main_title,
            title: chars(title, 36),
            ...(desc ? { desc: chars(desc, 44) } : {}),
          },
          ...(card.sub_title_text ? { sub_title_text: chars(card.sub_title_text, 160) } : {}),
          ...(card.button_list
            ? { button_list: card.button_list.map((b) => ({ ...b, text: chars(b.text, 10) })) }
            : {}),
        },
      };
    }
  }
}

/**
 * Render one notice for one audience as WeCom message content: protect personal data for the audience
 * (`protectNotice`), build the template input (title from `BUILT_IN_TOPICS`, the case link, 消息编号, the caller
 * line, one button per action with its key), run the district's template for the topic or the default
 * (`defaultWecomTemplate`), then check the result, set a card's `task_id` (from the idempotency key and
 * `part`) and cut texts to WeCom's limits. Pure: no I/O. A template that returns something WeCom would refuse
 * throws a permanent `VALIDATION_FAILED` naming `template.<field>`.
 *
 * @example
 * ```ts
 * const content = renderWecomMessage(notice, { audience: 'staff', idempotencyKey: 'c-1:3:0', part: 's0' });
 * await client.sendMessage({ touser: 'wangfang', ...content });
 * ```
 */
export function renderWecomMessage(notice: Notice, options: WecomRenderOptions): WecomMessageContent {
  const safe = protectNotice(notice, options.audience);
  const buttons: WecomCardButton[] = (notice.actions ?? []).map((action, i) => ({
    text: action.label,
    key: wecomButtonKey({ caseId: notice.caseId, event: action.event, label: action.label }),
    style: i === 0 ? 1 : 2,
  }));
  const input: WecomTemplateInput = {
    notice: safe,
    audience: options.audience,
    title: TOPIC_LABELS[notice.topic] ?? notice.topic,
    flowLabel: FLOW_LABELS[notice.flowId] ?? notice.flowId,
    caseUrl: options.caseUrl ? options.caseUrl(notice.caseId) : null,
    ref: wecomDeliveryRef(options.idempotencyKey),
    caller: callerLine(safe.data),
    buttons,
  };
  const template = options.templates?.[notice.topic] ?? defaultWecomTemplate;
  return fitToWecom(template(input), wecomTaskId(options.idempotencyKey, options.part));
}
