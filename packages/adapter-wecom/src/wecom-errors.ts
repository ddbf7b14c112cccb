import { permanentFailure } from '@gridflow/engine';

/**
 * What a caller should do about a failed WeCom call: fetch a new token and try again (`retry-token`), try
 * again later with backoff (`retry`), wait `retryAfterMs` first (`retry-after`), or give up (`permanent`).
 *
 * @example
 * ```ts
 * classifyWecomErrcode(42001).kind; // 'retry-token'
 * ```
 */
export type WecomFailureKind = 'retry-token' | 'retry' | 'retry-after' | 'permanent';

/**
 * One row of {@link WECOM_ERRCODES}.
 *
 * @example
 * ```ts
 * const row: WecomErrcodeInfo = { kind: 'permanent', meaning: 'invalid secret', option: 'options.corpSecret' };
 * ```
 */
export interface WecomErrcodeInfo {
  /** What to do about this code. */
  kind: WecomFailureKind;
  /** What the code means. */
  meaning: string;
  /** The option to fix, for configuration errors. */
  option?: string;
  /** How long WeCom keeps refusing, for `retry-after`. */
  retryAfterMs?: number;
}

const permanent = (meaning: string, option?: string): WecomErrcodeInfo => ({
  kind: 'permanent',
  meaning,
  option,
});

/**
 * The WeCom error codes gridflow acts on. Only system failures are worth retrying; a code not listed here is
 * treated as permanent, so a new kind of refusal dead-letters instead of looping.
 *
 * @example
 * ```ts
 * WECOM_ERRCODES[45009]; // { kind: 'retry-after', retryAfterMs: 60000, meaning: 'API call rate over the limit' }
 * ```
 */
export const WECOM_ERRCODES: Readonly<Record<number, WecomErrcodeInfo>> = {
  [-1]: { kind: 'retry', meaning: 'system busy' },
  40014: { kind: 'retry-token', meaning: 'invalid access_token' },
  42001: { kind: 'retry-token', meaning: 'access_token expired' },
  42007: { kind: 'retry-token', meaning: 'access credential expired' },
  42009: { kind: 'retry-token', meaning: 'access credential expired' },
  // WeCom lifts a call-rate block after about a minute; a concurrency refusal clears as soon as calls finish.
  45009: { kind: 'retry-after', retryAfterMs: 60_000, meaning: 'API call rate over the limit' },
  45033: { kind: 'retry-after', retryAfterMs: 1_000, meaning: 'too many concurrent calls' },
  40001: permanent('invalid secret', 'options.corpSecret'),
  40013: permanent('invalid corp id', 'options.corpId'),
  40056: permanent('invalid agentid', 'options.agentId'),
  93000: permanent('invalid robot webhook key', 'options.webhookUrl'),
  60020: permanent("the calling IP is not in the app's trusted IPs (企业可信IP)"),
  48002: permanent('this API is not allowed for the app'),
  40008: permanent('invalid msgtype'),
  40029: permanent('invalid or expired sign-in code'),
  40058: permanent('invalid parameter'),
  44004: permanent('empty content'),
  81013: permanent('no valid recipient: every user, party and tag is invalid or outside the app'),
  42014: permanent('invalid task_id: use [0-9A-Za-z_-@], at most 128 bytes, unique per app'),
  42015: permanent('the updating app is not the app that sent the card'),
  42016: permanent('the task_id to update does not exist'),
  42017: permanent('the button key does not exist'),
  42018: permanent('invalid button key'),
};

/**
 * How to handle a WeCom `errcode`; unknown codes are permanent.
 *
 * @example
 * ```ts
 * classifyWecomErrcode(-1); // { kind: 'retry', meaning: 'system busy' }
 * ```
 */
export function classifyWecomErrcode(errcode: number): WecomErrcodeInfo {
  return WECOM_ERRCODES[errcode] ?? permanent('unlisted error code');
}

/**
 * Where a failure came from: WeCom's `errcode` reply, an HTTP status, the network, or a local limit.
 *
 * @example
 * ```ts
 * if (err.source === 'local') console.log('held back before calling WeCom');
 * ```
 */
export type WecomErrorSource = 'wecom' | 'http' | 'network' | 'local';

