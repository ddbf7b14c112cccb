import type { Notice } from '@gridflow/engine';
import type { WecomAudience } from './wecom-privacy.js';

/**
 * The content of one app message (`message/send` without the addressing): text, markdown, a text card, or a
 * template card. The notifier adds `touser`, `agentid`, the duplicate check and, on template cards, `task_id`.
 *
 * @example
 * ```ts
 * const content: WecomMessageContent = { msgtype: 'text', text: { content: '【办理超时】工单 路灯不亮' } };
 * ```
 */
export type WecomMessageContent =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'markdown'; markdown: { content: string } }
  | { msgtype: 'textcard'; textcard: { title: string; description: string; url: string; btntxt?: string } }
  | { msgtype: 'template_card'; template_card: Record<string, unknown> };

/**
 * One button of a `button_interaction` card, its `key` already made by `wecomButtonKey` from the notice's
 * action (the callback reads the case and the event back from it).
 *
 * @example
 * ```ts
 * const button: WecomCardButton = { text: '接单', key: 'gf1|c-1|takeOrder|%E6%8E%A5%E5%8D%95', style: 1 };
 * ```
 */
export interface WecomCardButton {
  /** The button's text. */
  text: string;
  /** The button's key, sent back in the click callback. */
  key: string;
  /** 1 (blue, the first action), 2 (grey, the others); WeCom also knows 3 (red) and 4 (light blue). */
  style: 1 | 2 | 3 | 4;
}

/**
 * What a template gets: the notice as this audience may read it (phones masked, a confidential caller gone
 * below the command centre), the topic's title, the link to the case, the reference shown at the foot, the
 * caller line and the card's buttons.
 *
 * @example
 * ```ts
 * const template: WecomTemplate = (input) => ({ msgtype: 'text', text: { content: `${input.title}\n${input.notice.text}` } });
 * ```
 */
export interface WecomTemplateInput {
  /** Protected for `audience` (see `protectNotice`). */
  notice: Notice;
  /** Who reads it: the command centre or other staff. */
  audience: WecomAudience;
  /** The topic's Chinese label from `BUILT_IN_TOPICS` (`党组织下单`), or the topic for others. */
  title: string;
  /** The flow's name for people: 工单, 随手拍, 三单制, 微心愿, or the flow id. */
  flowLabel: string;
  /** The link to the case (`caseUrl` option), or null without one. */
  caseUrl: string | null;
  /** 消息编号: the delivery's short reference; keep it in text, markdown and text cards. */
  ref: string;
  /** The caller, as this audience may see them (`王* 138****5678`), or null. */
  caller: string | null;
  /** One button per notice action; empty when the notice offers none. */
  buttons: readonly WecomCardButton[];
}

/**
 * A district's rendering of one topic: return any {@link WecomMessageContent}. The notifier sets a template
 * card's `task_id` itself (unique per card), checks the result, and cuts texts to WeCom's limits.
 *
 * @example
 * ```ts
 * const issued: WecomTemplate = ({ notice, buttons, caseUrl }) => ({
 *   msgtype: 'template_card',
 *   template_card: { card_type: 'button_interaction', main_title: { title: '请接单' }, sub_title_text: notice.text,
 *     button_list: buttons, ...(caseUrl ? { card_action: { type: 1, url: caseUrl } } : {}) },
 * });
 * ```
 */
export type WecomTemplate = (input: WecomTemplateInput) => WecomMessageContent;

/**
 * Templates by topic (`'threeOrders.issued'`); a topic without one gets the default rendering.
 *
 * @example
 * ```ts
 * const templates: WecomTemplates = { 'workOrder.slaBreached': ({ notice }) => ({ msgtype: 'text', text: { content: `⚠ ${notice.text}` } }) };
 * ```
 */
export type WecomTemplates = Readonly<Record<string, WecomTemplate>>;

/**
 * How the default rendering shows a built-in topic when its notice offers no buttons: `alert` as markdown
 * in WeCom's warning colour (overdue, escalated, urged, supervised, returned, reopened), `info` as a text card
 * with a link to the case (or plain text without `caseUrl`). A notice with actions is always a button card.
 *
 * @example
 * ```ts
 * WECOM_TOPIC_STYLES['workOrder.slaBreached']; // 'alert'
 * ```
 */
