import { createHash, createHmac } from 'node:crypto';
import { GridflowError } from '@gridflow/engine';
import type { HotlineSignatureScheme } from './hotline-signature-types.js';

/**
 * The strings each scheme signs, in full, so a platform engineer can check them by hand.
 *
 * `hmac-sha256` and `sm3` sign the same canonical request, five lines joined by `\n` with no trailing newline:
 *
 *     METHOD            upper-case, e.g. POST
 *     path?query        exactly as sent, e.g. /api/orders/todo?cursor=12&pageSize=50 (no `?` without a query)
 *     timestamp         the timestamp header, Unix seconds, e.g. 1767225600
 *     nonce             the nonce header, e.g. 5f2c1a9e7d3b4c60
 *     hex(digest(body)) lower-case hex SHA-256 (SM3 for `sm3`) of the body bytes; of "" when there is none
 *
 * and send `hex(HMAC-SHA256(secret, canonical))` (`hex(HMAC-SM3(secret, canonical))` for `sm3`).
 *
 * `md5-sorted` signs the parameters `appId`, `timestamp`, `nonce`, every query parameter (decoded) and `body`
 * (the raw body text, when there is one): empty values and any `sign`/`signature` parameter left out, sorted by
 * name (then value), written `k=v` joined by `&` without URL-encoding, then `&appSecret=SECRET` appended; it
 * sends `MD5(that)` as upper-case hex.
 *
 * @example
 * ```ts
 * const input: SignatureInput = { method: 'POST', pathAndQuery: '/api/orders/reply', timestamp: '1767225600',
 *   nonce: '5f2c1a9e7d3b4c60', appId: 'district-7', body: '{"orderNo":"GD1"}' };
 * ```
 */
export interface SignatureInput {
  /** HTTP method. */
  method: string;
  /** Path with its query string. */
  pathAndQuery: string;
  /** The request's timestamp. */
  timestamp: string;
  /** The request's nonce. */
  nonce: string;
  /** The app id. */
  appId: string;
  /** The raw body. */
  body: string | Uint8Array;
}

const SM3_ABC = '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0';

/**
 * The canonical request signed by `hmac-sha256` and `sm3` (see {@link SignatureInput}).
 *
 * @example
 * ```ts
 * canonicalRequest({ method: 'get', pathAndQuery: '/todo?page=1', timestamp: '1767225600', nonce: 'n1', appId: 'a', body: '' }, 'sha256');
 * // 'GET\n/todo?page=1\n1767225600\nn1\ne3b0c442…b855'
 * ```
 */
export function canonicalRequest(input: SignatureInput, digest: 'sha256' | 'sm3'): string {
  const bodyHash = createHash(digest).update(input.body).digest('hex');
  return [input.method.toUpperCase(), input.pathAndQuery, input.timestamp, input.nonce, bodyHash].join('\n');
}

/**
 * The parameter string signed by `md5-sorted`, without the `&appSecret=` suffix.
 *
 * @example
 * ```ts
 * sortedParameters({ method: 'POST', pathAndQuery: '/reply?b=2&a=1', timestamp: '1767225600', nonce: 'n1', appId: 'app', body: '{}' });
 * // 'a=1&appId=app&b=2&body={}&nonce=n1&timestamp=1767225600'
 * ```
 */
export function sortedParameters(input: SignatureInput): string {
  const query = new URLSearchParams(input.pathAndQuery.split('?')[1] ?? '');
  const body = typeof input.body === 'string' ? input.body : new TextDecoder().decode(input.body);
  const pairs: [string, string][] = [
    ['appId', input.appId],
    ['timestamp', input.timestamp],
    ['nonce', input.nonce],
    ['body', body],
    ...query.entries(),
  ];
  return pairs
    .filter(([key, value]) => value !== '' && key !== 'sign' && key !== 'signature')
    .sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

/**
 * Compute the signature `scheme` gives a request (see {@link SignatureInput} for the exact strings).
 *
 * @example
 * ```ts
 * const sig = computeSignature('hmac-sha256', 's3cret', { method: 'POST', pathAndQuery: '/hook', timestamp, nonce, appId, body });
 * ```
 */
export function computeSignature(
  scheme: HotlineSignatureScheme,
  secret: string,
  input: SignatureInput,
): string {
  switch (scheme) {
    case 'hmac-sha256':
      return createHmac('sha256', secret).update(canonicalRequest(input, 'sha256')).digest('hex');
    case 'sm3':
      return createHmac('sm3', secret).update(canonicalRequest(input, 'sm3')).digest('hex');
    case 'md5-sorted':
      return createHash('md5')
        .update(`${sortedParameters(input)}&appSecret=${secret}`)
        .digest('hex')
        .toUpperCase();
  }
}

/**
 * Check this Node's SM3 against the standard vector SM3("abc") (GB/T 32905-2016, appendix A). Throws
 * `ADAPTER_FAILED` with `details.reason` `SM3_UNAVAILABLE` when Node's OpenSSL lacks SM3, or
 * `SM3_SELF_TEST_FAILED` when it answers wrongly. `digest` is for checking the check itself.
 *
 * @example
 * ```ts
 * sm3SelfTest(); // passes silently on Node builds with SM3
 * ```
 */
export function sm3SelfTest(digest: (input: string) => string = sm3Hex): void {
  let actual: string;
  try {
    actual = digest('abc');
  } catch (cause) {
    throw sm3Error('SM3_UNAVAILABLE', 'this Node build has no SM3 hash (its OpenSSL lacks it)', cause);
  }
  if (actual !== SM3_ABC) {
    throw sm3Error('SM3_SELF_TEST_FAILED', `SM3("abc") gave ${actual}, expected ${SM3_ABC}`);
  }
}

function sm3Hex(input: string): string {
  return createHash('sm3').update(input).digest('hex');
}

function sm3Error(reason: string, message: string, cause?: unknown): GridflowError {
  return new GridflowError('ADAPTER_FAILED', `sm3 signatures: ${message}`, {
    cause,
    details: { adapter: '12345-hotline', reason },
  });
}
