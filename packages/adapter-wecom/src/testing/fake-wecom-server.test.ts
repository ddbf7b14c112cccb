import { virtualClock } from '@gridflow/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeWecomServer, fakeWecomServer } from './index.js';

const clock = virtualClock('2026-03-02T09:00:00+08:00');
let fake: FakeWecomServer;
afterEach(() => fake?.close());

async function start(options: Parameters<typeof fakeWecomServer>[0] = {}) {
  fake = await fakeWecomServer({ clock, ...options });
  const token = async () => {
    const url = `${fake.baseUrl}gettoken?corpid=${fake.corpId}&corpsecret=${fake.corpSecret}`;
    return ((await (await fetch(url)).json()) as { access_token: string }).access_token;
  };
  const post = async (api: string, body: unknown, accessToken?: string): Promise<Record<string, unknown>> => {
    const response = await fetch(`${fake.baseUrl}${api}?access_token=${accessToken ?? (await token())}`, {
      method: 'POST',
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      ...(response.status === 200 ? ((await response.json()) as Record<string, unknown>) : {}),
    };
  };
  return { token, post };
}

const text = (touser: string, content = 'hi', extra: object = {}) => ({
  touser,
  msgtype: 'text',
  agentid: 1000002,
  text: { content },
  ...extra,
});
const card = (taskId: string, extra: object = {}) => ({
  touser: 'wangfang',
  msgtype: 'template_card',
  agentid: 1000002,
  template_card: {
    card_type: 'button_interaction',
    task_id: taskId,
    main_title: { title: '新工单' },
    button_list: [{ text: '接单', key: 'take:c-1' }],
    ...extra,
  },
});

describe('fakeWecomServer', () => {
  it('gives the same token within its life and a new one after expireTokens, refusing the old with 42001', async () => {
    const { token, post } = await start();
    const first = await token();
    expect(await token()).toBe(first);
    fake.expireTokens();
    expect(await post('message/send', text('a'), first)).toMatchObject({ errcode: 42001 });
    expect(await token()).not.toBe(first);
    expect(await post('message/send', text('a'), 'made-up')).toMatchObject({ errcode: 40014 });
  });

  it('drops a repeated body within duplicate_check_interval without an error, and delivers it after', async () => {
    const { post } = await start();
    const body = text('wangfang', 'same', { enable_duplicate_check: 1, duplicate_check_interval: 600 });
    expect(await post('message/send', body)).toMatchObject({ errcode: 0 });
    expect(await post('message/send', body)).toMatchObject({ errcode: 0 });
    expect(fake.delivered()).toHaveLength(1);
    await post('message/send', text('wangfang', 'same')); // no duplicate check asked: delivered
    clock.advanceBy(601_000);
    await post('message/send', body);
    expect(fake.delivered()).toHaveLength(3);
  });

  it('answers 42014 for a bad task_id and silently loses a card whose task_id was used before', async () => {
    const { post } = await start();
    expect(await post('message/send', card('bad task'))).toMatchObject({ errcode: 42014 });
    expect(await post('message/send', card('x'.repeat(129)))).toMatchObject({ errcode: 42014 });
    expect(await post('message/send', card('c-1_take@v1'))).toMatchObject({
      errcode: 0,
      response_code: expect.any(String),
    });
    expect(await post('message/send', card('c-1_take@v1'))).toMatchObject({ errcode: 0 });
    expect(fake.delivered().map((d) => d.taskId)).toEqual(['c-1_take@v1']);
  });

  it('checks message bodies per msgtype', async () => {
    const { post } = await start();
    expect(await post('message/send', { ...text('a'), msgtype: 'voice' })).toMatchObject({ errcode: 40008 });
    expect(await post('message/send', text('a', ''))).toMatchObject({ errcode: 44004 });
    expect(await post('message/send', text('a', '工'.repeat(683)))).toMatchObject({ errcode: 40058 });
    expect(await post('message/send', { ...text('a'), agentid: 7 })).toMatchObject({ errcode: 40056 });
    const users = Array.from({ length: 1001 }, (_, i) => `u${i}`).join('|');
    expect(await post('message/send', text(users))).toMatchObject({ errcode: 40058 });
    expect(
      await post('message/send', card('t1', { button_list: [{ text: '接单', key: 'k'.repeat(1025) }] })),
    ).toMatchObject({
      errcode: 42018,
    });
    expect(await post('message/send', card('t2', { button_list: [{ text: '接单' }] }))).toMatchObject({
      errcode: 42017,
    });
    expect(fake.delivered()).toEqual([]);
  });

  it('drops messages over 30 a minute to one member without an error, like WeCom', async () => {
    const { token, post } = await start();
    const t = await token();
    for (let i = 0; i < 32; i++)
      expect(await post('message/send', text('wangfang', `n${i}`), t)).toMatchObject({ errcode: 0 });
    expect(fake.delivered('wangfang')).toHaveLength(30);
    expect(fake.dropped('wangfang').map((d) => (d.content as { content: string }).content)).toEqual([
      'n30',
      'n31',
    ]);
  });

  it('answers 45009 after N calls for a minute, then lets calls through again', async () => {
    const { token, post } = await start();
    const t = await token();
    fake.rateLimitAfter(2);
    expect(await post('message/send', text('a'), t)).toMatchObject({ errcode: 0 });
    expect(await post('message/send', text('b'), t)).toMatchObject({ errcode: 0 });
    expect(await post('message/send', text('c'), t)).toMatchObject({ errcode: 45009 });
    clock.advanceBy(59_000);
    expect(await post('message/send', text('c'), t)).toMatchObject({ errcode: 45009 });
    clock.advanceBy(1_000);
    expect(await post('message/send', text('c'), t)).toMatchObject({ errcode: 0 });
  });

  it('injects HTTP failures, and with lostReplyRate delivers before answering 500', async () => {
    const { post } = await start({ lostReplyRate: 1 });
    expect(await post('message/send', text('wangfang'))).toEqual({ status: 500 });
    expect(fake.delivered('wangfang')).toHaveLength(1);
    fake.failNext(1, { status: 503 });
    expect(await post('message/send', text('wangfang'))).toEqual({ status: 503 });
    expect(fake.delivered('wangfang')).toHaveLength(1);
  });

  it('keeps response codes single use and valid for 72 hours', async () => {
    const { token, post } = await start();
    const t = await token();
    const first = await post('message/send', card('task1'), t);
    const second = await post('message/send', card('task2'), t);
    const update = (code: unknown) => ({
      agentid: 1000002,
      response_code: code,
      button: { replace_name: '已接单' },
    });
    expect(await post('message/update_template_card', update(first.response_code), t)).toMatchObject({
      errcode: 0,
    });
    expect(await post('message/update_template_card', update(first.response_code), t)).toMatchObject({
      errcode: 40058,
    });
    clock.advanceBy(72 * 3_600_000);
    expect(
      await post('message/update_template_card', update(second.response_code), await token()),
    ).toMatchObject({
      errcode: 40058,
      errmsg: 'response_code expired',
    });
    expect(fake.cardUpdates().map((u) => u.taskId)).toEqual(['task1']);
  });

  it('keeps robots to 20 messages a minute and refuses unknown keys with 93000', async () => {
    await start({ robotKeys: ['k1'] });
    const send = async (key: string, content: string) =>
      (await (
        await fetch(fake.webhookUrl(key), {
          method: 'POST',
          body: JSON.stringify({ msgtype: 'text', text: { content } }),
        })
      ).json()) as {
        errcode: number;
      };
    for (let i = 0; i < 20; i++) expect((await send('k1', `m${i}`)).errcode).toBe(0);
    expect((await send('k1', 'm20')).errcode).toBe(45009);
    expect((await send('nope', 'x')).errcode).toBe(93000);
    expect(fake.robotMessages('k1')).toHaveLength(20);
  });

  it('fails about the asked share of calls with HTTP 500, from the given random source', async () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const { post } = await start({ serverErrorRate: 0.2, random });
    let failed = 0;
    for (let i = 0; i < 200; i++) {
      const reply = await post('message/send', text(`u${i}`), 'any-token'); // 500, or 40014 when it gets through
      if (reply.status === 500) failed++;
      else expect(reply).toMatchObject({ errcode: 40014 });
    }
    expect(failed).toBeGreaterThan(20);
    expect(failed).toBeLessThan(70);
  });
});
