import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Clock, systemClock } from '@gridflow/engine';
import {
  buildClick,
  type FakeCallbackRequest,
  type FakeCallbackResult,
  type FakeClick,
  postClick,
  verifyCallbackUrl,
} from './fake-wecom-clicks.js';
import { type FakeConfig, type FakeReply, routeFakeWecom } from './fake-wecom-routes.js';
import {
  createFakeState,
  type FakeCardUpdate,
  type FakeDelivery,
  type FakeRobotMessage,
} from './fake-wecom-state.js';

/**
 * Options of {@link fakeWecomServer}.
 *
 * @example
 * ```ts
 * const fake = await fakeWecomServer({ unknownUsers: ['left-2024'], clock: virtualClock() });
 * ```
 */
export interface FakeWecomServerOptions {
  /** Default `wwfakecorp0001`. */
  corpId?: string;
  /** Default `fake-secret`. */
  corpSecret?: string;
  /** Default 1000002. */
  agentId?: number;
  /** Default 7200, like WeCom. */
  tokenTtlSeconds?: number;
  /** Users the corp does not know: answered in `invaliduser`, never delivered. */
  unknownUsers?: string[];
  /** Valid group-robot keys (default `['fake-robot-key']`); others get 93000. */
  robotKeys?: string[];
  /** Time for token life, limits and response codes; default the system clock. */
  clock?: Clock;
  /** Source of chance for the rates below (pass a seeded one for repeatable runs); default Math.random. */
  random?: () => number;
  /** Share of calls answered HTTP 500 before anything happens. */
  serverErrorRate?: number;
  /** Share of accepted `message/send` calls whose reply is lost (HTTP 500 after delivering). */
  lostReplyRate?: number;
}

/**
 * A failure to inject: a WeCom `errcode` (HTTP 200) or an HTTP status.
 *
 * @example
 * ```ts
 * fake.failNext(2, { errcode: -1 });
 * fake.failNext(1, { status: 502 }, 'gettoken');
 * ```
 */
export type FakeFailure = { errcode: number; errmsg?: string } | { status: number };

/**
 * A real HTTP server on 127.0.0.1 that speaks WeCom's documented API (gettoken, message/send,
 * message/update_template_card, webhook/send, auth/getuserinfo) with its error codes and limits, records what
 * it received, and clicks buttons the way WeCom calls back.
 *
 * @example
 * ```ts
 * const client = wecomClient({ ...fake.appOptions(), clock });
 * await client.sendMessage({ touser: 'wangfang', msgtype: 'text', text: { content: 'hi' } });
 * expect(fake.delivered('wangfang')).toHaveLength(1);
 * ```
 */
