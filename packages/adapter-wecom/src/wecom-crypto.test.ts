import { createCipheriv } from 'node:crypto';
import { isGridflowError } from '@gridflow/engine';
import { describe, expect, it } from 'vitest';
import { readSharedFixture } from '../test/shared-fixture.js';
import { WecomCallbackError } from './wecom-callback-error.js';
import { verifyWecomSignature, wecomDecrypt, wecomEncrypt, wecomSignature } from './wecom-crypto.js';

const vector = JSON.parse(readSharedFixture('wecom-callback-vector.json')) as {
  token: string;
  encodingAESKey: string;
  receiveId: string;
  msgSignature: string;
  timestamp: string;
  nonce: string;
  echostr: string;
  expectedPlaintext: string;
};
const key = vector.encodingAESKey;
const corp = vector.receiveId;

/** Encrypt plaintext bytes as they are (no padding added), to forge layouts the encoder would never make. */
function encryptRaw(plain: Buffer): string {
  const aes = Buffer.from(`${key}=`, 'base64');
  const cipher = createCipheriv('aes-256-cbc', aes, aes.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

/** 16 random bytes | length | message | receive id | pad, with the length and pad overridable. */
function layout(
  message: string | Buffer,
  receiveId: string,
  opts: { length?: number; pad?: number[] } = {},
): Buffer {
  const text = Buffer.from(message);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(opts.length ?? text.length);
  const body = Buffer.concat([Buffer.alloc(16, 7), length, text, Buffer.from(receiveId)]);
  const n = 32 - (body.length % 32);
  return Buffer.concat([body, Buffer.from(opts.pad ?? Array(n).fill(n))]);
}

const reasonOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof WecomCallbackError) return error.reason;
    throw error;
  }
  return 'accepted';
};

