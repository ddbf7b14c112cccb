import { WecomApiError } from './wecom-errors.js';
import type { WecomReply } from './wecom-http.js';

/** Refresh this long before WeCom's expiry (or a tenth of the life, if shorter): clocks and queues drift. */
const EARLY_MS = 5 * 60_000;

/**
 * The access-token cache of one app: a token is reused until shortly before it expires, a refresh is shared by
 * every caller waiting at that moment (single flight), and a token WeCom refused is dropped only if it is
 * still the current one, so a burst of refusals causes one refetch, not one each.
 *
 * @example
 * ```ts
 * const tokens = accessTokenCache({ now: Date.now, fetchToken: () => getToken() });
 * const token = await tokens.get();
 * tokens.invalidate(token); // after a 42001
 * ```
 */
export function accessTokenCache(options: { now: () => number; fetchToken: () => Promise<WecomReply> }): {
  get(): Promise<string>;
  invalidate(token: string): void;
} {
  let cached: { token: string; refreshAt: number } | null = null;
  let inflight: Promise<string> | null = null;

  const refresh = async (): Promise<string> => {
    const reply = await options.fetchToken();
    const token = reply.access_token;
    const expiresIn = Number(reply.expires_in);
    if (typeof token !== 'string' || token === '' || !(expiresIn > 0)) {
      throw new WecomApiError({
        api: 'gettoken',
        errcode: null,
        errmsg: 'reply has no access_token or expires_in',
        kind: 'retry',
        source: 'http',
      });
    }
    const lifeMs = expiresIn * 1000;
    cached = { token, refreshAt: options.now() + lifeMs - Math.min(EARLY_MS, lifeMs / 10) };
    return token;
  };

  return {
    get() {
      if (cached && options.now() < cached.refreshAt) return Promise.resolve(cached.token);
      inflight ??= refresh().finally(() => {
        inflight = null;
      });
      return inflight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = null;
    },
  };
}