export interface FakeWecomServer {
  /** `http://127.0.0.1:<port>/cgi-bin/`: pass as the client's `baseUrl`. */
  readonly baseUrl: string;
  /** The corp id the fake accepts. */
  readonly corpId: string;
  /** The corp secret the fake accepts. */
  readonly corpSecret: string;
  /** The agent id the fake accepts. */
  readonly agentId: number;
  /** `{ corpId, corpSecret, agentId, baseUrl }` for `wecomClient`. */
  appOptions(): { corpId: string; corpSecret: string; agentId: number; baseUrl: string };
  /** A robot address on this server (default key: the first of `robotKeys`). */
  webhookUrl(key?: string): string;
  /** Expire every token now: the next call with one gets 42001. */
  expireTokens(): void;
  /** Answer the next `n` calls (of `api`, or of any API but gettoken) with `failure`. */
  failNext(n: number, failure: FakeFailure, api?: string): void;
  /** After `n` more app API calls answer 45009 for `blockMs` (default 60 s); `repeat` to block again. */
  rateLimitAfter(n: number, options?: { blockMs?: number; repeat?: boolean }): void;
  /** Make `code` a valid sign-in code (single use, five minutes) for a member or, with `openid`, a non-member. */
  registerCode(code: string, who: { userid: string } | { openid: string }): void;
  /** App messages delivered, per member when `userId` is given, in order. */
  delivered(userId?: string): FakeDelivery[];
  /** App messages dropped silently over the per-member limits (what the real WeCom would lose). */
  dropped(userId?: string): FakeDelivery[];
  /** Card updates received, oldest first. */
  cardUpdates(): FakeCardUpdate[];
  /** Group robot messages received, of one robot key or all. */
  robotMessages(key?: string): FakeRobotMessage[];
  /** How many calls reached the server (of `api`, or all). */
  calls(api?: string): number;
  /** How often each kind of trouble was injected: failNext, random 500s, lost replies, 45009 from rateLimitAfter. */
  injected(): { failNext: number; serverErrors: number; lostReplies: number; rateLimited: number };
  /** Build a `template_card_event` callback without sending it (to tamper with in tests). */
  buildClick(click: FakeClick): FakeCallbackRequest;
  /** Encrypt, sign and POST a `template_card_event` to `click.callbackUrl`, as WeCom does. */
  clickButton(click: FakeClick): Promise<FakeCallbackResult>;
  /** The admin console's URL check: a GET with an encrypted `echostr` to echo. `ok` if echoed right. */
  verifyUrl(
    callbackUrl: string,
    settings: { token: string; encodingAESKey: string; corpId?: string },
  ): Promise<{ status: number; body: string; echo: string; ok: boolean }>;
  /** Stop the server. */
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

/**
 * Start a {@link FakeWecomServer} on 127.0.0.1, port 0 (any free port).
 *
 * @example
 * ```ts
 * import { fakeWecomServer } from '@gridflow/adapter-wecom/testing';
 * const fake = await fakeWecomServer({ unknownUsers: ['ghost'] });
 * afterAll(() => fake.close());
 * ```
 */
export async function fakeWecomServer(options: FakeWecomServerOptions = {}): Promise<FakeWecomServer> {
  const clock = options.clock ?? systemClock;
  const now = () => clock.now().getTime();
  const random = options.random ?? Math.random;
  const config: FakeConfig = {
    corpId: options.corpId ?? 'wwfakecorp0001',
    corpSecret: options.corpSecret ?? 'fake-secret',
    agentId: options.agentId ?? 1000002,
    tokenTtlMs: (options.tokenTtlSeconds ?? 7200) * 1000,
    unknownUsers: new Set(options.unknownUsers ?? []),
    robotKeys: new Set(options.robotKeys ?? ['fake-robot-key']),
  };
  const state = createFakeState(now);
  const failures: { left: number; failure: FakeFailure; api?: string }[] = [];
  let limit: { after: number; count: number; blockMs: number; repeat: boolean; until: number } | null = null;
  const callCounts = new Map<string, number>();
  const stats = { failNext: 0, serverErrors: 0, lostReplies: 0, rateLimited: 0 };

  const injected = (api: string): FakeReply | null => {
    const index = failures.findIndex((f) => (f.api ? f.api === api : api !== 'gettoken'));
    if (index !== -1) {
      const entry = failures[index]!;
      if (--entry.left === 0) failures.splice(index, 1);
      const { failure } = entry;
      stats.failNext++;
      if ('status' in failure) return { status: failure.status, json: { errmsg: 'injected' } };
      return { status: 200, json: { errcode: failure.errcode, errmsg: failure.errmsg ?? 'injected' } };
    }
    if (random() < (options.serverErrorRate ?? 0)) {
      stats.serverErrors++;
      return { status: 500, json: { errmsg: 'injected' } };
    }
    if (!limit || api === 'gettoken' || api === 'webhook/send') return null;
    const limited = { status: 200, json: { errcode: 45009, errmsg: 'api freq out of limit' } };
    if (limit.until > now()) {
      stats.rateLimited++;
      return limited;
    }
    if (limit.until > 0) {
      if (!limit.repeat) limit = null;
      else Object.assign(limit, { count: 0, until: 0 });
      if (!limit) return null;
    }
    if (++limit.count <= limit.after) return null;
    limit.until = now() + limit.blockMs;
    stats.rateLimited++;
    return limited;
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const api = url.pathname.replace(/^\/cgi-bin\//, '');
    callCounts.set(api, (callCounts.get(api) ?? 0) + 1);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size <= MAX_BODY) chunks.push(chunk as Buffer);
    }
    let reply: FakeReply;
    try {
      reply = answer(api, req.method ?? 'GET', url.searchParams, Buffer.concat(chunks));
    } catch (error) {
      // A bug in the fake must show up in the test, not hang the client waiting for an answer.
      reply = { status: 599, json: { errmsg: String(error) } };
    }
    if (reply.status >= 500) res.writeHead(reply.status, { 'content-type': 'text/html' }).end('<h1>500</h1>');
    else res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.json));
  });
  const answer = (api: string, method: string, query: URLSearchParams, raw: Buffer): FakeReply => {
    const injectedReply = injected(api);
    if (injectedReply) return injectedReply;
    let body: unknown;
    try {
      body = method === 'POST' ? JSON.parse(raw.toString('utf8')) : undefined;
    } catch {
      return { status: 200, json: { errcode: 40058, errmsg: 'Warning: wrong json format' } };
    }
    const reply = routeFakeWecom(config, state, api, query, body);
    const accepted = api === 'message/send' && reply.status === 200 && reply.json.errcode === 0;
    if (accepted && random() < (options.lostReplyRate ?? 0)) {
      stats.lostReplies++;
      return { status: 500, json: { errmsg: 'injected' } };
    }
    return reply;
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const baseUrl = `${origin}/cgi-bin/`;
  const forUser = <T extends { userId: string }>(list: T[], userId?: string) =>
    userId === undefined ? [...list] : list.filter((d) => d.userId === userId);

  return {
    baseUrl,
    corpId: config.corpId,
    corpSecret: config.corpSecret,
    agentId: config.agentId,
    appOptions: () => ({
      corpId: config.corpId,
      corpSecret: config.corpSecret,
      agentId: config.agentId,
      baseUrl,
    }),
    webhookUrl: (key = [...config.robotKeys][0] ?? 'none') =>
      `${baseUrl}webhook/send?key=${encodeURIComponent(key)}`,
    expireTokens() {
      for (const token of state.tokens.keys()) state.tokens.set(token, now());
    },
    failNext(n, failure, api) {
      if (n > 0) failures.push({ left: n, failure, api });
    },
    rateLimitAfter(n, o = {}) {
      limit = { after: n, count: 0, blockMs: o.blockMs ?? 60_000, repeat: o.repeat ?? false, until: 0 };
    },
    registerCode(code, who) {
      state.codes.set(code, { ...who, issuedAt: now(), used: false });
    },
    delivered: (userId) => forUser(state.deliveries, userId),
    dropped: (userId) => forUser(state.dropped, userId),
    cardUpdates: () => [...state.cardUpdates],
    robotMessages: (key) => state.robotMessages.filter((m) => key === undefined || m.key === key),
    calls: (api) =>
      api === undefined ? [...callCounts.values()].reduce((a, b) => a + b, 0) : (callCounts.get(api) ?? 0),
    injected: () => ({ ...stats }),
    buildClick: (click) => buildClick(state, config, click),
    clickButton: (click) => postClick(buildClick(state, config, click)),
    verifyUrl: (callbackUrl, settings) =>
      verifyCallbackUrl(now, callbackUrl, { ...settings, corpId: settings.corpId ?? config.corpId }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
