import { isGridflowError, isPermanentFailure, type Notice } from '@gridflow/engine';
import { BUILT_IN_TOPICS } from '@gridflow/engine/flows';
import { describe, expect, it } from 'vitest';
import { checkMessageContent, TASK_ID } from './testing/fake-message-rules.js';
import { parseWecomButtonKey } from './wecom-card-key.js';
import { renderWecomMessage, type WecomRenderOptions } from './wecom-messages.js';
import type { WecomTemplates } from './wecom-templates.js';

const issued: Notice = {
  caseId: 'c-7f3a',
  flowId: 'three-orders',
  to: { member: 'm-li' },
  topic: 'threeOrders.issued',
  text: '三单制 楼道灯坏了: 党组织已下单, 请接单',
  actions: [{ event: 'takeOrder', label: '接单' }],
};
const staff: WecomRenderOptions = { audience: 'staff', idempotencyKey: 'c-7f3a:2:0', part: 's0' };
const caseUrl = (id: string) => `https://grid.example.gov.cn/cases/${id}`;
const card = (content: unknown) => (content as { template_card: Record<string, unknown> }).template_card;

describe('renderWecomMessage', () => {
  it('renders a notice with actions as a button card whose keys name the case and the event', () => {
    const content = renderWecomMessage(issued, { ...staff, caseUrl });
    expect(content.msgtype).toBe('template_card');
    const c = card(content);
    expect(c).toMatchObject({
      card_type: 'button_interaction',
      main_title: { title: '党组织下单' },
      sub_title_text: issued.text,
      card_action: { type: 1, url: 'https://grid.example.gov.cn/cases/c-7f3a' },
    });
    const buttons = c.button_list as Array<{ text: string; key: string }>;
    expect(buttons.map((b) => b.text)).toEqual(['接单']);
    expect(parseWecomButtonKey(buttons[0]!.key)).toEqual({
      caseId: 'c-7f3a',
      event: 'takeOrder',
      label: '接单',
    });
    expect(checkMessageContent({ ...content })).toBeNull();
  });

  it('gives every card a task id of WeCom charset, the same on a retry and different for every other card', () => {
    const taskId = (key: string, part: string) =>
      card(renderWecomMessage(issued, { ...staff, idempotencyKey: key, part })).task_id as string;
    const first = taskId('c-7f3a:2:0', 's0');
    expect(first).toMatch(TASK_ID);
    expect(first.length).toBeLessThanOrEqual(128);
    expect(taskId('c-7f3a:2:0', 's0')).toBe(first);
    const others = [taskId('c-7f3a:2:0', 'c0'), taskId('c-7f3a:2:0', 's1'), taskId('c-7f3a:4:0', 's0')];
    expect(new Set([first, ...others]).size).toBe(4);
  });

  it('renders every built-in topic as content the fake WeCom accepts: cards with actions, markdown alerts, text cards', () => {
    const kinds: Record<string, string> = {};
    for (const [topic, info] of Object.entries(BUILT_IN_TOPICS)) {
      const notice: Notice = { ...issued, topic, flowId: info.flow, actions: [...info.actions] };
      const content = renderWecomMessage(notice, { ...staff, caseUrl });
      expect(checkMessageContent({ ...content }), topic).toBeNull();
      kinds[topic] = content.msgtype;
    }
    expect(kinds['threeOrders.issued']).toBe('template_card');
    expect(kinds['microWish.published']).toBe('template_card');
    expect(kinds['workOrder.slaBreached']).toBe('markdown');
    expect(kinds['workOrder.closed']).toBe('textcard');
    const withoutLink = renderWecomMessage({ ...issued, topic: 'workOrder.closed', actions: [] }, staff);
    expect(withoutLink).toMatchObject({ msgtype: 'text' });
    expect((withoutLink as { text: { content: string } }).text.content).toMatch(
      /^【诉求已办结】三单制 楼道灯坏了.*\n消息编号 [0-9a-f]{8}$/,
    );
  });

  it('puts the delivery reference in every message without buttons, so equal words are different bodies', () => {
    const notice = { ...issued, topic: 'workOrder.urged', actions: [] };
    const a = JSON.stringify(renderWecomMessage(notice, { ...staff, idempotencyKey: 'c-1:5:0' }));
    const b = JSON.stringify(renderWecomMessage(notice, { ...staff, idempotencyKey: 'c-1:6:0' }));
    expect(a).not.toBe(b);
    expect(JSON.stringify(renderWecomMessage(notice, { ...staff, idempotencyKey: 'c-1:5:0' }))).toBe(a);
  });

  it('never shows a whole phone number, and hides a confidential caller from everyone below the command centre', () => {
    const notice: Notice = {
      ...issued,
      topic: 'workOrder.closed',
      actions: [],
      text: '工单 井盖缺失: 请回电 13812345678',
      data: { caller: { name: '王芳', phone: '13812345678', confidential: true } },
    };
    const forStaff = JSON.stringify(renderWecomMessage(notice, staff));
    const forCentre = JSON.stringify(renderWecomMessage(notice, { ...staff, audience: 'commandCentre' }));
    for (const rendered of [forStaff, forCentre]) {
      expect(rendered).not.toContain('13812345678');
      expect(rendered).toContain('138****5678'); // the text's number, masked
    }
    expect(forStaff).not.toContain('王');
    expect(forStaff).not.toContain('诉求人');
    expect(forCentre).toContain('诉求人：王芳 138****5678（保密）');
    const open = {
      ...notice,
      data: { caller: { name: '王芳', phone: '010-62345678', confidential: false } },
    };
    const openForStaff = JSON.stringify(renderWecomMessage(open, staff));
    expect(openForStaff).toContain('诉求人：王* 010****5678');
    expect(openForStaff).not.toContain('62345678');
  });

  it('uses a district template for its topic, sets the task id itself and cuts texts to WeCom limits', () => {
    const templates: WecomTemplates = {
      'threeOrders.issued': ({ notice, buttons }) => ({
        msgtype: 'template_card',
        template_card: {
          card_type: 'button_interaction',
          task_id: 'mine',
          main_title: { title: `请接单：${'长'.repeat(80)}` },
          sub_title_text: notice.text,
          button_list: buttons,
        },
      }),
      'workOrder.closed': () => ({ msgtype: 'text', text: { content: '办'.repeat(1000) } }),
    };
    const c = card(renderWecomMessage(issued, { ...staff, templates }));
    expect(c.task_id).toMatch(/^gf_/);
    expect([...(c.main_title as { title: string }).title]).toHaveLength(36);
    const text = renderWecomMessage({ ...issued, topic: 'workOrder.closed' }, { ...staff, templates });
    expect(Buffer.byteLength((text as { text: { content: string } }).text.content)).toBeLessThanOrEqual(2048);
  });

  it('refuses a template answer WeCom would refuse, permanently and naming the field', () => {
    const templates: WecomTemplates = {
      'threeOrders.issued': () => ({
        msgtype: 'textcard',
        textcard: { title: 'x', description: '', url: 'ftp://x' },
      }),
    };
    let error: unknown;
    try {
      renderWecomMessage(issued, { ...staff, templates });
    } catch (e) {
      error = e;
    }
    expect(isGridflowError(error, 'VALIDATION_FAILED')).toBe(true);
    expect(isPermanentFailure(error)).toBe(true);
    expect((error as { details: { field: string } }).details.field).toBe('template.textcard.url');
  });
});
