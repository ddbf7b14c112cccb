import { isGridflowError, isPermanentFailure, virtualClock } from '@gridflow/engine';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeWecomServer, fakeWecomServer } from './testing/index.js';
import { type WecomClientOptions, wecomClient } from './index.js';
import type { WecomApiError } from './wecom-errors.js';

const clock = virtualClock('2026-03-02T09:00:00+08:00');
let fake: FakeWecomServer;
const text = (touser: string, content = 'hello') => ({ touser, msgtype: 'text', text: { content } });
const client = (extra: Partial<WecomClientOptions> = {}) =>
  wecomClient({ ...fake.appOptions(), clock, busyRetry: { delayMs: 0 }, ...extra });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable('the call succeeded'),
    (error: unknown) => error as WecomApiError,
  );

beforeEach(async () => {
  await fake?.close();
  fake = await fakeWecomServer({ clock, unknownUsers: ['ghost', 'Left2024'] });
});
afterAll(() => fake?.close());

describe('wecomClient', () => {
  it('sends a message with the app agentid and the fake server delivers it', async () => {
    const reply = await client().sendMessage(text('wangfang', '新工单'));
    expect(reply).toMatchObject({ errcode: 0, errmsg: 'ok', invaliduser: '' });
    expect(fake.delivered('wangfang')).toMatchObject([{ msgtype: 'text', content: { content: '新工单' } }]);
  });

  it('fetches the token once for many calls, and once for callers that ask at the same moment', async () => {
    const app = client();
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((u) => app.sendMessage(text(u))));
    await app.sendMessage(text('f'));
    expect(fake.calls('gettoken')).toBe(1);
    expect(fake.calls('message/send')).toBe(6);
  });

  it('refreshes the token shortly before it expires, by the injected clock', async () => {
    const app = client();
    const first = await app.accessToken();
    clock.advanceBy(7_200_000 - 6 * 60_000);
    expect(await app.accessToken()).toBe(first); // 6 minutes left: still good
    clock.advanceBy(2 * 60_000);
    await app.accessToken(); // 4 minutes left: asked again (the fake gives the same token until it expires)
    expect(fake.calls('gettoken')).toBe(2);
    clock.advanceBy(5 * 60_000);
    expect(await app.accessToken()).not.toBe(first);
  });

  it('refetches an expired token once and retries the call', async () => {
    const app = client();
    await app.sendMessage(text('wangfang'));
    fake.expireTokens();
    await app.sendMessage(text('wangfang', 'again'));
    expect(fake.calls('gettoken')).toBe(2);
    expect(fake.delivered('wangfang')).toHaveLength(2);
  });

  it('gives up after one refetch when WeCom keeps refusing the token, as a retryable error', async () => {
    fake.failNext(2, { errcode: 42001 });
    const error = await failure(client().sendMessage(text('wangfang')));
    expect([error.errcode, error.kind, error.retryable]).toEqual([42001, 'retry-token', true]);
    expect(fake.calls('gettoken')).toBe(2);
    expect(fake.delivered()).toHaveLength(0);
  });

  it('retries system busy (-1) a bounded number of times', async () => {
    fake.failNext(2, { errcode: -1 });
    await client().sendMessage(text('wangfang'));
    expect(fake.delivered('wangfang')).toHaveLength(1);
    fake.failNext(3, { errcode: -1 });
    const error = await failure(client().sendMessage(text('lisi')));
    expect([error.errcode, error.kind, error.retryable]).toEqual([-1, 'retry', true]);
    expect(fake.calls('message/send')).toBe(3 + 3);
  });

  it('turns 45009 and 45033 into retry-after errors', async () => {
    fake.failNext(1, { errcode: 45009 });
    fake.failNext(1, { errcode: 45033 });
    const rate = await failure(client().sendMessage(text('wangfang')));
    const busy = await failure(client().sendMessage(text('wangfang')));
    expect([rate.kind, rate.retryAfterMs, busy.retryAfterMs]).toEqual(['retry-after', 60_000, 1_000]);
  });

  it('fails permanently on a bad secret, corp id or agent id, naming the option', async () => {
    const secret = await failure(client({ corpSecret: 'wrong' }).sendMessage(text('wangfang')));
    expect([secret.errcode, secret.option, isPermanentFailure(secret)]).toEqual([
      40001,
      'options.corpSecret',
      true,
    ]);
    const corp = await failure(client({ corpId: 'wwother' }).sendMessage(text('wangfang')));
    expect([corp.errcode, corp.option]).toEqual([40013, 'options.corpId']);
    const agent = await failure(client({ agentId: 1 }).sendMessage(text('wangfang')));
    expect([agent.errcode, agent.option, agent.retryable]).toEqual([40056, 'options.agentId', false]);
  });

  it('retries HTTP 5xx and network failures, and never puts the secret in the message', async () => {
    fake.failNext(1, { status: 502 });
    const http = await failure(client().sendMessage(text('wangfang')));
    expect([http.source, http.status, http.retryable]).toEqual(['http', 502, true]);
    fake.failNext(1, { status: 503 }, 'gettoken');
    const token = await failure(client().sendMessage(text('wangfang')));
    expect([token.api, token.status, token.retryable]).toEqual(['gettoken', 503, true]);
    const closed = await failure(
      client({ baseUrl: 'http://127.0.0.1:9/cgi-bin/' }).sendMessage(text('wangfang')),
    );
    expect([closed.source, closed.retryable]).toEqual(['network', true]);
    expect(closed.message).not.toContain(fake.corpSecret);
  });

  it('reports unknown users in invaliduser and delivers to the rest; all unknown is permanent', async () => {
    const reply = await client().sendMessage(text('wangfang|ghost|Left2024'));
    expect(reply.invaliduser).toBe('ghost|left2024');
    expect(fake.delivered().map((d) => d.userId)).toEqual(['wangfang']);
    const error = await failure(client().sendMessage(text('ghost')));
    expect([error.errcode, error.retryable]).toEqual([81013, false]);
  });

  it('holds back the 31st message a minute to one member locally, so WeCom never drops one', async () => {
    const app = client();
    for (let i = 0; i < 30; i++) await app.sendMessage(text('wangfang', `n${i}`));
    const error = await failure(app.sendMessage(text('wangfang|lisi', 'n30')));
    expect([error.source, error.kind, error.retryAfterMs]).toEqual(['local', 'retry-after', 60_000]);
    expect(fake.calls('message/send')).toBe(30);
    await app.sendMessage(text('lisi', 'not held'));
    clock.advanceBy(60_000);
    await app.sendMessage(text('wangfang|lisi', 'n30'));
    expect(fake.delivered('wangfang')).toHaveLength(31);
    expect(fake.dropped()).toEqual([]);
  });

  it('keeps the per-app API rate locally as a token bucket', async () => {
    const app = client({ rateLimit: { perMinute: 60, burst: 2 } });
    await app.sendMessage(text('a'));
    await app.call('message/send', { ...text('b'), agentid: fake.agentId });
    const error = await failure(app.sendMessage(text('c')));
    expect([error.source, error.retryAfterMs]).toEqual(['local', 1_000]);
    expect(fake.calls('message/send')).toBe(2);
  });

  it('updates a card once with the response code from the send reply; a second update is refused', async () => {
    const app = client();
    const card = {
      card_type: 'button_interaction',
      task_id: 'case_c-1_take',
      main_title: { title: '新工单' },
      button_list: [{ text: '接单', key: 'take:c-1', style: 1 }],
    };
    const sent = await app.sendMessage({ touser: 'wangfang', msgtype: 'template_card', template_card: card });
    expect(sent.response_code).toEqual(expect.any(String));
    const update = {
      userids: ['wangfang'],
      response_code: sent.response_code,
      button: { replace_name: '已接单' },
    };
    await app.updateTemplateCard(update);
    expect(fake.cardUpdates()).toMatchObject([{ taskId: 'case_c-1_take', replaceName: '已接单' }]);
    const again = await failure(app.updateTemplateCard(update));
    expect([again.errcode, again.retryable]).toEqual([40058, false]);
  });

  it('reads the user id behind a sign-in code once', async () => {
    fake.registerCode('code-1', { userid: 'wangfang' });
    const app = client();
    expect(await app.getUserInfo('code-1')).toMatchObject({ userid: 'wangfang' });
    const reused = await failure(app.getUserInfo('code-1'));
    expect([reused.errcode, reused.retryable]).toEqual([40029, false]);
  });

  it('refuses an API path that could leave the base URL', async () => {
    const error = await client()
      .call('../../evil')
      .catch((e: unknown) => e);
    expect(isGridflowError(error, 'VALIDATION_FAILED') && error.details.field).toBe('api');
    expect(fake.calls()).toBe(0);
  });
});