describe('WeCom callback crypto', () => {
  it('signs the official URL-verification vector to its published msg_signature', () => {
    expect(wecomSignature(vector.token, vector.timestamp, vector.nonce, vector.echostr)).toBe(
      vector.msgSignature,
    );
    expect(
      verifyWecomSignature(vector.msgSignature, vector.token, vector.timestamp, vector.nonce, vector.echostr),
    ).toBe(true);
  });

  it('decrypts the official echostr to its published plaintext', () => {
    expect(wecomDecrypt(key, vector.echostr, corp)).toBe(vector.expectedPlaintext);
  });

  it('refuses a signature that differs in one character, in case, or in length', () => {
    const args = [vector.token, vector.timestamp, vector.nonce, vector.echostr] as const;
    const flipped = (vector.msgSignature[0] === 'a' ? 'b' : 'a') + vector.msgSignature.slice(1);
    expect(verifyWecomSignature(flipped, ...args)).toBe(false);
    expect(verifyWecomSignature(vector.msgSignature.toUpperCase(), ...args)).toBe(false);
    expect(verifyWecomSignature(vector.msgSignature.slice(0, -1), ...args)).toBe(false);
    expect(verifyWecomSignature('', ...args)).toBe(false);
    expect(
      verifyWecomSignature(vector.msgSignature, vector.token, vector.timestamp, '263014781', vector.echostr),
    ).toBe(false);
  });

  it('round-trips messages of every padding length, in Chinese and with emoji', () => {
    for (let n = 0; n < 70; n++) {
      const message = `<xml><Content><![CDATA[${'网格'.repeat(n % 7)}${'a'.repeat(n)}🚧]]></Content></xml>`;
      expect(wecomDecrypt(key, wecomEncrypt(key, message, corp), corp)).toBe(message);
    }
  });

  it('pads to a multiple of 32 bytes, as WeCom does', () => {
    for (let n = 0; n < 40; n++)
      expect(Buffer.from(wecomEncrypt(key, 'x'.repeat(n), corp), 'base64').length % 32).toBe(0);
  });

  it('rejects a message for another corp with BAD_RECEIVE_ID', () => {
    expect(reasonOf(() => wecomDecrypt(key, wecomEncrypt(key, '<xml/>', 'ww-other'), corp))).toBe(
      'BAD_RECEIVE_ID',
    );
    expect(reasonOf(() => wecomDecrypt(key, wecomEncrypt(key, '<xml/>', `${corp}x`), corp))).toBe(
      'BAD_RECEIVE_ID',
    );
    expect(reasonOf(() => wecomDecrypt(key, wecomEncrypt(key, '<xml/>', ''), corp))).toBe('BAD_RECEIVE_ID');
  });

  it('accepts a hand-made layout, so the forgeries below differ from it in one thing only', () => {
    expect(wecomDecrypt(key, encryptRaw(layout('<xml/>', corp)), corp)).toBe('<xml/>');
  });

  it('rejects a pad byte of 0 or over 32, and pad bytes that differ, with BAD_PADDING', () => {
    // '<xml/>' + the corp id + 20 header bytes = 44 bytes: 20 bytes of padding fill the block of 32.
    expect(layout('<xml/>', corp).length).toBe(64);
    expect(
      reasonOf(() => wecomDecrypt(key, encryptRaw(layout('<xml/>', corp, { pad: Array(20).fill(0) })), corp)),
    ).toBe('BAD_PADDING');
    const pad33 = layout('<xml/>', corp, { pad: Array(52).fill(33) });
    expect(pad33.length % 16).toBe(0);
    expect(reasonOf(() => wecomDecrypt(key, encryptRaw(pad33), corp))).toBe('BAD_PADDING');
    const uneven = [...Array(19).fill(20), 19];
    expect(reasonOf(() => wecomDecrypt(key, encryptRaw(layout('<xml/>', corp, { pad: uneven })), corp))).toBe(
      'BAD_PADDING',
    );
    const unevenFirst = [21, ...Array(19).fill(20)];
    expect(
      reasonOf(() => wecomDecrypt(key, encryptRaw(layout('<xml/>', corp, { pad: unevenFirst })), corp)),
    ).toBe('BAD_PADDING');
  });

  it('rejects a length field that overruns the plaintext with BAD_LENGTH', () => {
    expect(
      reasonOf(() => wecomDecrypt(key, encryptRaw(layout('<xml/>', corp, { length: 1000 })), corp)),
    ).toBe('BAD_LENGTH');
    expect(
      reasonOf(() => wecomDecrypt(key, encryptRaw(layout('<xml/>', corp, { length: 2 ** 32 - 1 })), corp)),
    ).toBe('BAD_LENGTH');
    expect(
      reasonOf(() =>
        wecomDecrypt(key, encryptRaw(Buffer.concat([Buffer.alloc(18, 1), Buffer.alloc(14, 14)])), corp),
      ),
    ).toBe('BAD_LENGTH');
  });

  it('rejects a short length field, which moves message bytes into the receive id, with BAD_RECEIVE_ID', () => {
    expect(reasonOf(() => wecomDecrypt(key, encryptRaw(layout('<xml/>', corp, { length: 5 })), corp))).toBe(
      'BAD_RECEIVE_ID',
    );
  });

  it('rejects a message that is not UTF-8 with BAD_XML', () => {
    expect(
      reasonOf(() => wecomDecrypt(key, encryptRaw(layout(Buffer.from([0x3c, 0xff, 0xfe]), corp)), corp)),
    ).toBe('BAD_XML');
  });

  it('rejects ciphertext that is not strict base64 or not whole AES blocks with BAD_CIPHERTEXT', () => {
    const good = wecomEncrypt(key, '<xml/>', corp);
    expect(reasonOf(() => wecomDecrypt(key, '', corp))).toBe('BAD_CIPHERTEXT');
    expect(reasonOf(() => wecomDecrypt(key, `${good.slice(0, -4)}!!==`, corp))).toBe('BAD_CIPHERTEXT');
    expect(reasonOf(() => wecomDecrypt(key, `${good} `, corp))).toBe('BAD_CIPHERTEXT');
    expect(reasonOf(() => wecomDecrypt(key, Buffer.alloc(40, 1).toString('base64'), corp))).toBe(
      'BAD_CIPHERTEXT',
    );
  });

  it('names options.encodingAESKey when the key is not 43 characters of base64', () => {
    for (const bad of ['', key.slice(1), `${key}A`, `${key.slice(1)}-`]) {
      let caught: unknown;
      try {
        wecomDecrypt(bad, vector.echostr, corp);
      } catch (error) {
        caught = error;
      }
      expect(isGridflowError(caught, 'VALIDATION_FAILED') && caught.details.field).toBe(
        'options.encodingAESKey',
      );
    }
  });

  it('rejects every change to the last ciphertext byte (it garbles the padding and the receive id)', () => {
    const original = wecomEncrypt(key, '<xml><A>1</A></xml>', corp);
    const bytes = Buffer.from(original, 'base64');
    let rejected = 0;
    for (let value = 0; value < 256; value++) {
      const tampered = Buffer.from(bytes);
      if (tampered[tampered.length - 1] === value) continue;
      tampered[tampered.length - 1] = value;
      const outcome = reasonOf(() => wecomDecrypt(key, tampered.toString('base64'), corp));
      if (outcome !== 'accepted') rejected++;
    }
    expect(rejected).toBe(255);
  });
});
