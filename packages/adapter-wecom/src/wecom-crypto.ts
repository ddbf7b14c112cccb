import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { validationError } from '@gridflow/engine';
import { WecomCallbackError } from './wecom-callback-error.js';

// WeCom pads to 32 bytes (PKCS#7 with block size 32), not to AES's 16, so Node's own padding stays off.
const BLOCK = 32;
const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function aesKey(encodingAESKey: string): Buffer {
  if (!/^[A-Za-z0-9+/]{43}$/.test(encodingAESKey)) {
    throw validationError('options.encodingAESKey', 'must be 43 characters of base64');
  }
  return Buffer.from(`${encodingAESKey}=`, 'base64');
}

/**
 * WeCom's message signature: SHA-1 hex of token, timestamp, nonce and ciphertext, sorted and joined.
 *
 * @example
 * ```ts
 * const msgSignature = wecomSignature(token, timestamp, nonce, encrypt);
 * ```
 */
export function wecomSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex');
}

/**
 * Check a callback's `msg_signature` in constant time (the expected value never leaks through timing).
 *
 * @example
 * ```ts
 * if (!verifyWecomSignature(query.msg_signature, token, query.timestamp, query.nonce, encrypt)) reject();
 * ```
 */
export function verifyWecomSignature(
  signature: string,
  token: string,
  timestamp: string,
  nonce: string,
  encrypt: string,
): boolean {
  const expected = Buffer.from(wecomSignature(token, timestamp, nonce, encrypt));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Decrypt a callback's `Encrypt` (or `echostr`) and return the message. Rejects with a
 * {@link WecomCallbackError}: `BAD_CIPHERTEXT` (not whole AES blocks of strict base64), `BAD_PADDING`
 * (pad byte outside 1..32 or pad bytes not all equal), `BAD_LENGTH` (the length field overruns),
 * `BAD_RECEIVE_ID` (another corp's message), `BAD_XML` (the message is not UTF-8).
 * Verify the signature first: CBC without it would answer padding questions for an attacker.
 *
 * @example
 * ```ts
 * const xml = wecomDecrypt(encodingAESKey, encrypt, corpId);
 * ```
 */
export function wecomDecrypt(encodingAESKey: string, ciphertext: string, expectedReceiveId: string): string {
  const key = aesKey(encodingAESKey);
  if (ciphertext.length === 0 || !STRICT_BASE64.test(ciphertext)) {
    throw new WecomCallbackError('BAD_CIPHERTEXT', 'not base64');
  }
  const data = Buffer.from(ciphertext, 'base64');
  if (data.length % 16 !== 0) throw new WecomCallbackError('BAD_CIPHERTEXT', 'not whole AES blocks');
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(data), decipher.final()]);

  const pad = plain[plain.length - 1]!;
  if (pad < 1 || pad > BLOCK) throw new WecomCallbackError('BAD_PADDING', `pad byte ${pad} is outside 1..32`);
  for (let i = plain.length - pad; i < plain.length; i++) {
    if (plain[i] !== pad) throw new WecomCallbackError('BAD_PADDING', 'pad bytes differ');
  }
  const content = plain.subarray(16, plain.length - pad);
  if (content.length < 4) throw new WecomCallbackError('BAD_LENGTH', 'no length field');
  const length = content.readUInt32BE(0);
  if (length > content.length - 4) throw new WecomCallbackError('BAD_LENGTH', 'length field overruns');
  const receiveId = content.subarray(4 + length);
  if (!receiveId.equals(Buffer.from(expectedReceiveId))) {
    throw new WecomCallbackError('BAD_RECEIVE_ID', 'the receive id is not this corp');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content.subarray(4, 4 + length));
  } catch {
    throw new WecomCallbackError('BAD_XML', 'the message is not UTF-8');
  }
}

/**
 * Encrypt a message the way WeCom does: 16 random bytes, the message length (4 bytes, big-endian), the
 * message, the receive id, PKCS#7 padding to 32 bytes, AES-256-CBC, base64. The fake server and passive
 * replies use it.
 *
 * @example
 * ```ts
 * const encrypt = wecomEncrypt(encodingAESKey, '<xml>...</xml>', corpId);
 * ```
 */
export function wecomEncrypt(
  encodingAESKey: string,
  message: string,
  receiveId: string,
  random: Uint8Array = randomBytes(16),
): string {
  const key = aesKey(encodingAESKey);
  if (random.length !== 16) throw validationError('random', 'must be 16 bytes');
  const text = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(text.length);
  const body = Buffer.concat([random, length, text, Buffer.from(receiveId, 'utf8')]);
  const pad = BLOCK - (body.length % BLOCK);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([
    cipher.update(Buffer.concat([body, Buffer.alloc(pad, pad)])),
    cipher.final(),
  ]).toString('base64');
}
