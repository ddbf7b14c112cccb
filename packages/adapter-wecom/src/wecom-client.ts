import { systemClock, validationError } from '@gridflow/engine';
import { classifyWecomErrcode, WecomApiError, wecomReplyError } from './wecom-errors.js';
import { checkWecomReply, type WecomReply, wecomRequest } from './wecom-http.js';
import { MEMBER_MESSAGE_LIMITS, slidingWindowLimiter, tokenBucket } from './wecom-limits.js';
import { parseWecomOptions, type WecomClientOptions, wecomClientOptionsSchema } from './wecom-options.js';
import { accessTokenCache } from './wecom-token.js';

/**
 * A `message/send` body. `agentid` defaults to the client's; the `<msgtype>` field carries the content.
 *
 * @example
 * ```ts
 * const body: WecomMessageBody = { touser: 'wangfang|lisi', msgtype: 'text', text: { content: '新工单' } };
 * ```
 */
export interface WecomMessageBody {
  /** WeCom user ids joined by `|`, or `@all`. */
  touser?: string;
  /** Department ids joined by `|`. */
  toparty?: string;
  /** Tag ids joined by `|`. */
  totag?: string;
  /** Message type: `text`, `markdown`, `textcard`, `template_card` ... */
  msgtype: string;
  /** The sending app; the client fills in its own when omitted. */
  agentid?: number;
  /** 1: WeCom drops a repeat of the same message within `duplicate_check_interval`. */
  enable_duplicate_check?: 0 | 1;
  /** Seconds the duplicate check looks back, up to 14,400 (4 hours). */
  duplicate_check_interval?: number;
  [field: string]: unknown;
}

/**
 * The answer to `message/send`. `invaliduser` lists (lower-cased, `|`-joined) users WeCom did not deliver to
 * while delivering to the rest; `response_code` comes with interactive template cards.
 *
 * @example
 * ```ts
 * const { invaliduser, response_code } = await client.sendMessage(body);
 * ```
 */
export interface WecomSendReply extends WecomReply {
  /** Recipients WeCom did not know, joined by `|`. */
  invaliduser?: string;
  /** Departments WeCom did not know, joined by `|`. */
  invalidparty?: string;
  /** Tags WeCom did not know, joined by `|`. */
  invalidtag?: string;
  /** Recipients without an account license, joined by `|`. */
  unlicenseduser?: string;
  /** Message id, to recall or update it. */
  msgid?: string;
  /** Code for updating a sent button card. */
  response_code?: string;
}

/**
 * The answer to `auth/getuserinfo`: `userid` for a member of the corp, `openid` (and maybe
 * `external_userid`) for anyone else.
 *
 * @example
 * ```ts
 * const { userid } = await client.getUserInfo(code);
 * ```
 */
export interface WecomUserInfo extends WecomReply {
  /** The member's WeCom user id (members of the corp). */
  userid?: string;
  /** Ticket for the member's details, when the scope asked for them. */
  user_ticket?: string;
  /** Id of a visitor who is not a member. */
  openid?: string;
  /** Id of an external contact. */
  external_userid?: string;
}

/**
 * A client for one WeCom app. Every method throws {@link WecomApiError}: `retryable: false` for what retrying
 * cannot fix, `retryAfterMs` for limits, plain retryable for the rest.
 *
 * @example
 * ```ts
 * const reply = await client.sendMessage({ touser: 'wangfang', msgtype: 'markdown', markdown: { content: '**新工单**' } });
 * ```
 */
export interface WecomClient {
  /** The corp id (企业ID) the client calls as. */
  readonly corpId: string;
  /** The app's agent id (AgentId). */
  readonly agentId: number;
  /** Call any API under the base (`'message/send'`): POST with `body`, GET without. Adds the access token. */
  call<T extends WecomReply = WecomReply>(
    api: string,
    body?: unknown,
    query?: Record<string, string>,
  ): Promise<T>;
  /** `message/send`, keeping the per-member limits of every `touser` locally. */
  sendMessage(body: WecomMessageBody): Promise<WecomSendReply>;
  /** `message/update_template_card` with a `response_code` from the send reply or the click callback. */
  updateTemplateCard(body: Record<string, unknown>): Promise<WecomReply>;
  /** `auth/getuserinfo`: who signed in with this OAuth2 `code`. */
  getUserInfo(code: string): Promise<WecomUserInfo>;
  /** The current access token (cached; fetched once however many callers ask at the same time). */
  accessToken(): Promise<string>;
}

const API_PATH = /^[a-z0-9_]+(?:\/[a-z0-9_]+)*$/i;