export const WECOM_TOPIC_STYLES: Readonly<Record<string, 'alert' | 'info'>> = {
  'workOrder.returned': 'alert',
  'workOrder.signForOverdue': 'alert',
  'workOrder.slaReminder': 'alert',
  'workOrder.slaBreached': 'alert',
  'workOrder.escalated': 'alert',
  'workOrder.escalationTopReached': 'alert',
  'workOrder.urged': 'alert',
  'workOrder.supervised': 'alert',
  'workOrder.reportInLate': 'alert',
  'workOrder.reopened': 'alert',
  'gridReport.communityOverdue': 'alert',
  'threeOrders.notTaken': 'alert',
  'threeOrders.solveOverdue': 'alert',
};

const shorten = (text: string, max: number) => {
  const all = [...text];
  return all.length <= max ? text : `${all.slice(0, max - 1).join('')}…`;
};
const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const FULL_WIDTH: Record<string, string> = {
  '<': '＜',
  '>': '＞',
  '[': '［',
  ']': '］',
  '`': '｀',
  '*': '＊',
  '#': '＃',
};
/**
 * WeCom markdown has no escapes: a notice's own text must not open links, colours or bold (the `****` of a
 * masked phone would vanish as an empty bold), so those characters become their full-width twins.
 */
const plainMarkdown = (text: string) => text.replace(/[<>[\]`*#]/g, (c) => FULL_WIDTH[c]!);

function buttonCard(input: WecomTemplateInput): WecomMessageContent {
  const { notice, title, flowLabel, caseUrl, caller, buttons } = input;
  return {
    msgtype: 'template_card',
    template_card: {
      card_type: 'button_interaction',
      source: { desc: flowLabel, desc_color: 0 },
      main_title: { title },
      sub_title_text: notice.text,
      ...(caller ? { horizontal_content_list: [{ keyname: '诉求人', value: caller }] } : {}),
      ...(caseUrl ? { card_action: { type: 1, url: caseUrl } } : {}),
      button_list: buttons,
    },
  };
}

function alertMarkdown(input: WecomTemplateInput): WecomMessageContent {
  const { notice, title, caseUrl, caller, ref } = input;
  const lines = [
    `**<font color="warning">${plainMarkdown(title)}</font>**`,
    plainMarkdown(notice.text),
    ...(caller ? [`> 诉求人：${plainMarkdown(caller)}`] : []),
    ...(caseUrl ? [`[查看工单](${caseUrl})`] : []),
    `<font color="comment">消息编号 ${ref}</font>`,
  ];
  return { msgtype: 'markdown', markdown: { content: lines.join('\n') } };
}

function infoMessage(input: WecomTemplateInput): WecomMessageContent {
  const { notice, title, flowLabel, caseUrl, caller, ref } = input;
  if (!caseUrl) {
    const lines = [`【${title}】${notice.text}`, ...(caller ? [`诉求人：${caller}`] : []), `消息编号 ${ref}`];
    return { msgtype: 'text', text: { content: lines.join('\n') } };
  }
  const description = [
    `<div class="gray">${escapeHtml(flowLabel)} · 消息编号 ${ref}</div>`,
    // A text card's description takes 512 bytes with its markup: cut the text, never the markup.
    `<div class="normal">${escapeHtml(shorten(notice.text, 100))}</div>`,
    ...(caller ? [`<div class="highlight">诉求人：${escapeHtml(caller)}</div>`] : []),
  ].join('');
  return { msgtype: 'textcard', textcard: { title, description, url: caseUrl, btntxt: '详情' } };
}

/**
 * The rendering used for every topic a district does not override: a `button_interaction` template card when
 * the notice offers actions (接单 / 签收 / 领办 …), else by {@link WECOM_TOPIC_STYLES}: markdown for alerts, a text
 * card linking to the case for the rest (plain text without a link).
 *
 * @example
 * ```ts
 * const content = defaultWecomTemplate(input); // { msgtype: 'template_card', template_card: { ... } }
 * ```
 */
export const defaultWecomTemplate: WecomTemplate = (input) => {
  if (input.buttons.length > 0) return buttonCard(input);
  return WECOM_TOPIC_STYLES[input.notice.topic] === 'alert' ? alertMarkdown(input) : infoMessage(input);
};
