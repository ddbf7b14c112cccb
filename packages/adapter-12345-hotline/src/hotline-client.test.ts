import { isPermanentFailure } from '@gridflow/engine';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type HotlineClient, hotlineClient } from './hotline-client.js';
import { HotlineApiError } from './hotline-errors.js';
import { hotlineProfile } from './hotline-profile.js';
import { type FakeHotlinePlatform, fakeHotlinePlatform } from './testing/fake-hotline-platform.js';
import { sampleOrderRecord } from './testing/hotline-records.js';

let platform: FakeHotlinePlatform;
let client: HotlineClient;
const time = new Date('2026-03-02T02:00:00Z');
const orderNo = sampleOrderRecord(1).orderNo as string;

beforeEach(async () => {
  platform = await fakeHotlinePlatform({ secret: 's3cret' });
  client = hotlineClient({ baseUrl: platform.url, appId: platform.appId, secret: 's3cret', timeoutMs: 500 });
  platform.seed([1, 2, 3, 4, 5, 6, 7].map((n) => sampleOrderRecord(n)));
});
afterEach(() => platform.close());

async function failure(run: Promise<unknown>): Promise<HotlineApiError> {
  const error = await run.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof HotlineApiError))
    throw new Error(`expected a HotlineApiError, got ${String(error)}`);
  return error;
}

describe('hotlineClient against the fake platform: the to-do list', () => {
  it('pages through every order by cursor, each once, in the order dispatched', async () => {
    const seen: unknown[] = [];
    let cursor: string | null = null;
    do {
      const page = await client.listTodo({ cursor, pageSize: 3 });
      expect(page.total).toBe(7);
      seen.push(...page.records.map((record) => (record as { orderNo: string }).orderNo));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => sampleOrderRecord(n).orderNo));
  });

  it('pages by number too, and drops acknowledged orders from the list', async () => {
    await client.ack(orderNo);
    await client.ack(orderNo);
    const page = await client.listTodo({ page: 2, pageSize: 4 });
    expect(page.records).toHaveLength(2);
    expect(page.total).toBe(6);
    expect(platform.acked()).toEqual([orderNo]);
    expect(platform.calls().filter((call) => call.verb === 'ack')).toHaveLength(1);
  });
});

describe('hotlineClient against the fake platform: write-backs', () => {
  it('signs for, answers on the way and replies, each recorded once with its key and Beijing time', async () => {
    await client.signFor({ orderNo, idempotencyKey: 'k-sign', time, unit: 'CG01', handler: '李工' });
    await client.interimReply({ orderNo, idempotencyKey: 'k-interim', time, text: '已派人查看' });
    await client.reply({
      orderNo,
      idempotencyKey: 'k-reply',
      time,
      result: 'partly',
      text: '已更换灯泡',
      handler: '李工',
      unit: 'CG01',
      attachments: ['https://files.example.gov.cn/after.jpg'],
    });
    expect(platform.callsFor(orderNo).map((call) => [call.verb, call.idempotencyKey])).toEqual([
      ['signFor', 'k-sign'],
      ['interimReply', 'k-interim'],
      ['reply', 'k-reply'],
    ]);
    expect(platform.callsFor(orderNo)[2]!.body).toEqual({
      orderNo,
      handler: '李工',
      unit: 'CG01',
      time: '2026-03-02 10:00:00',
      content: '已更换灯泡',
      attachments: ['https://files.example.gov.cn/after.jpg'],
      result: '部分解决',
    });
  });

  it('applies a retried idempotency key once and answers it the same', async () => {
    const first = await client.signFor({ orderNo, idempotencyKey: 'k-1', time });
    const second = await client.signFor({ orderNo, idempotencyKey: 'k-1', time });
    expect(second).toEqual(first);
    expect(platform.callsFor(orderNo)).toHaveLength(1);
  });

  it('gets a retryable 2002 for a reply the platform has not seen signed for, which succeeds after 签收', async () => {
    const reply = {
      orderNo,
      idempotencyKey: 'k-reply',
      time,
      result: 'solved' as const,
      text: '已修复',
      handler: '李工',
      unit: 'CG01',
    };
    const error = await failure(client.reply(reply));
    expect([error.code, error.retryable, error.status]).toEqual(['2002', true, 200]);
    await client.signFor({ orderNo, idempotencyKey: 'k-sign', time });
    await client.reply(reply);
    expect(platform.callsFor(orderNo).map((call) => call.verb)).toEqual(['signFor', 'reply']);
  });

  it('gets a permanent error for an order the platform does not know and for a return after the reply', async () => {
    const unknown = await failure(client.signFor({ orderNo: 'NOPE', idempotencyKey: 'k-x', time }));
    expect([unknown.code, isPermanentFailure(unknown)]).toEqual(['2001', true]);
    await client.signFor({ orderNo, idempotencyKey: 'k-1', time });
    await client.reply({
      orderNo,
      idempotencyKey: 'k-2',
      time,
      result: 'solved',
      text: '好了',
      handler: '李',
      unit: 'CG01',
    });
    const late = await failure(
      client.returnOrder({ orderNo, idempotencyKey: 'k-3', time, reason: '不属于本辖区' }),
    );
    expect([late.code, isPermanentFailure(late)]).toEqual(['2003', true]);
  });

  it('sends an extension request with its new deadline and a return with its reason', async () => {
    const other = sampleOrderRecord(2).orderNo as string;
    await client.signFor({ orderNo, idempotencyKey: 'a', time });
    await client.requestExtension({
      orderNo,
      idempotencyKey: 'b',
      time,
      reason: '需协调多部门',
      newDeadline: new Date('2026-03-20T10:00:00Z'),
    });
    await client.returnOrder({ orderNo: other, idempotencyKey: 'c', time, reason: '不属于本辖区' });
    expect(platform.calls().map((call) => [call.verb, call.body.reason, call.body.newDeadline])).toEqual([
      ['signFor', undefined, undefined],
      ['requestExtension', '需协调多部门', '2026-03-20 18:00:00'],
      ['returnOrder', '不属于本辖区', undefined],
    ]);
  });

  it('refuses bad input before calling, naming the field', async () => {
    await expect(
      client.reply({
        orderNo,
        idempotencyKey: 'k',
        time,
        result: 'done' as never,
        text: 'x',
        handler: 'h',
        unit: 'u',
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'reply.result' },
    });
    expect(platform.requests()).toHaveLength(0);
  });
});

