import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Directory } from '@gridflow/engine';
import { z } from 'zod';
import { toNodeHandler } from './node-handler.js';
import { WecomCallbackError } from './wecom-callback-error.js';
import { handleCardClick, type WecomCallbackEngine } from './wecom-click.js';
import { wecomEnvelope } from './wecom-envelope.js';
import { parseWecomOptions, wecomCallbackSettingsSchema } from './wecom-options.js';
import { wecomXmlText } from './wecom-xml.js';

/**
 * Options of {@link wecomCallback}: the app's callback settings (接收消息服务器配置), the engine that takes the
 * clicks, and the directory that knows who clicked.
 *
 * @example
 * ```ts
 * const options: WecomCallbackOptions = { token: process.env.WECOM_TOKEN!, encodingAESKey: process.env.WECOM_AES_KEY!,
 *   corpId: 'ww1234', engine, directory };
 * ```
 */
export interface WecomCallbackOptions {
  /** The Token set on the app's API receive page (letters and digits, at most 32). */
  token: string;
  /** The EncodingAESKey set next to it (43 characters of base64). */
  encodingAESKey: string;
  /** The corp id: the receive id every decrypted message must end with. */
  corpId: string;
  /** The engine clicks are sent to (`engine.send` as the member who tapped). */
  engine: WecomCallbackEngine;
  /** Finds the clicker by `externalIds.wecom` (usually the engine's own directory). */
  directory: Pick<Directory, 'findMemberByExternalId'>;
  /** Bodies over this many bytes are refused with 413; default 64 KiB (a WeCom callback is well under 2). */
  maxBodyBytes?: number;
  /** The `externalIds` key holding the WeCom user id; default `wecom`. */
  externalIdSystem?: string;
}

/**
 * The handler {@link wecomCallback} returns: web-standard `Request` in, `Response` out, and `node` for
 * `node:http` (`createServer(handler.node)`).
 *
 * @example
 * ```ts
 * const handler: WecomCallbackHandler = wecomCallback(options);
 * const response = await handler(new Request(url, { method: 'POST', body }));
 * ```
 */
export interface WecomCallbackHandler {
  (request: Request): Promise<Response>;
  /** The same handler for `node:http`: `createServer(callback.node)`. */
  node: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}

const isObject = (v: unknown) => typeof v === 'object' && v !== null;
const optionsSchema = wecomCallbackSettingsSchema.extend({
  engine: z.custom<WecomCallbackEngine>(
    (v) => isObject(v) && typeof (v as WecomCallbackEngine).send === 'function',
    'must be a gridflow engine',
  ),
  directory: z.custom<Pick<Directory, 'findMemberByExternalId'>>(
    (v) => isObject(v) && typeof (v as Directory).findMemberByExternalId === 'function',
    'must be a Directory',
  ),
  maxBodyBytes: z
    .number()
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .default(64 * 1024),
  externalIdSystem: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, 'must be a system name like "wecom"')
    .default('wecom'),
});

const DURING = 'wecom callback';
const text = (body: string, status = 200) =>
  new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });

/** The body as UTF-8 text, refused once it passes `max` bytes (declared or actually sent). */
async function readBody(request: Request, max: number): Promise<string> {
  const tooLarge = () => new WecomCallbackError('TOO_LARGE', `the body is over ${max} bytes`);
  if (Number(request.headers.get('content-length') ?? 0) > max) throw tooLarge();
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new WecomCallbackError('BAD_XML', 'the body is not UTF-8');
  }
}

/**
 * The callback URL's handler for one WeCom app. GET is WeCom's URL check: the signed `echostr` is decrypted
 * and echoed. POST carries an event: size-checked, signature checked in constant time before anything is
 * decrypted, AES-256-CBC with strict PKCS#7 (block 32), the receive id checked against the corp id, the XML
 * read safely (see `wecomEnvelope`). A `template_card_event` from a gridflow card becomes `engine.send` as the
 * member the directory knows by that WeCom id, with an idempotency key from `TaskId`, `ResponseCode` and the
 * user, so WeCom's three retries and a second engine process act once; then the card update (`已接单 · 王芳`,
 * or the refusal: `已被他人接单`) is enqueued through the outbox (`WECOM_CARD_UPDATE_EFFECT`, delivered by
 * `wecomCardUpdater`) and the handler answers 200 at once, well within WeCom's 5 seconds.
 *
 * A rejected callback (bad signature, wrong corp, bad padding or ciphertext, malformed XML, oversized body, a
 * clicker the directory does not know) is answered 4xx with the reason, reaches the engine's `send` never, and
 * goes to the engine's `error` channel as a {@link WecomCallbackError} (`during: 'wecom callback'`). A failure
 * of the engine itself (storage down) is answered 500, so WeCom tries again; other events are answered 200.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { wecomCallback } from '@gridflow/adapter-wecom';
 *
 * const callback = wecomCallback({ token, encodingAESKey, corpId: 'ww1234', engine, directory });
 * createServer(callback.node).listen(8080); // or: app.all('/wecom/callback', (c) => callback(c.req.raw))
 * ```
 */
export function wecomCallback(options: WecomCallbackOptions): WecomCallbackHandler {
  const o = parseWecomOptions(optionsSchema, options);
  const envelope = wecomEnvelope(o, { maxBytes: o.maxBodyBytes });
  const click = { engine: o.engine, directory: o.directory, externalIdSystem: o.externalIdSystem };
  const report = (error: Error) => o.engine.events.emit('error', { error, during: DURING });

  const handle = async (request: Request): Promise<Response> => {
    try {
      const query = new URL(request.url).searchParams;
      if (request.method === 'GET') return text(envelope.openEchostr(query));
      if (request.method !== 'POST')
        throw new WecomCallbackError('BAD_METHOD', `${request.method} is not GET or POST`);
      const message = envelope.open(query, await readBody(request, o.maxBodyBytes));
      const isClick =
        wecomXmlText(message, 'MsgType') === 'event' &&
        wecomXmlText(message, 'Event') === 'template_card_event';
      if (isClick) await handleCardClick(click, message);
      return text('');
    } catch (error) {
      if (error instanceof WecomCallbackError) {
        report(error);
        return text(error.reason, error.status);
      }
      report(error instanceof Error ? error : new Error(String(error)));
      return text('internal error', 500);
    }
  };
  const node = toNodeHandler(handle, {
    // Leave the handler room to measure the body itself and report it; far larger bodies stop here.
    maxBodyBytes: o.maxBodyBytes * 2,
    onTooLarge: () => report(new WecomCallbackError('TOO_LARGE', `the body is over ${o.maxBodyBytes} bytes`)),
  });
  return Object.assign(handle, { node });
}
