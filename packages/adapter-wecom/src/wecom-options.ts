import type { Clock } from '@gridflow/engine';
import { validationError } from '@gridflow/engine';
import { z } from 'zod';
import type { WecomClient } from './wecom-client.js';

/**
 * The part of `fetch` the package uses: Node 20's global `fetch`, undici's, or a test server's all fit.
 *
 * @example
 * ```ts
 * const client = wecomClient({ corpId, corpSecret, agentId, fetch: globalThis.fetch });
 * ```
 */
export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

/**
 * The default WeCom API base; tests point `baseUrl` at the fake server instead.
 *
 * @example
 * ```ts
 * new URL('gettoken', WECOM_API_BASE).href; // https://qyapi.weixin.qq.com/cgi-bin/gettoken
 * ```
 */
export const WECOM_API_BASE = 'https://qyapi.weixin.qq.com/cgi-bin/';

const fetchSchema = z.custom<FetchLike>((v) => typeof v === 'function', 'must be a fetch function');
const clockSchema = z.custom<Clock>(
  (v) => typeof v === 'object' && v !== null && typeof (v as Clock).now === 'function',
  'must be a Clock ({ now(), sleep() })',
);
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

/**
 * Options of {@link wecomClient}: one WeCom app (自建应用) of one corp.
 *
 * @example
 * ```ts
 * const options: WecomClientOptions = { corpId: 'ww1234', corpSecret: process.env.WECOM_SECRET!, agentId: 1000002 };
 * ```
 */
export interface WecomClientOptions {
  /** 企业ID, from 我的企业 → 企业信息. */
  corpId: string;
  /** The app's Secret, from 应用管理 → the app. */
  corpSecret: string;
  /** The app's AgentId (an integer; a numeric string is accepted). */
  agentId: number | string;
  /** API base, default {@link WECOM_API_BASE}. */
  baseUrl?: string;
  /** The `fetch` to call WeCom with; default the global one. */
  fetch?: FetchLike;
  /** Time source for the token's life and the local limits; default the system clock. */
  clock?: Clock;
  /** Local limit for this app's API calls, default 10,000/min (WeCom's per-API limit) with bursts of 1,000. */
  rateLimit?: { perMinute?: number; burst?: number };
  /** -1 (system busy) is retried this many times with `delayMs` between tries (defaults 2 and 200). */
  busyRetry?: { attempts?: number; delayMs?: number };
  /** Keep WeCom's per-member limits (30/min, 1,000/h) locally; default true. */
  memberLimits?: boolean;
}

/**
 * The schema behind {@link WecomClientOptions}.
 *
 * @example
 * ```ts
 * const { baseUrl, agentId } = parseWecomOptions(wecomClientOptionsSchema, { corpId, corpSecret, agentId: '1000002' });
 * ```
 */
export const wecomClientOptionsSchema = z.object({
  corpId: z.string().min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
  corpSecret: z.string().min(1, 'must not be empty'),
  agentId: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)], {
    error: 'must be the app AgentId, an integer',
  }),
  baseUrl: httpUrl.default(WECOM_API_BASE).transform((u) => (u.endsWith('/') ? u : `${u}/`)),
  fetch: fetchSchema.optional(),
  clock: clockSchema.optional(),
  rateLimit: z
    .object({
      perMinute: z.number().positive().default(10_000),
      burst: z.number().int().min(1).default(1_000),
    })
    .default({ perMinute: 10_000, burst: 1_000 }),
  busyRetry: z
    .object({ attempts: z.number().int().min(0).max(10).default(2), delayMs: z.number().min(0).default(200) })
    .default({ attempts: 2, delayMs: 200 }),
  memberLimits: z.boolean().default(true),
});

/**
 * Options of {@link wecomRobotNotifier}: one group robot (群机器人) by its webhook address.
 *
 * @example
 * ```ts
 * const options: WecomRobotOptions = { webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=KEY' };
 * ```
 */
export interface WecomRobotOptions {
  /** The robot's address as WeCom shows it, with `?key=`. */
  webhookUrl: string;
  /** The `fetch` to call WeCom with; default the global one. */
  fetch?: FetchLike;
  /** The clock for rate limits; default the system clock. */
  clock?: Clock;
}

