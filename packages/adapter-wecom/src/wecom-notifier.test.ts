import {
  type EffectDelivery,
  isPermanentFailure,
  memoryDirectory,
  type Notice,
  retryAfterMsOf,
  virtualClock,
} from '@gridflow/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeWecomServer, fakeWecomServer } from './testing/index.js';
import { parseWecomButtonKey } from './wecom-card-key.js';
import { wecomClient } from './wecom-client.js';
import { wecomNotifier } from './wecom-notifier.js';
import { WecomUndeliveredError } from './wecom-undelivered.js';

const directory = memoryDirectory({
  units: [
    { id: 'district', name: '示范区', kind: 'district', parentId: null },
    { id: 'comm-1', name: '幸福社区', kind: 'community', parentId: 'district' },
  ],
  members: [
    { id: 'm-li', name: '李明', roles: ['partyMember'], orgUnit: 'comm-1', externalIds: { wecom: 'LiMing' } },
    {
      id: 's-zhao',
      name: '赵丽',
      roles: ['communityStaff'],
      orgUnit: 'comm-1',
      externalIds: { wecom: 'zhaoli' },
    },
    {
      id: 's-qian',
      name: '钱多',
      roles: ['communityStaff'],
      orgUnit: 'comm-1',
      externalIds: { wecom: 'Ghost' },
    },
    { id: 's-sun', name: '孙红', roles: ['communityStaff'], orgUnit: 'comm-1' },
    {
      id: 'v-gao',
      name: '高远',
      roles: ['supervisor'],
      orgUnit: 'comm-1',
      externalIds: { wecom: 'gaoyuan' },
    },
    {
      id: 'd-ma',
      name: '马强',
      roles: ['dispatcher'],
      orgUnit: 'district',
      externalIds: { wecom: 'maqiang' },
    },
    {
      id: 'd-niu',
      name: '牛刚',
      roles: ['dispatcher'],
      orgUnit: 'district',
      externalIds: { wecom: 'niugang' },
    },
  ],
});

const issued: Notice = {
  caseId: 'c-1',
  flowId: 'three-orders',
  to: { member: 'm-li' },
  topic: 'threeOrders.issued',
  text: '三单制 楼道灯坏了: 党组织已下单, 请接单',
  actions: [{ event: 'takeOrder', label: '接单' }],
};
const delivery = (payload: unknown, key = 'c-1:2:0'): EffectDelivery => ({
  id: key,
  type: 'notify',
  caseId: 'c-1',
  payload,
  idempotencyKey: key,
  attempt: 1,
});
const failure = (promise: unknown) =>
  Promise.resolve(promise).then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );

let fake: FakeWecomServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(options: { unknownUsers?: string[] } = {}) {
  const clock = virtualClock('2026-03-02T09:00:00+08:00');
  const server = await fakeWecomServer({ clock, unknownUsers: options.unknownUsers ?? ['Ghost'] });
  fake = server;
  const client = wecomClient({ ...server.appOptions(), clock, busyRetry: { delayMs: 0 } });
  const notify = wecomNotifier({ client, directory, caseUrl: 'https://grid.example.gov.cn/cases/{caseId}' });
  return { clock, notify, fake: server };
}

