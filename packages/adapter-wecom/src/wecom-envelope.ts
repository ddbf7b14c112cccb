import { randomBytes } from 'node:crypto';
import { WecomCallbackError } from './wecom-callback-error.js';
import { verifyWecomSignature, wecomDecrypt, wecomEncrypt, wecomSignature } from './wecom-crypto.js';
import {
  parseWecomOptions,
  type WecomCallbackSettings,
  wecomCallbackSettingsSchema,
} from './wecom-options.js';
import { parseWecomXml, type WecomXmlElement, wecomXmlText } from './wecom-xml.js';

/**
 * A message encrypted and signed the way WeCom sends it: the `Encrypt` text and the query parameters.
 *
 * @example
 * ```ts
 * const { encrypt, msgSignature, timestamp, nonce } = envelope.seal('<xml>...</xml>');
 * ```
 */
export interface SealedWecomMessage {
  /** The encrypted message (`Encrypt`). */
  encrypt: string;
  /** Its signature (`msg_signature`). */
  msgSignature: string;
  /** Unix seconds it was sealed at. */
  timestamp: string;
  /** Random string signed with it. */
  nonce: string;
}

/**
 * Opens and seals callback messages for one app's callback settings (validated once).
 *
 * @example
 * ```ts
 * const message = envelope.open(new URL(request.url).searchParams, await request.text());
 * if (message.Event === 'template_card_event') handleClick(message);
 * ```
 */
export interface WecomEnvelope {
  /** GET URL verification: check the signature over `echostr` and return its decrypted content to echo. */
  openEchostr(query: URLSearchParams): string;
  /** POST: size-check and parse the body, check the signature, decrypt, check the corp, parse the message. */
  open(query: URLSearchParams, body: string): WecomXmlElement;
  /** Encrypt and sign `message` as WeCom would (for the fake server and passive replies). */
  seal(message: string, at?: { timestamp?: string; nonce?: string }): SealedWecomMessage;
}

const param = (query: URLSearchParams, name: string): string => {
  const value = query.getAll(name);
  if (value.length !== 1 || value[0] === '')
    throw new WecomCallbackError('BAD_REQUEST', `query needs one ${name}`);
  return value[0]!;
};

/**
 * Create the {@link WecomEnvelope} for `settings` (Token, EncodingAESKey, corp id). Every failure is a
 * {@link WecomCallbackError} whose `status` is the HTTP answer; the signature is checked before decrypting.
 *
 * @example
 * ```ts
 * const envelope = wecomEnvelope({ token: 'QDG6eK', encodingAESKey, corpId: 'ww1234' });
 * const echo = envelope.openEchostr(new URL(request.url).searchParams); // answer GET with it, within 1 s
 * ```
 */
export function wecomEnvelope(
  settings: WecomCallbackSettings,
  options: { maxBytes?: number } = {},
): WecomEnvelope {
  const { token, encodingAESKey, corpId } = parseWecomOptions(wecomCallbackSettingsSchema, settings);
  const unseal = (query: URLSearchParams, encrypt: string): string => {
    const signature = param(query, 'msg_signature');
    if (!verifyWecomSignature(signature, token, param(query, 'timestamp'), param(query, 'nonce'), encrypt)) {
      throw new WecomCallbackError('BAD_SIGNATURE', 'msg_signature does not match');
    }
    return wecomDecrypt(encodingAESKey, encrypt, corpId);
  };
  return {
    openEchostr: (query) => unseal(query, param(query, 'echostr')),
    open(query, body) {
      const outer = parseWecomXml(body, options);
      const encrypt = wecomXmlText(outer, 'Encrypt');
      if (!encrypt) throw new WecomCallbackError('BAD_XML', 'no <Encrypt> in the body');
      return parseWecomXml(unseal(query, encrypt), options);
    },
    seal(message, at = {}) {
      const timestamp = at.timestamp ?? String(Math.floor(Date.now() / 1000));
      const nonce = at.nonce ?? randomBytes(8).readBigUInt64BE().toString().slice(0, 10);
      const encrypt = wecomEncrypt(encodingAESKey, message, corpId);
      return { encrypt, msgSignature: wecomSignature(token, timestamp, nonce, encrypt), timestamp, nonce };
    },
  };
}