describe('hotlineClient against the fake platform: failures', () => {
  it('turns a 500 into a retryable error and does not apply the call', async () => {
    platform.failNext({ kind: 'status', status: 500 });
    const error = await failure(client.signFor({ orderNo, idempotencyKey: 'k', time }));
    expect([error.status, error.retryable, isPermanentFailure(error)]).toEqual([500, true, false]);
    expect(platform.calls()).toHaveLength(0);
  });

  it('turns a 429 into a retry-after error carrying the wait', async () => {
    platform.failNext({ kind: 'rateLimit', retryAfter: '2' });
    const error = await failure(client.listTodo());
    expect([error.status, error.retryAfterMs]).toEqual([429, 2000]);
  });

  it('times out on a platform that hangs, as a retryable error', async () => {
    platform.failNext({ kind: 'hang' });
    const error = await failure(client.signFor({ orderNo, idempotencyKey: 'k', time }));
    expect([error.code, error.retryable]).toEqual(['TIMEOUT', true]);
  });

  it('survives a lost answer: the retry with the same key is not applied twice', async () => {
    platform.failNext({ kind: 'dropResponse' });
    const error = await failure(client.signFor({ orderNo, idempotencyKey: 'k-lost', time }));
    expect(error.code).toBe('TIMEOUT');
    await client.signFor({ orderNo, idempotencyKey: 'k-lost', time });
    expect(platform.callsFor(orderNo).map((call) => call.idempotencyKey)).toEqual(['k-lost']);
  });

  it('reads business codes by the profile: 5000 is retried, an unknown code is permanent', async () => {
    platform.failNext({ kind: 'business', code: 5000 });
    platform.failNext({ kind: 'business', code: 9999, message: '参数错误' });
    const busy = await failure(client.signFor({ orderNo, idempotencyKey: 'k', time }));
    const bad = await failure(client.signFor({ orderNo, idempotencyKey: 'k', time }));
    expect([busy.code, busy.retryable]).toEqual(['5000', true]);
    expect([bad.code, isPermanentFailure(bad), bad.message]).toEqual(['9999', true, 'signFor: 参数错误']);
  });

  it('is refused with a permanent 401 when its secret is wrong', async () => {
    const wrong = hotlineClient({ baseUrl: platform.url, appId: platform.appId, secret: 'guess' });
    const error = await failure(wrong.listTodo());
    expect([error.status, error.code, isPermanentFailure(error)]).toEqual([401, '1001', true]);
  });

  it('is refused with a retryable 401 when its clock is ten minutes off', async () => {
    const skewed = hotlineClient({
      baseUrl: platform.url,
      appId: platform.appId,
      secret: 's3cret',
      clock: { now: () => new Date(Date.now() - 600_000) },
    });
    const error = await failure(skewed.listTodo());
    expect([error.status, error.code, error.retryable]).toEqual([401, '1002', true]);
  });

  it('answers a network failure as retryable', async () => {
    const gone = hotlineClient({ baseUrl: 'http://127.0.0.1:9', appId: 'a', secret: 's' });
    const error = await failure(gone.listTodo());
    expect([error.code, error.retryable]).toEqual(['NETWORK', true]);
  });
});

describe('hotlineClient with a district profile', () => {
  it('speaks the profile: success 10000, other paths, the sm3 scheme', async () => {
    await platform.close();
    const profile = hotlineProfile({
      envelope: { success: 10000 },
      api: { paths: { todo: '/gw/todo/list' } },
      signature: { scheme: 'sm3' },
    });
    platform = await fakeHotlinePlatform({ secret: 's3cret', profile });
    platform.seed([sampleOrderRecord(1)]);
    const district = hotlineClient({
      baseUrl: `${platform.url}/`,
      appId: platform.appId,
      secret: 's3cret',
      profile,
    });
    expect((await district.listTodo()).records).toHaveLength(1);
    expect(platform.requests().map((r) => [r.path, r.code])).toEqual([['/gw/todo/list', '10000']]);
  });
});
