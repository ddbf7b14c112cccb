import { permanentFailure } from '@gridflow/engine';
import { WecomApiError, wecomReplyError } from './wecom-errors.js';
import type { FetchLike } from './wecom-options.js';

/**
 * Every WeCom API answer: `errcode` 0 is success; the rest of the fields depend on the API.
 *
 * @example
 * ```ts
 * const reply: WecomReply = { errcode: 0, errmsg: 'ok' };
 * ```
 */
export interface WecomReply {
  /** 0 on success, WeCom's error code otherwise. */
  errcode: number;
  /** WeCom's message (`ok` on success). */
  errmsg: string;
  [field: string]: unknown;
}

/** WeCom answers in well under a second; a hung connection must not hold an outbox row forever. */
const TIMEOUT_MS = 15_000;

function httpError(api: string, response: Response): WecomApiError {
  const { status } = response;
  const seconds = Number(response.headers.get('retry-after'));
  const retryAfterMs = status === 429 ? (seconds > 0 ? seconds * 1000 : 1_000) : undefined;
  const kind = status === 429 ? 'retry-after' : status >= 500 || status === 408 ? 'retry' : 'permanent';
  const error = new WecomApiError({
    api,
    errcode: null,
    errmsg: `HTTP ${status}`,
    kind,
    source: 'http',
    status,
    retryAfterMs,
  });
  return kind === 'permanent' ? (permanentFailure(error) as WecomApiError) : error;
}

/**
 * One HTTP exchange with WeCom: JSON in, JSON out. Network failures, timeouts, 5xx and bodies that are not
 * WeCom's JSON become retryable {@link WecomApiError}s; other 4xx are permanent. A non-zero `errcode` is
 * returned, not thrown: callers decide about tokens and busy retries.
 *
 * @example
 * ```ts
 * const reply = await wecomRequest(fetch, { api: 'webhook/send', url, body: { msgtype: 'text', text: { content } } });
 * ```
 */
export async function wecomRequest(
  fetchFn: FetchLike,
  request: { api: string; url: string; body?: unknown },
): Promise<WecomReply> {
  const { api, url, body } = request;
  let response: Response;
  try {
    response = await fetchFn(url, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (cause) {
    // The URL may carry the secret or a token: say which API, never where.
    throw new WecomApiError({
      api,
      errcode: null,
      errmsg: 'network error',
      kind: 'retry',
      source: 'network',
      cause,
    });
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw httpError(api, response);
  }
  const reply: unknown = await response.json().catch(() => undefined);
  if (typeof reply !== 'object' || reply === null || Array.isArray(reply)) {
    throw new WecomApiError({
      api,
      errcode: null,
      errmsg: 'reply is not JSON',
      kind: 'retry',
      source: 'http',
    });
  }
  const { errcode = 0, errmsg = '' } = reply as { errcode?: unknown; errmsg?: unknown };
  if (typeof errcode !== 'number') {
    throw new WecomApiError({
      api,
      errcode: null,
      errmsg: 'errcode is not a number',
      kind: 'retry',
      source: 'http',
    });
  }
  return {
    ...(reply as Record<string, unknown>),
    errcode,
    errmsg: String(errcode === 0 && !errmsg ? 'ok' : errmsg),
  };
}

/**
 * Return `reply` when its `errcode` is 0, else throw the classified {@link WecomApiError}.
 *
 * @example
 * ```ts
 * const ok = checkWecomReply('webhook/send', await wecomRequest(fetch, { api: 'webhook/send', url, body }));
 * ```
 */
export function checkWecomReply<T extends WecomReply>(api: string, reply: T): T {
  if (reply.errcode !== 0) throw wecomReplyError(api, reply);
  return reply;
}
