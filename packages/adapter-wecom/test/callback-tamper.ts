import { createCipheriv, randomBytes } from 'node:crypto';
import { buildWecomXml, wecomSignature } from '../src/index.js';
import type { FakeCallbackRequest } from '../src/testing/index.js';

/** A seeded generator, so a failing run can be repeated exactly. */
export function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

/** One tampered callback: what was done to it, and the request to send. */
export interface Tampered {
  kind: string;
  url: string;
  body: string;
}

interface Settings {
  token: string;
  encodingAESKey: string;
  corpId: string;
}

/**
 * Makes tampered copies of a valid click. Some keep the original signature (an attacker without the token);
 * some are signed again with the token, or even encrypted with the key, to reach the checks behind the
 * signature (padding, length, receive id, XML) as a leaked token or a broken sender would.
 */
export function tamperer(valid: FakeCallbackRequest, settings: Settings, random: () => number) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const int = (n: number) => Math.floor(random() * n);
  const url = new URL(valid.url);
  const base = `${url.origin}${url.pathname}`;
  const q = Object.fromEntries(url.searchParams) as {
    msg_signature: string;
    timestamp: string;
    nonce: string;
  };
  const encrypt = /<Encrypt><!\[CDATA\[([^\]]+)\]\]><\/Encrypt>/.exec(valid.body)?.[1];
  if (!encrypt) throw new Error('the valid click has no <Encrypt>');
  const key = Buffer.from(`${settings.encodingAESKey}=`, 'base64');

  const request = (kind: string, query: Record<string, string>, body: string): Tampered => ({
    kind,
    url: `${base}?${new URLSearchParams(query)}`,
    body,
  });
  const outer = (enc: string) =>
    buildWecomXml({ ToUserName: settings.corpId, Encrypt: enc, AgentID: '1000002' });
  const signed = (kind: string, enc: string, body = outer(enc)) =>
    request(kind, { ...q, msg_signature: wecomSignature(settings.token, q.timestamp, q.nonce, enc) }, body);
  const changeChar = (text: string, alphabet: string) => {
    const i = int(text.length);
    const other = alphabet.replace(text[i]!, '');
    return text.slice(0, i) + pick([...other]) + text.slice(i + 1);
  };
  /** Encrypt a plaintext laid out by hand: random, length field, message, receive id, padding. */
  const rawEncrypt = (
    message: Buffer,
    receiveId: string,
    o: { lengthDelta?: number; pad?: (n: number) => Buffer } = {},
  ) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(Math.max(0, message.length + (o.lengthDelta ?? 0)));
    const body = Buffer.concat([randomBytes(16), length, message, Buffer.from(receiveId)]);
    const n = 32 - (body.length % 32);
    const padding = o.pad ? o.pad(n) : Buffer.alloc(n, n);
    const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
    return Buffer.concat([cipher.update(Buffer.concat([body, padding])), cipher.final()]).toString('base64');
  };
  const plaintext = Buffer.from(valid.plaintext);

  const kinds: Record<string, () => Tampered> = {
    signature: () =>
      request(
        'signature',
        { ...q, msg_signature: changeChar(q.msg_signature, '0123456789abcdef') },
        valid.body,
      ),
    timestamp: () =>
      request('timestamp', { ...q, timestamp: String(Number(q.timestamp) + 1 + int(100_000)) }, valid.body),
    nonce: () => request('nonce', { ...q, nonce: changeChar(q.nonce, '0123456789') }, valid.body),
    ciphertext: () => {
      const bytes = Buffer.from(encrypt, 'base64');
      bytes[int(bytes.length)]! ^= 1 + int(255);
      return request('ciphertext', q, outer(bytes.toString('base64')));
    },
    'ciphertext re-signed': () => {
      // The last two blocks hold the end of the XML, the receive id and the padding.
      const bytes = Buffer.from(encrypt, 'base64');
      bytes[bytes.length - 32 + int(32)]! ^= 1 + int(255);
      return signed('ciphertext re-signed', bytes.toString('base64'));
    },
    padding: () => {
      const bad = (n: number): Buffer => {
        const way = n < 2 ? int(2) : int(4);
        if (way === 0) return Buffer.alloc(n, 0); // pad byte 0
        if (way === 1) return Buffer.alloc(n, 33 + int(200)); // over the block size of 32
        if (way === 2) {
          const pad = Buffer.alloc(n, n);
          pad[int(n - 1)] = (n % 32) + 1; // one pad byte differs
          return pad;
        }
        return Buffer.concat([Buffer.alloc(n - 1, n), Buffer.from([Math.min(32, n + 1 + int(8))])]); // claims more
      };
      return signed('padding', rawEncrypt(plaintext, settings.corpId, { pad: bad }));
    },
    'receive id': () => {
      const other = pick([
        'wwothercorp001',
        '',
        `${settings.corpId}x`,
        settings.corpId.slice(0, -1),
        settings.corpId.toUpperCase(),
      ]);
      return signed('receive id', rawEncrypt(plaintext, other));
    },
    length: () => {
      const delta = pick([-1 - int(20), 1 + int(20), 1_000_000]);
      return signed('length', rawEncrypt(plaintext, settings.corpId, { lengthDelta: delta }));
    },
    'inner XML': () => {
      const xml = pick([
        valid.plaintext.replace('</xml>', ''),
        `<!DOCTYPE xml [<!ENTITY e "x">]>${valid.plaintext}`,
        valid.plaintext.replace('<FromUserName>', '<FromUserName a="1">'),
        valid.plaintext.replace('<xml>', '<xml><![CDATA[').replace('</xml>', '</xml>'),
        '',
        `${valid.plaintext}<xml></xml>`,
        valid.plaintext.replace('<ToUserName>', '<?pi x?><ToUserName>'),
      ]);
      return signed('inner XML', rawEncrypt(Buffer.from(xml), settings.corpId));
    },
    'outer XML': () => {
      const body = pick([
        valid.body.replace('</xml>', ''),
        `<!DOCTYPE xml [<!ENTITY big "${'x'.repeat(50)}">]>${valid.body}`,
        valid.body.replace('<Encrypt>', '<Encrypt><Encrypt>').replace('</Encrypt>', '</Encrypt></Encrypt>'),
        valid.body.replace('</xml>', `<Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`),
        valid.body.replace(/<Encrypt>.*<\/Encrypt>/, ''),
        `{"Encrypt":"${encrypt}"}`,
        '',
        valid.body.slice(0, int(valid.body.length)),
      ]);
      return request('outer XML', q, body);
    },
    query: () => {
      const { [pick(['msg_signature', 'timestamp', 'nonce'] as const)]: _gone, ...rest } = q;
      if (int(2) === 0) return request('query', rest, valid.body);
      return { ...request('query', q, valid.body), url: `${valid.url}&nonce=${q.nonce}` }; // a repeated parameter
    },
  };
  return { kinds: Object.keys(kinds), make: (kind: string) => kinds[kind]!() };
}