/**
 * Create a {@link WecomClient} over `fetch`. The access token is cached until shortly before it expires and
 * refreshed single-flight; an invalid or expired token (40014, 42001, 42007, 42009) is refetched and the call
 * tried once more; "system busy" (-1) is retried a few times; 45009/45033 and the local limits (API calls per
 * app, 30/min and 1,000/h per member) become retry-after errors; configuration errors (40001, 40013, 40056)
 * are permanent and name the option to fix.
 *
 * @example
 * ```ts
 * import { wecomClient } from '@gridflow/adapter-wecom';
 * const client = wecomClient({ corpId: 'ww1234', corpSecret: process.env.WECOM_SECRET!, agentId: 1000002 });
 * await client.sendMessage({ touser: 'wangfang', msgtype: 'text', text: { content: '新工单：路灯不亮' } });
 * ```
 */
export function wecomClient(options: WecomClientOptions): WecomClient {
  const o = parseWecomOptions(wecomClientOptionsSchema, options);
  const clock = o.clock ?? systemClock;
  const fetchFn = o.fetch ?? globalThis.fetch;
  const now = () => clock.now().getTime();
  const apiCalls = tokenBucket({ ...o.rateLimit, now });
  const members = o.memberLimits ? slidingWindowLimiter(MEMBER_MESSAGE_LIMITS, { now }) : null;

  const url = (api: string, query: Record<string, string>) =>
    `${o.baseUrl}${api}?${new URLSearchParams(query)}`;
  const busyRetried = async (attempt: () => Promise<WecomReply>): Promise<WecomReply> => {
    for (let left = o.busyRetry.attempts; ; left--) {
      const reply = await attempt();
      if (reply.errcode !== -1 || left === 0) return reply;
      await clock.sleep(o.busyRetry.delayMs);
    }
  };
  const tokens = accessTokenCache({
    now,
    fetchToken: async () => {
      const query = { corpid: o.corpId, corpsecret: o.corpSecret };
      const reply = await busyRetried(() =>
        wecomRequest(fetchFn, { api: 'gettoken', url: url('gettoken', query) }),
      );
      return checkWecomReply('gettoken', reply);
    },
  });
  const limited = (api: string, waitMs: number, what: string) =>
    new WecomApiError({
      api,
      errcode: null,
      errmsg: `local limit: ${what}`,
      kind: 'retry-after',
      source: 'local',
      retryAfterMs: waitMs,
    });

  const send = async <T extends WecomReply>(
    api: string,
    body: unknown,
    query: Record<string, string> = {},
  ) => {
    let token = await tokens.get();
    let tokenRefetched = false;
    for (;;) {
      const current = token;
      const reply = await busyRetried(() =>
        wecomRequest(fetchFn, { api, url: url(api, { ...query, access_token: current }), body }),
      );
      if (reply.errcode === 0) return reply as T;
      if (classifyWecomErrcode(reply.errcode).kind === 'retry-token' && !tokenRefetched) {
        tokenRefetched = true;
        tokens.invalidate(current);
        token = await tokens.get();
        continue;
      }
      throw wecomReplyError(api, reply);
    }
  };
  const takeApiCall = (api: string) => {
    if (!API_PATH.test(api))
      throw validationError('api', 'must be a path under the API base, like message/send');
    const wait = apiCalls.take();
    if (wait > 0) throw limited(api, wait, `${o.rateLimit.perMinute} API calls per minute for this app`);
  };

  return {
    corpId: o.corpId,
    agentId: o.agentId,
    call: async <T extends WecomReply = WecomReply>(
      api: string,
      body?: unknown,
      query?: Record<string, string>,
    ) => {
      takeApiCall(api);
      return send<T>(api, body, query);
    },
    async sendMessage(body) {
      const users = (body.touser ?? '').split('|').filter((u) => u !== '' && u !== '@all');
      const memberWait = members?.check(users) ?? 0;
      if (memberWait > 0)
        throw limited('message/send', memberWait, '30 messages a minute and 1,000 an hour to one member');
      takeApiCall('message/send');
      members?.take(users);
      return send<WecomSendReply>('message/send', { ...body, agentid: body.agentid ?? o.agentId });
    },
    async updateTemplateCard(body) {
      takeApiCall('message/update_template_card');
      return send('message/update_template_card', { ...body, agentid: body.agentid ?? o.agentId });
    },
    async getUserInfo(code) {
      if (typeof code !== 'string' || code === '' || Buffer.byteLength(code) > 512) {
        throw validationError('code', 'must be the sign-in code WeCom redirected with (at most 512 bytes)');
      }
      takeApiCall('auth/getuserinfo');
      return send<WecomUserInfo>('auth/getuserinfo', undefined, { code });
    },
    accessToken: () => tokens.get(),
  };
}
