import { GridflowError } from '@gridflow/engine';
import {
  parseWecomOptions,
  type WecomLoginOptions,
  wecomLoginOptionsSchema,
  wecomStateSchema,
} from './wecom-options.js';

const AUTHORIZE = 'https://open.weixin.qq.com/connect/oauth2/authorize';

/**
 * WeCom web sign-in for the district server: send the browser to {@link WecomLogin.authorizeUrl}, and when it
 * comes back with `?code=`, read the member's user id from the code.
 *
 * @example
 * ```ts
 * res.redirect(login.authorizeUrl(session.state));
 * const userId = await login.userIdFromCode(req.query.code); // then find the member in the directory
 * ```
 */
export interface WecomLogin {
  /** The sign-in address (silent `snsapi_base` scope); `state` defaults to the one in the options. */
  authorizeUrl(state?: string): string;
  /** The WeCom user id behind a sign-in `code` (single use, five minutes); `FORBIDDEN` for non-members. */
  userIdFromCode(code: string): Promise<string>;
}

/**
 * Create the {@link WecomLogin} helpers for one app. The address follows WeCom's "构造网页授权链接"
 * document: `appid` is the corp id, `redirect_uri` URL-encoded, `scope=snsapi_base`, `agentid` the app,
 * ending in `#wechat_redirect`. Check the returned `state` against the one you sent (it guards against
 * cross-site sign-in).
 *
 * @example
 * ```ts
 * import { wecomClient, wecomLogin } from '@gridflow/adapter-wecom';
 * const login = wecomLogin({ client: wecomClient(appOptions), redirectUri: 'https://grid.example.gov.cn/auth/wecom' });
 * login.authorizeUrl('a1b2c3');
 * // https://open.weixin.qq.com/connect/oauth2/authorize?appid=ww1234&redirect_uri=https%3A%2F%2F...&response_type=code&scope=snsapi_base&state=a1b2c3&agentid=1000002#wechat_redirect
 * ```
 */
export function wecomLogin(options: WecomLoginOptions): WecomLogin {
  const o = parseWecomOptions(wecomLoginOptionsSchema, options);
  return {
    authorizeUrl(state) {
      const s = state === undefined ? o.state : parseWecomOptions(wecomStateSchema, state, 'state');
      const query = [
        `appid=${encodeURIComponent(o.client.corpId)}`,
        `redirect_uri=${encodeURIComponent(o.redirectUri)}`,
        'response_type=code',
        'scope=snsapi_base',
        `state=${s}`,
        `agentid=${o.client.agentId}`,
      ].join('&');
      return `${AUTHORIZE}?${query}#wechat_redirect`;
    },
    async userIdFromCode(code) {
      const info = await o.client.getUserInfo(code);
      if (typeof info.userid === 'string' && info.userid !== '') return info.userid;
      throw new GridflowError('FORBIDDEN', 'the person who signed in is not a member of this WeCom corp', {
        details: { field: 'code', external: info.openid !== undefined || info.external_userid !== undefined },
      });
    },
  };
}