/**
 * The facts a {@link WecomApiError} is made from.
 *
 * @example
 * ```ts
 * new WecomApiError({ api: 'message/send', errcode: -1, errmsg: 'system busy', kind: 'retry', source: 'wecom' });
 * ```
 */
export interface WecomApiErrorInit {
  /** The WeCom API called. */
  api: string;
  /** WeCom's `errcode`, or null. */
  errcode: number | null;
  /** WeCom's `errmsg`, or a description. */
  errmsg: string;
  /** What to do about it. */
  kind: WecomFailureKind;
  /** Where it failed. */
  source: WecomErrorSource;
  /** How long to wait before retrying. */
  retryAfterMs?: number;
  /** The HTTP status. */
  status?: number;
  /** The option to fix. */
  option?: string;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * A failed WeCom call. `retryable` is false for permanent failures (the engine dead-letters them at once),
 * and `retryAfterMs` says how long to wait for limits. `errcode` is null when WeCom never answered with one.
 *
 * @example
 * ```ts
 * try { await client.sendMessage(body); }
 * catch (err) { if (err instanceof WecomApiError && err.retryAfterMs) await sleep(err.retryAfterMs); }
 * ```
 */
export class WecomApiError extends Error {
  /** The WeCom API called (`message/send`). */
  readonly api: string;
  /** WeCom's `errcode`, or null when WeCom gave none. */
  readonly errcode: number | null;
  /** WeCom's `errmsg`, or a description of the failure. */
  readonly errmsg: string;
  /** What to do: refresh the token and retry, retry, wait, or give up. */
  readonly kind: WecomFailureKind;
  /** Where it failed: WeCom's answer, HTTP, the network, or a local limit. */
  readonly source: WecomErrorSource;
  /** True when a later attempt may succeed. */
  readonly retryable: boolean;
  /** How long to wait before retrying, when known. */
  readonly retryAfterMs: number | undefined;
  /** The HTTP status, for HTTP failures. */
  readonly status: number | undefined;
  /** The option to fix (`options.corpSecret`), when a setting is wrong. */
  readonly option: string | undefined;

  constructor(init: WecomApiErrorInit) {
    const code = init.errcode === null ? (init.status ? `HTTP ${init.status}` : init.source) : init.errcode;
    const fix = init.option ? `: check ${init.option}` : '';
    super(`WeCom ${init.api} failed: ${code} ${init.errmsg}${fix}`, { cause: init.cause });
    this.name = 'WecomApiError';
    this.api = init.api;
    this.errcode = init.errcode;
    this.errmsg = init.errmsg;
    this.kind = init.kind;
    this.source = init.source;
    this.retryable = init.kind !== 'permanent';
    this.retryAfterMs = init.retryAfterMs;
    this.status = init.status;
    this.option = init.option;
  }
}

/**
 * The error for a WeCom reply with a non-zero `errcode`, classified by {@link WECOM_ERRCODES}; permanent ones
 * go through the engine's `permanentFailure()`.
 *
 * @example
 * ```ts
 * throw wecomReplyError('message/send', { errcode: 45009, errmsg: 'api freq out of limit' }); // retryAfterMs 60000
 * ```
 */
export function wecomReplyError(api: string, reply: { errcode: number; errmsg?: string }): WecomApiError {
  const info = classifyWecomErrcode(reply.errcode);
  const error = new WecomApiError({
    api,
    errcode: reply.errcode,
    errmsg: reply.errmsg ? `${reply.errmsg} (${info.meaning})` : info.meaning,
    kind: info.kind,
    source: 'wecom',
    retryAfterMs: info.retryAfterMs,
    option: info.option,
  });
  return info.kind === 'permanent' ? (permanentFailure(error) as WecomApiError) : error;
}

/**
 * True when `value` is a {@link WecomApiError}, also across duplicate installs of the package.
 *
 * @example
 * ```ts
 * if (isWecomApiError(err) && err.kind === 'retry-after') wait(err.retryAfterMs);
 * ```
 */
export function isWecomApiError(value: unknown): value is WecomApiError {
  return value instanceof Error && value.name === 'WecomApiError' && 'kind' in value && 'api' in value;
}