describe('wecomNotifier', () => {
  it("sends a button card to the member's WeCom id, and a retry of the same delivery shows nothing twice", async () => {
    const { notify, fake } = await setup();
    await notify(delivery(issued));
    await notify({ ...delivery(issued), attempt: 2 });
    const cards = fake.delivered('LiMing');
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({
      msgtype: 'template_card',
      content: { card_type: 'button_interaction' },
    });
    const key = (cards[0]!.content.button_list as Array<{ key: string }>)[0]!.key;
    expect(parseWecomButtonKey(key)).toMatchObject({ caseId: 'c-1', event: 'takeOrder' });
    await notify(delivery(issued, 'c-1:5:0')); // another delivery of the same words is another card
    expect(fake.delivered('LiMing')).toHaveLength(2);
  });

  it('sends text messages with the duplicate check, so a retry after a lost reply is not delivered again', async () => {
    const { notify, fake } = await setup();
    const closed = { ...issued, topic: 'workOrder.closed', actions: [] };
    fake.failNext(1, { status: 500 }, 'message/send');
    expect(await failure(notify(delivery(closed)))).toMatchObject({ retryable: true, status: 500 });
    expect(fake.delivered('LiMing')).toHaveLength(0);
    await notify(delivery(closed));
    await notify({ ...delivery(closed), attempt: 3 }); // as if the reply had been lost: WeCom drops the copy
    expect(fake.delivered('LiMing')).toHaveLength(1);
    expect(fake.delivered('LiMing')[0]).toMatchObject({ msgtype: 'textcard' });
  });

  it('delivers to the others and dead-letters the delivery naming members without a WeCom id or unknown to WeCom', async () => {
    const { notify, fake } = await setup();
    const toStaff = {
      ...issued,
      to: { unit: 'comm-1', role: 'communityStaff' },
      topic: 'workOrder.urged',
      actions: [],
    };
    const error = await failure(notify(delivery(toStaff)));
    expect(error).toBeInstanceOf(WecomUndeliveredError);
    expect(isPermanentFailure(error)).toBe(true);
    const { undelivered, delivered, message } = error as WecomUndeliveredError;
    expect(delivered).toBe(1);
    expect(undelivered).toEqual([
      { memberId: 's-sun', name: '孙红', wecomId: null, reason: 'no WeCom id (externalIds.wecom)' },
      {
        memberId: 's-qian',
        name: '钱多',
        wecomId: 'Ghost',
        reason: "WeCom invaliduser: unknown to the corp or outside the app's visible range",
      },
    ]);
    expect(message).toContain('not delivered to 2 of 3: 孙红 (s-sun)');
    expect(fake.delivered().map((d) => d.userId)).toEqual(['zhaoli']);
  });

  it('reports every member when WeCom knows none of them (81013), as a permanent failure', async () => {
    const { notify } = await setup({ unknownUsers: ['LiMing'] });
    const error = await failure(notify(delivery(issued)));
    expect(error).toBeInstanceOf(WecomUndeliveredError);
    expect((error as WecomUndeliveredError).undelivered).toMatchObject([
      { memberId: 'm-li', wecomId: 'LiMing' },
    ]);
  });

  it('shows the command centre the confidential caller and staff nothing of them, in separate messages', async () => {
    const { notify, fake } = await setup();
    const notice: Notice = {
      ...issued,
      to: { unit: 'comm-1', anyRole: ['partyMember', 'supervisor'] },
      topic: 'workOrder.closed',
      actions: [],
      data: { caller: { name: '王芳', phone: '13812345678', confidential: true } },
    };
    await notify(delivery(notice));
    const forStaff = JSON.stringify(fake.delivered('LiMing'));
    const forCentre = JSON.stringify(fake.delivered('gaoyuan'));
    expect(forStaff).not.toContain('王芳');
    expect(forStaff).not.toContain('诉求人');
    expect(forCentre).toContain('王芳 138****5678（保密）');
    expect(`${forStaff}${forCentre}`).not.toContain('13812345678');
    expect(fake.calls('message/send')).toBe(2);
    await notify(delivery({ ...notice, to: { unit: 'district', role: 'dispatcher' } }, 'c-1:3:0'));
    expect(fake.calls('message/send')).toBe(3); // both dispatchers in one message/send
    expect(fake.delivered('maqiang')).toHaveLength(1);
    expect(fake.delivered('niugang')).toHaveLength(1);
  });

  it('turns the per-member limit into a retry-after error before WeCom could drop a message', async () => {
    const { notify, clock, fake } = await setup();
    const closed = { ...issued, topic: 'workOrder.closed', actions: [] };
    for (let i = 0; i < 30; i++) await notify(delivery(closed, `c-1:${i}:0`));
    const error = await failure(notify(delivery(closed, 'c-1:30:0')));
    expect(retryAfterMsOf(error)).toBeGreaterThan(0);
    expect(isPermanentFailure(error)).toBe(false);
    clock.advanceBy(retryAfterMsOf(error)!);
    await notify(delivery(closed, 'c-1:30:0'));
    expect(fake.delivered('LiMing')).toHaveLength(31);
    expect(fake.dropped()).toEqual([]);
  });

  it('fails permanently on a bad notice or a recipient the directory does not know', async () => {
    const { notify, fake } = await setup();
    const bad = await failure(notify(delivery({ ...issued, topic: 'Not A Topic' })));
    expect(isPermanentFailure(bad)).toBe(true);
    expect((bad as { details: { field: string } }).details.field).toBe('notice.topic');
    const nobody = await failure(notify(delivery({ ...issued, to: { member: 'm-gone' } })));
    expect(isPermanentFailure(nobody)).toBe(true);
    expect((nobody as Error).message).toMatch(/^UNKNOWN_MEMBER/);
    expect(fake.calls('message/send')).toBe(0);
  });

  it('names the option at construction', () => {
    expect(() => wecomNotifier({ client: {} as never, directory })).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'options.client' }) }),
    );
    expect(() =>
      wecomNotifier({
        client: { sendMessage: async () => ({}) } as never,
        directory,
        caseUrl: 'https://x/cases',
      }),
    ).toThrow(expect.objectContaining({ details: expect.objectContaining({ field: 'options.caseUrl' }) }));
  });
});
