import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Clock } from '@gridflow/engine';
import { z } from 'zod';
import { memoryNonceStore, type NonceStore } from './hotline-nonce-store.js';
import { parseOptions } from './hotline-options.js';
import { computeSignature, sm3SelfTest } from './hotline-signature-schemes.js';
import {
  DEFAULT_SIGNATURE_HEADERS,
  type HotlineRequestParts,
  type HotlineSignatureFailure,
  type HotlineSignatureHeaders,
  type HotlineSignatureScheme,
  type HotlineVerifyResult,
  signatureSchemeSchema,
} from './hotline-signature-types.js';

/**
 * Options of {@link hotlineSigner}.
 *
 * @example
 * ```ts
 * const options: HotlineSignerOptions = { appId: 'district-7', secret: process.env.HOTLINE_SECRET!, scheme: 'sm3' };
 * ```
 */
export interface HotlineSignerOptions {
  /** The app id requests are signed as. */
  appId: string;
  /** The shared secret. */
  secret: string;
  /** Default `hmac-sha256`. */
  scheme?: HotlineSignatureScheme;
  /** How far a timestamp may lie from now, either way. Default 300 s. */
  windowSeconds?: number;
  /** Header names, where the platform uses others. */
  headers?: Partial<HotlineSignatureHeaders>;
  /** Default: a {@link memoryNonceStore} of this signer. */
  nonceStore?: NonceStore;
  /** The clock for timestamps and the window; default the system clock. */
  clock?: Pick<Clock, 'now'>;
}

/**
 * Signs outgoing requests and verifies incoming ones with one app id and secret.
 *
 * @example
 * ```ts
 * const headers = signer.sign({ method: 'POST', pathAndQuery: '/api/orders/reply', body });
 * const verdict = await signer.verify({ method, pathAndQuery, body, headers: request.headers });
 * ```
 */
export interface HotlineSigner {
  /** The signature scheme in use. */
  readonly scheme: HotlineSignatureScheme;
  /** The header names signatures travel in. */
  readonly headerNames: HotlineSignatureHeaders;
  /** The four signature headers for a request, with a fresh nonce and the current time. */
  sign(request: HotlineRequestParts): Record<string, string>;
  /**
   * Check the headers, the timestamp window, the signature (in constant time) and then the nonce, in that
   * order: a nonce is only remembered for a request whose signature holds, so forged requests cannot use up
   * nonces.
   */
  verify(request: HotlineRequestParts & { headers: HeadersLike }): Promise<HotlineVerifyResult>;
}

/**
 * Request headers as `Headers` or a Node-style record (`IncomingMessage.headers`).
 *
 * @example
 * ```ts
 * const headers: HeadersLike = { 'x-nonce': 'n1' };
 * ```
 */
export type HeadersLike = Headers | Record<string, string | string[] | undefined>;

const optionsSchema = z.object({
  appId: z.string().min(1, 'must not be empty'),
  secret: z.string().min(1, 'must not be empty'),
  scheme: signatureSchemeSchema.default('hmac-sha256'),
  windowSeconds: z.number().int().min(1).max(86_400).default(300),
  headers: z.record(z.string(), z.string().min(1)).optional(),
  nonceStore: z.custom<NonceStore>((v) => typeof (v as NonceStore)?.remember === 'function').optional(),
  clock: z.custom<Pick<Clock, 'now'>>((v) => typeof (v as Clock)?.now === 'function').optional(),
});

const NONCE = /^[A-Za-z0-9_-]{8,64}$/;
const TIMESTAMP = /^\d{10}$/;

/**
 * A signer for one platform app. With `scheme: 'sm3'` it first checks Node's SM3 against the standard vector
 * and throws `ADAPTER_FAILED` (`details.reason` `SM3_UNAVAILABLE`) if this Node cannot do SM3.
 *
 * @example
 * ```ts
 * const signer = hotlineSigner({ appId: 'district-7', secret: 's3cret' });
 * const headers = signer.sign({ method: 'GET', pathAndQuery: '/api/orders/todo?pageSize=50', body: '' });
 * ```
 */
