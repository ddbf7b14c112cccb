import { GridflowError, isGridflowError } from '@gridflow/engine';
import { afterEach, describe, expect, it } from 'vitest';
import {
  buildWecomXml,
  WecomCallbackError,
  wecomButtonKey,
  wecomCallback,
  wecomEnvelope,
} from '../src/index.js';
import {
  callbackSettings,
  cardOf,
  directory,
  people,
  type WecomDistrict,
  wecomDistrict,
} from './wecom-district.js';

let district: WecomDistrict | undefined;
afterEach(async () => {
  await district?.close();
  district = undefined;
});

async function issuedOrder() {
  district = await wecomDistrict();
  const { t } = district;
  const order = await t.engine.createCase({
    flow: 'three-orders',
    actor: people.resident,
    orgUnit: 'comm-1',
    input: { title: '楼道灯坏了', description: '3 单元 5 楼楼道灯不亮' },
  });
  await t.engine.send({
    caseId: order.id,
    actor: people.partyOrg,
    event: { type: 'issueOrder', assignee: 'm-wang' },
  });
  await t.flush();
  const card = cardOf(district.fake, 'WangFang');
  const click = {
    callbackUrl: district.callbackUrl,
    ...callbackSettings,
    taskId: card.taskId,
    eventKey: card.key,
  };
  return { ...district, order, card, click };
}

const seal = (plaintext: string) => {
  const sealed = wecomEnvelope(callbackSettings).seal(plaintext);
  const query = new URLSearchParams({
    msg_signature: sealed.msgSignature,
    timestamp: sealed.timestamp,
    nonce: sealed.nonce,
  });
  return { query, body: buildWecomXml({ ToUserName: callbackSettings.corpId, Encrypt: sealed.encrypt }) };
};

describe('wecomCallback', () => {
  it("passes WeCom's URL check (GET with an encrypted echostr)", async () => {
    district = await wecomDistrict();
    expect(await district.fake.verifyUrl(district.callbackUrl, callbackSettings)).toMatchObject({ ok: true });
  });

  it('answers other events 200 and leaves the engine alone', async () => {
    const { t, callback, order } = await issuedOrder();
    const { query, body } = seal(
      buildWecomXml({
        ToUserName: callbackSettings.corpId,
        FromUserName: 'WangFang',
        MsgType: 'event',
        Event: 'enter_agent',
      }),
    );
    const response = await callback(new Request(`http://127.0.0.1/cb?${query}`, { method: 'POST', body }));
    expect(response.status).toBe(200);
    expect(await t.engine.history(order.id)).toHaveLength(2);
  });

  it('rejects a clicker the directory does not know with 403 and a typed error, tells them on the card, sends nothing', async () => {
    const { t, fake, click, order, errors } = await issuedOrder();
    const tap = await fake.clickButton({ ...click, fromUser: 'stranger' });
    expect(tap).toMatchObject({ status: 403, body: 'UNKNOWN_MEMBER' });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(WecomCallbackError);
    expect(errors[0]).toMatchObject({ reason: 'UNKNOWN_MEMBER', code: 'VALIDATION_FAILED' });
    expect(await t.engine.history(order.id)).toHaveLength(2);
    await t.flush();
    expect(fake.cardUpdates()).toMatchObject([
      { userIds: ['stranger'], replaceName: '账号未登记，无法操作' },
    ]);
  });

  it('answers a refusal on the card: the wrong member before anyone took it', async () => {
    const { t, fake, click, order } = await issuedOrder();
    expect((await fake.clickButton({ ...click, fromUser: 'wugang' })).status).toBe(200);
    await t.flush();
    expect(fake.cardUpdates()).toMatchObject([
      { userIds: ['wugang'], replaceName: '无法接单，请在系统中查看' },
    ]);
    expect((await t.engine.getCase(order.id)).state).toBe('issued');
  });

  it('ignores a card button gridflow did not make', async () => {
    const { t, fake, click, order, errors } = await issuedOrder();
    expect((await fake.clickButton({ ...click, fromUser: 'WangFang', eventKey: 'take:c-1' })).status).toBe(
      200,
    );
    await t.flush();
    expect(fake.cardUpdates()).toEqual([]);
    expect(await t.engine.history(order.id)).toHaveLength(2);
    expect(errors).toEqual([]);
  });

  it('answers 500 when the engine fails, so WeCom tries again, and acts once when it does', async () => {
    const { t, fake, click, order, errors } = await issuedOrder();
    const flaky = {
      ...t.engine,
      send: async () => {
        throw new GridflowError('ADAPTER_FAILED', 'storage.commit failed: connection reset');
      },
      events: t.engine.events,
      history: t.engine.history,
      enqueueEffect: t.engine.enqueueEffect,
    };
    const broken = wecomCallback({ ...callbackSettings, engine: flaky, directory });
    const request = fake.buildClick({ ...click, fromUser: 'WangFang' });
    const first = await broken(new Request(request.url, { method: 'POST', body: request.body }));
    expect(first.status).toBe(500);
    expect(isGridflowError(errors[0], 'ADAPTER_FAILED')).toBe(true);
    const again = await fetch(request.url, { method: 'POST', body: request.body }); // WeCom's retry
    expect(again.status).toBe(200);
    expect((await t.engine.getCase(order.id)).state).toBe('taken');
  });

  it('refuses a body over the limit with 413 and a typed error, on the web handler and through node:http', async () => {
    const { callback, callbackUrl, errors } = await issuedOrder();
    const { query } = seal('<xml></xml>');
    const big = `<xml><Encrypt>${'A'.repeat(70 * 1024)}</Encrypt></xml>`;
    const web = await callback(new Request(`http://127.0.0.1/cb?${query}`, { method: 'POST', body: big }));
    expect(web.status).toBe(413);
    const huge = await fetch(`${callbackUrl}?${query}`, { method: 'POST', body: 'A'.repeat(200 * 1024) });
    expect(huge.status).toBe(413);
    expect(errors.map((e) => (e as WecomCallbackError).reason)).toEqual(['TOO_LARGE', 'TOO_LARGE']);
  });

  it('answers 405 to other methods, and names a bad option at construction', async () => {
    const { callback } = await issuedOrder();
    expect((await callback(new Request('http://127.0.0.1/cb', { method: 'PUT', body: 'x' }))).status).toBe(
      405,
    );
    expect(() =>
      wecomCallback({ ...callbackSettings, encodingAESKey: 'short', engine: district!.t.engine, directory }),
    ).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'options.encodingAESKey' }) }),
    );
    expect(wecomButtonKey({ caseId: 'c-1', event: 'takeOrder', label: '接单' })).toBe(
      'gf1|c-1|takeOrder|%E6%8E%A5%E5%8D%95',
    );
  });
});
