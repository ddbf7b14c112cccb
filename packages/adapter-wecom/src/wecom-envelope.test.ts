import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSharedFixture } from '../test/shared-fixture.js';
import { toNodeHandler } from './node-handler.js';
import { type FakeWecomServer, fakeWecomServer } from './testing/index.js';
import { WecomCallbackError } from './wecom-callback-error.js';
import { wecomEncrypt, wecomSignature } from './wecom-crypto.js';
import { wecomEnvelope } from './wecom-envelope.js';
import { buildWecomXml, type WecomXmlElement } from './wecom-xml.js';

const settings = {
  token: 'QDG6eK',
  encodingAESKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  corpId: 'wwfakecorp0001',
};
const envelope = wecomEnvelope(settings, { maxBytes: 4096 });
const received: WecomXmlElement[] = [];
let fake: FakeWecomServer;
let server: Server;
let callbackUrl: string;

// A stand-in for phase 2's callback: open the envelope, answer with the reason's status on failure.
async function handler(request: Request): Promise<Response> {
  const query = new URL(request.url).searchParams;
  try {
    if (request.method === 'GET') return new Response(envelope.openEchostr(query));
    received.push(envelope.open(query, await request.text()));
    return new Response('success');
  } catch (error) {
    if (error instanceof WecomCallbackError) return new Response(error.reason, { status: error.status });
    throw error;
  }
}

beforeAll(async () => {
  fake = await fakeWecomServer({ corpId: settings.corpId });
  server = createServer(toNodeHandler(handler, { maxBodyBytes: 8192 }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  callbackUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wecom/callback`;
});
afterAll(async () => {
  await fake.close();
  await new Promise((resolve) => server.close(resolve));
});

const click = {
  callbackUrl: '',
  ...settings,
  fromUser: 'wangfang',
  taskId: 'c-1_take',
  eventKey: 'take:c-1',
};
const post = async (url: string, body: string) => {
  const response = await fetch(url, { method: 'POST', body });
  return `${response.status} ${await response.text()}`;
};

describe('WeCom callback envelope', () => {
  it('opens the official URL-verification vector', () => {
    const v = JSON.parse(readSharedFixture('wecom-callback-vector.json'));
    const vectorEnvelope = wecomEnvelope({
      token: v.token,
      encodingAESKey: v.encodingAESKey,
      corpId: v.receiveId,
    });
    const query = new URLSearchParams({
      msg_signature: v.msgSignature,
      timestamp: v.timestamp,
      nonce: v.nonce,
      echostr: v.echostr,
    });
    expect(vectorEnvelope.openEchostr(query)).toBe(v.expectedPlaintext);
  });

  it("passes the fake server's URL check through a node:http server", async () => {
    expect(await fake.verifyUrl(callbackUrl, settings)).toMatchObject({ status: 200, ok: true });
  });

  it('opens a button click from the fake server with every field as a string', async () => {
    received.length = 0;
    const result = await fake.clickButton({ ...click, callbackUrl });
    expect([result.status, result.body]).toEqual([200, 'success']);
    expect(received[0]).toMatchObject({
      ToUserName: settings.corpId,
      FromUserName: 'wangfang',
      MsgType: 'event',
      Event: 'template_card_event',
      EventKey: 'take:c-1',
      TaskId: 'c-1_take',
      CardType: 'button_interaction',
      ResponseCode: result.request.responseCode,
      AgentID: '1000002',
    });
    expect(await result.replay()).toEqual({ status: 200, body: 'success' });
    expect(received[1]).toEqual(received[0]);
  });

  it('rejects every one-character change to the ciphertext with BAD_SIGNATURE', () => {
    const request = fake.buildClick({ ...click, callbackUrl: 'http://x/cb' });
    const query = new URL(request.url).searchParams;
    const encrypt = /<Encrypt><!\[CDATA\[(.*?)\]\]><\/Encrypt>/.exec(request.body)![1]!;
    expect(envelope.open(query, request.body).TaskId).toBe('c-1_take');
    for (let i = 0; i < encrypt.length; i++) {
      const swapped = encrypt[i] === 'A' ? 'B' : 'A';
      const body = request.body.replace(encrypt, encrypt.slice(0, i) + swapped + encrypt.slice(i + 1));
      expect(() => envelope.open(query, body), `position ${i}`).toThrow(/BAD_SIGNATURE/);
    }
  });

  it('answers tampered requests with 4xx and passes nothing on', async () => {
    received.length = 0;
    const request = fake.buildClick({ ...click, callbackUrl });
    const swap = (name: string, value: string) => {
      const url = new URL(request.url);
      url.searchParams.set(name, value);
      return url.href;
    };
    const url = new URL(request.url);
    expect(await post(swap('msg_signature', '0'.repeat(40)), request.body)).toBe('401 BAD_SIGNATURE');
    expect(
      await post(swap('timestamp', String(Number(url.searchParams.get('timestamp')) + 1)), request.body),
    ).toBe('401 BAD_SIGNATURE');
    expect(await post(swap('nonce', '1'), request.body)).toBe('401 BAD_SIGNATURE');
    expect(await post(callbackUrl, request.body)).toBe('400 BAD_REQUEST');
    expect(await post(request.url, request.body.replace('<xml>', '<!DOCTYPE x><xml>'))).toBe('400 BAD_XML');
    expect(await post(request.url, '<xml><ToUserName>x</ToUserName></xml>')).toBe('400 BAD_XML');
    expect(await post(request.url, `<xml><Encrypt>${'A'.repeat(5000)}</Encrypt></xml>`)).toBe(
      '413 TOO_LARGE',
    );
    expect(await post(request.url, `<xml><Encrypt>${'A'.repeat(9000)}</Encrypt></xml>`)).toBe(
      '413 payload too large',
    );
    const twice = request.body.replace('</xml>', '<Encrypt><![CDATA[x]]></Encrypt></xml>');
    expect(await post(request.url, twice)).toBe('400 BAD_XML');
    expect(received).toEqual([]);
  });

  it('rejects a correctly signed message for another corp with 403 BAD_RECEIVE_ID', async () => {
    const encrypt = wecomEncrypt(
      settings.encodingAESKey,
      buildWecomXml({ FromUserName: 'x' }),
      'wwothercorp',
    );
    const query = {
      msg_signature: wecomSignature(settings.token, '1', '2', encrypt),
      timestamp: '1',
      nonce: '2',
    };
    const url = `${callbackUrl}?${new URLSearchParams(query)}`;
    expect(await post(url, buildWecomXml({ Encrypt: encrypt }))).toBe('403 BAD_RECEIVE_ID');
  });

  it('rejects a click signed with another token', async () => {
    const request = fake.buildClick({ ...click, callbackUrl, token: 'OtherToken' });
    expect(await post(request.url, request.body)).toBe('401 BAD_SIGNATURE');
  });
});