export function hotlineSigner(options: HotlineSignerOptions): HotlineSigner {
  const parsed = parseOptions(optionsSchema, options, 'hotlineSigner');
  const { appId, secret, scheme, windowSeconds } = parsed;
  if (scheme === 'sm3') sm3SelfTest();
  const names: HotlineSignatureHeaders = { ...DEFAULT_SIGNATURE_HEADERS, ...parsed.headers };
  const clock = parsed.clock ?? { now: () => new Date() };
  const nonces = parsed.nonceStore ?? memoryNonceStore({ clock });

  return {
    scheme,
    headerNames: names,
    sign(request) {
      const timestamp = String(Math.floor(clock.now().getTime() / 1000));
      // From Node's buffered CSPRNG: 122 random bits, without a system call per request.
      const nonce = randomUUID();
      const signature = computeSignature(scheme, secret, { ...request, appId, timestamp, nonce });
      return {
        [names.appId]: appId,
        [names.timestamp]: timestamp,
        [names.nonce]: nonce,
        [names.signature]: signature,
      };
    },
    async verify(request) {
      const read = (name: string) => headerValue(request.headers, name);
      const values = { appId: read(names.appId), timestamp: read(names.timestamp), nonce: read(names.nonce) };
      const signature = read(names.signature);
      for (const role of ['appId', 'timestamp', 'nonce', 'signature'] as const) {
        const value = role === 'signature' ? signature : values[role];
        if (!value) return refuse('MISSING_HEADER', `${names[role]} is missing`, names[role]);
      }
      if (!TIMESTAMP.test(values.timestamp!)) {
        return refuse('STALE_TIMESTAMP', `${names.timestamp} is not a Unix time in seconds`, names.timestamp);
      }
      const timestamp = Number(values.timestamp);
      const skew = Math.abs(clock.now().getTime() / 1000 - timestamp);
      if (skew > windowSeconds) {
        return refuse(
          'STALE_TIMESTAMP',
          `${names.timestamp} is ${Math.round(skew)} s from now`,
          names.timestamp,
        );
      }
      if (!NONCE.test(values.nonce!)) {
        return refuse('BAD_SIGNATURE', `${names.nonce} must be 8-64 letters, digits, - or _`, names.nonce);
      }
      // An unknown app id is reported like a wrong signature, so a prober learns nothing about app ids.
      const expected = computeSignature(scheme, secret, {
        method: request.method,
        pathAndQuery: request.pathAndQuery,
        body: request.body,
        appId,
        timestamp: values.timestamp!,
        nonce: values.nonce!,
      });
      if (values.appId !== appId || !sameText(expected, signature!, scheme !== 'md5-sorted')) {
        return refuse('BAD_SIGNATURE', 'the signature does not match the request', names.signature);
      }
      if (!(await nonces.remember(`${appId}:${values.nonce}`, windowSeconds * 2_000))) {
        return refuse('REPLAYED_NONCE', `${names.nonce} was already used`, names.nonce);
      }
      return { ok: true, appId, nonce: values.nonce!, timestamp };
    },
  };
}

function refuse(code: HotlineSignatureFailure['code'], message: string, header: string): HotlineVerifyResult {
  return { ok: false, reason: { code, message, header } };
}

function headerValue(headers: HeadersLike, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name.toLowerCase()] ?? headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Constant-time: both sides are hashed to equal length first, so even the length does not leak by timing. */
function sameText(expected: string, given: string, caseInsensitiveHex: boolean): boolean {
  const norm = (s: string) =>
    createHash('sha256')
      .update(caseInsensitiveHex ? s.toLowerCase() : s)
      .digest();
  return timingSafeEqual(norm(expected), norm(given));
}
