import { z } from 'zod';

/**
 * A signature scheme: `hmac-sha256` (the default), `md5-sorted` (older platforms: sorted parameters plus
 * `&appSecret=`, MD5 upper-case) or `sm3` (国密: HMAC-SM3 over the same string as `hmac-sha256`).
 *
 * @example
 * ```ts
 * const scheme: HotlineSignatureScheme = 'sm3';
 * ```
 */
export type HotlineSignatureScheme = z.infer<typeof signatureSchemeSchema>;

/** Schema of {@link HotlineSignatureScheme}. */
export const signatureSchemeSchema = z.enum(['hmac-sha256', 'md5-sorted', 'sm3']);

/**
 * The request headers carrying a signature, by role. Header names are case-insensitive on the wire.
 *
 * @example
 * ```ts
 * const headers: HotlineSignatureHeaders = { ...DEFAULT_SIGNATURE_HEADERS, signature: 'X-Sign' };
 * ```
 */
export interface HotlineSignatureHeaders {
  /** Header carrying the app id. */
  appId: string;
  /** Header carrying the timestamp. */
  timestamp: string;
  /** Header carrying the nonce. */
  nonce: string;
  /** Header carrying the signature. */
  signature: string;
}

/**
 * Default header names: `X-App-Id`, `X-Timestamp` (Unix seconds), `X-Nonce`, `X-Signature`.
 *
 * @example
 * ```ts
 * DEFAULT_SIGNATURE_HEADERS.timestamp; // 'X-Timestamp'
 * ```
 */
export const DEFAULT_SIGNATURE_HEADERS: HotlineSignatureHeaders = Object.freeze({
  appId: 'X-App-Id',
  timestamp: 'X-Timestamp',
  nonce: 'X-Nonce',
  signature: 'X-Signature',
});

/**
 * Why a signed request was refused: a header is missing, the signature does not match, the timestamp is outside
 * the window (or not a Unix time), or the nonce was seen before.
 *
 * @example
 * ```ts
 * const code: HotlineSignatureFailureCode = 'REPLAYED_NONCE';
 * ```
 */
export type HotlineSignatureFailureCode =
  | 'MISSING_HEADER'
  | 'BAD_SIGNATURE'
  | 'STALE_TIMESTAMP'
  | 'REPLAYED_NONCE';

/**
 * A refused request's typed reason. `header` names the header at fault.
 *
 * @example
 * ```ts
 * const failure: HotlineSignatureFailure = { code: 'MISSING_HEADER', header: 'X-Nonce', message: 'X-Nonce is missing' };
 * ```
 */
export interface HotlineSignatureFailure {
  /** Why the signature was refused. */
  code: HotlineSignatureFailureCode;
  /** The header at fault, if one. */
  header?: string;
  /** The reason in words. */
  message: string;
}

/**
 * What a signer needs of a request: its method, its path with the query string exactly as sent, and its body.
 *
 * @example
 * ```ts
 * const request: HotlineRequestParts = { method: 'POST', pathAndQuery: '/api/orders/reply', body: '{"orderNo":"A1"}' };
 * ```
 */
export interface HotlineRequestParts {
  /** HTTP method. */
  method: string;
  /** Path with its query string. */
  pathAndQuery: string;
  /** The raw body. */
  body: string | Uint8Array;
}

/**
 * The outcome of verifying a request: the signer's app id, or the reason it was refused.
 *
 * @example
 * ```ts
 * const result: HotlineVerifyResult = await signer.verify({ ...parts, headers: request.headers });
 * if (!result.ok) console.warn(result.reason.code);
 * ```
 */
export type HotlineVerifyResult =
  | { ok: true; appId: string; nonce: string; timestamp: number }
  | { ok: false; reason: HotlineSignatureFailure };
