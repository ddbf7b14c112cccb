import { randomInt } from 'node:crypto';
import { wecomEnvelope } from '../wecom-envelope.js';
import { buildWecomXml } from '../wecom-xml.js';
import { type FakeWecomState, opaqueId } from './fake-wecom-state.js';

/**
 * A member's tap on a template card button, to be sent to your callback URL as WeCom would.
 *
 * @example
 * ```ts
 * const click: FakeClick = { callbackUrl, token, encodingAESKey, fromUser: 'wangfang', taskId, eventKey: 'take:c-1' };
 * ```
 */
export interface FakeClick {
  /** Your callback handler's URL. */
  callbackUrl: string;
  /** The callback settings your handler was configured with. */
  token: string;
  /** The callback's EncodingAESKey. */
  encodingAESKey: string;
  /** Default: the fake server's corp id. */
  corpId?: string;
  /** The member who tapped (`FromUserName`). */
  fromUser: string;
  /** The card's `task_id`. */
  taskId: string;
  /** The button's `key`. */
  eventKey: string;
  /** Default: a fresh code, valid for `update_template_card` on this server. */
  responseCode?: string;
  /** Default `button_interaction`. */
  cardType?: string;
}

/**
 * A callback request exactly as WeCom would send it: POST `url` with the XML `body`.
 *
 * @example
 * ```ts
 * const { url, body } = fake.buildClick(click);
 * await fetch(url, { method: 'POST', body: body.replace('a', 'b') }); // a tampered copy
 * ```
 */
export interface FakeCallbackRequest {
  /** The callback URL with its signed query string. */
  url: string;
  /** The encrypted XML body, as WeCom posts it. */
  body: string;
  /** The decrypted event, for assertions. */
  plaintext: string;
  /** The click's `ResponseCode`, for the card update. */
  responseCode: string;
}

/**
 * Your handler's answer to a callback, and a way to send the very same request again (WeCom retries three
 * times when it gets no answer within five seconds).
 *
 * @example
 * ```ts
 * const first = await fake.clickButton(click);
 * const again = await first.replay(); // same nonce, timestamp and ciphertext
 * ```
 */
export interface FakeCallbackResult {
  /** Your handler's HTTP status. */
  status: number;
  /** Your handler's response body. */
  body: string;
  /** The request that was posted. */
  request: FakeCallbackRequest;
  /** Post the same request again, as WeCom does on a timeout. */
  replay(): Promise<{ status: number; body: string }>;
}

const withQuery = (url: string, query: Record<string, string>) =>
  `${url}${url.includes('?') ? '&' : '?'}${new URLSearchParams(query)}`;

/** Build, encrypt and sign a `template_card_event` for `click`, registering its response code. */
export function buildClick(
  state: FakeWecomState,
  app: { corpId: string; agentId: number },
  click: FakeClick,
): FakeCallbackRequest {
  const corpId = click.corpId ?? app.corpId;
  const responseCode = click.responseCode ?? opaqueId();
  state.responseCodes.set(responseCode, {
    taskId: click.taskId,
    userIds: [click.fromUser],
    issuedAt: state.now(),
    used: false,
  });
  const timestamp = String(Math.floor(state.now() / 1000));
  const plaintext = buildWecomXml({
    ToUserName: corpId,
    FromUserName: click.fromUser,
    CreateTime: Number(timestamp),
    MsgType: 'event',
    Event: 'template_card_event',
    EventKey: click.eventKey,
    TaskId: click.taskId,
    CardType: click.cardType ?? 'button_interaction',
    ResponseCode: responseCode,
    AgentID: app.agentId,
  });
  const envelope = wecomEnvelope({ token: click.token, encodingAESKey: click.encodingAESKey, corpId });
  const sealed = envelope.seal(plaintext, { timestamp, nonce: String(randomInt(1e9, 1e10)) });
  const url = withQuery(click.callbackUrl, {
    msg_signature: sealed.msgSignature,
    timestamp: sealed.timestamp,
    nonce: sealed.nonce,
  });
  const body = buildWecomXml({ ToUserName: corpId, Encrypt: sealed.encrypt, AgentID: String(app.agentId) });
  return { url, body, plaintext, responseCode };
}

/** POST a built click and keep a way to replay it. */
export async function postClick(request: FakeCallbackRequest): Promise<FakeCallbackResult> {
  const post = async () => {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8' },
      body: request.body,
    });
    return { status: response.status, body: await response.text() };
  };
  return { ...(await post()), request, replay: post };
}

/**
 * WeCom's URL check when the callback URL is saved in the admin console: a GET with an encrypted `echostr`
 * that the handler must decrypt and echo within a second.
 */
export async function verifyCallbackUrl(
  now: () => number,
  callbackUrl: string,
  settings: { token: string; encodingAESKey: string; corpId: string },
): Promise<{ status: number; body: string; echo: string; ok: boolean }> {
  const echo = String(randomInt(1e12, 1e13));
  const sealed = wecomEnvelope(settings).seal(echo, {
    timestamp: String(Math.floor(now() / 1000)),
    nonce: String(randomInt(1e9, 1e10)),
  });
  const response = await fetch(
    withQuery(callbackUrl, {
      msg_signature: sealed.msgSignature,
      timestamp: sealed.timestamp,
      nonce: sealed.nonce,
      echostr: sealed.encrypt,
    }),
  );
  const body = await response.text();
  return { status: response.status, body, echo, ok: response.status === 200 && body === echo };
}