/**
 * The schema behind {@link WecomRobotOptions}.
 *
 * @example
 * ```ts
 * parseWecomOptions(wecomRobotOptionsSchema, { webhookUrl: 'https://example.com/send' }); // throws: no ?key=
 * ```
 */
export const wecomRobotOptionsSchema = z.object({
  webhookUrl: httpUrl.refine((u) => new URL(u).searchParams.get('key'), 'must carry the robot key as ?key='),
  fetch: fetchSchema.optional(),
  clock: clockSchema.optional(),
});

/**
 * The callback settings of a WeCom app (接收消息服务器配置): what WeCom signs and encrypts callbacks with.
 *
 * @example
 * ```ts
 * const settings: WecomCallbackSettings = { token: 'QDG6eK', encodingAESKey: '43 characters...', corpId: 'ww1234' };
 * ```
 */
export interface WecomCallbackSettings {
  /** The Token set on the app's API receive page. */
  token: string;
  /** The EncodingAESKey set next to it: 43 characters of base64. */
  encodingAESKey: string;
  /** The receive id the plaintext must end with: the corp id for an internal app. */
  corpId: string;
}

/**
 * The schema behind {@link WecomCallbackSettings}.
 *
 * @example
 * ```ts
 * const settings = parseWecomOptions(wecomCallbackSettingsSchema, { token, encodingAESKey, corpId });
 * ```
 */
export const wecomCallbackSettingsSchema = z.object({
  token: z.string().regex(/^[A-Za-z0-9]{1,32}$/, 'must be 1 to 32 letters or digits'),
  encodingAESKey: z.string().regex(/^[A-Za-z0-9+/]{43}$/, 'must be 43 characters of base64'),
  corpId: z.string().min(1, 'must not be empty'),
});

/**
 * Validate options with `schema`; the first problem becomes a `VALIDATION_FAILED` `GridflowError` whose
 * `details.field` is `options.<path>` (or `<root>.<path>`), and `details.issues` lists them all.
 *
 * @example
 * ```ts
 * const { corpId } = parseWecomOptions(wecomClientOptionsSchema, options); // throws on a missing corpId
 * ```
 */
export function parseWecomOptions<S extends z.ZodType>(
  schema: S,
  value: unknown,
  root = 'options',
): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const path = (issue: z.core.$ZodIssue) => [root, ...issue.path.map(String)].join('.');
  const first = result.error.issues[0]!;
  const error = validationError(path(first), first.message, result.error);
  error.details.issues = result.error.issues.map((i) => ({ path: path(i), message: i.message }));
  throw error;
}

/**
 * Options of {@link wecomLogin}: WeCom web sign-in (网页授权登录) for one app.
 *
 * @example
 * ```ts
 * const options: WecomLoginOptions = { client, redirectUri: 'https://grid.example.gov.cn/auth/wecom' };
 * ```
 */
export interface WecomLoginOptions {
  /** The app's client: its corp id and agent id go into the sign-in address, its token reads the code. */
  client: Pick<WecomClient, 'corpId' | 'agentId' | 'getUserInfo'>;
  /** Where WeCom sends the browser back with `?code=&state=`; its domain must be the app's trusted domain. */
  redirectUri: string;
  /** Default `state` (letters and digits, at most 128); pass a fresh one per sign-in to `authorizeUrl`. */
  state?: string;
}

/**
 * The `state` WeCom carries through sign-in: letters and digits, at most 128.
 *
 * @example
 * ```ts
 * wecomStateSchema.parse(randomUUID().replaceAll('-', ''));
 * ```
 */
export const wecomStateSchema = z
  .string()
  .regex(/^[A-Za-z0-9]{0,128}$/, 'must be at most 128 letters or digits');

/**
 * The schema behind {@link WecomLoginOptions}.
 *
 * @example
 * ```ts
 * const { redirectUri } = parseWecomOptions(wecomLoginOptionsSchema, { client, redirectUri: 'https://a.example/cb' });
 * ```
 */
export const wecomLoginOptionsSchema = z.object({
  client: z.custom<WecomLoginOptions['client']>(
    (v) => typeof v === 'object' && v !== null && typeof (v as WecomClient).getUserInfo === 'function',
    'must be a wecomClient',
  ),
  redirectUri: httpUrl,
  state: wecomStateSchema.default(''),
});
