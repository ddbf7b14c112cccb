import { createHash } from 'node:crypto';
import { checkMessageContent, checkRobotMessage } from './fake-message-rules.js';
import { countSince, type FakeDelivery, type FakeWecomState, opaqueId } from './fake-wecom-state.js';

/** The fixed facts of one fake corp and app. */
export interface FakeConfig {
  corpId: string;
  corpSecret: string;
  agentId: number;
  tokenTtlMs: number;
  unknownUsers: Set<string>;
  robotKeys: Set<string>;
}

/** A WeCom answer: JSON, and the HTTP status (200 for every errcode, like the real one). */
export type FakeReply = { status: number; json: Record<string, unknown> };
type Json = Record<string, unknown>;

const MINUTE = 60_000;
const HOUR = 3_600_000;
const ok = (extra: Json = {}): FakeReply => ({ status: 200, json: { errcode: 0, errmsg: 'ok', ...extra } });
const fail = (errcode: number, errmsg: string): FakeReply => ({ status: 200, json: { errcode, errmsg } });

function gettoken(config: FakeConfig, state: FakeWecomState, query: URLSearchParams): FakeReply {
  if (query.get('corpid') !== config.corpId) return fail(40013, 'invalid corpid');
  if (query.get('corpsecret') !== config.corpSecret) return fail(40001, 'invalid credential');
  const now = state.now();
  const current = state.currentToken;
  const expiresAt = current ? (state.tokens.get(current) ?? 0) : 0;
  if (current && expiresAt > now) {
    return ok({ access_token: current, expires_in: Math.ceil((expiresAt - now) / 1000) });
  }
  const token = opaqueId();
  state.tokens.set(token, now + config.tokenTtlMs);
  state.currentToken = token;
  return ok({ access_token: token, expires_in: config.tokenTtlMs / 1000 });
}

/** The errcode for a missing, unknown or expired `access_token`, or null when it is valid. */
export function tokenProblem(state: FakeWecomState, query: URLSearchParams): FakeReply | null {
  const token = query.get('access_token');
  if (!token) return fail(41001, 'access_token missing');
  const expiresAt = state.tokens.get(token);
  if (expiresAt === undefined) return fail(40014, 'invalid access_token');
  return expiresAt <= state.now() ? fail(42001, 'access_token expired') : null;
}

function send(config: FakeConfig, state: FakeWecomState, body: Json): FakeReply {
  if (body.agentid !== config.agentId) return fail(40056, 'invalid agentid');
  const problem = checkMessageContent(body);
  if (problem) return fail(problem.errcode, problem.errmsg);
  const users = typeof body.touser === 'string' ? body.touser.split('|').filter(Boolean) : [];
  if (users.length === 0) return fail(40058, 'touser is empty');
  if (users.length > 1000) return fail(40058, 'touser has more than 1000 users');
  const now = state.now();
  const msgid = `msg${state.nextMsgId++}`;
  const card = body.msgtype === 'template_card' ? (body.template_card as Json) : undefined;
  const responseCode =
    card && card.card_type !== 'text_notice' && card.card_type !== 'news_notice' ? opaqueId() : undefined;
  const unknown = users.filter((u) => config.unknownUsers.has(u));
  if (unknown.length === users.length) return fail(81013, 'user & party & tag all invalid');
  const invaliduser = unknown.map((u) => u.toLowerCase()).join('|');
  const reply = ok({ invaliduser, invalidparty: '', invalidtag: '', msgid, response_code: responseCode });

  if (body.enable_duplicate_check === 1) {
    const interval = Math.min(Number(body.duplicate_check_interval ?? 1800), 4 * 3600) * 1000;
    const hash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
    const seen = state.duplicateHashes.get(hash);
    if (seen !== undefined && seen > now - interval) return reply; // same content: accepted, not delivered again
    state.duplicateHashes.set(hash, now);
  }
  const taskId = card?.task_id as string | undefined;
  if (taskId !== undefined) {
    if (state.taskIds.has(taskId)) return reply; // like the real one: errcode 0, and the card never arrives
    state.taskIds.add(taskId);
  }
  for (const userId of users.filter((u) => !config.unknownUsers.has(u))) {
    const delivery: FakeDelivery = {
      msgid,
      userId,
      msgtype: body.msgtype as string,
      content: body[body.msgtype as string] as Json,
      taskId,
      responseCode,
      at: now,
    };
    const times = (state.memberDeliveries.get(userId) ?? []).filter((t) => t > now - HOUR);
    // Over 30 a minute or 1,000 an hour WeCom drops the message for that member and still answers ok.
    if (countSince(times, now, MINUTE) >= 30 || times.length >= 1000) state.dropped.push(delivery);
    else {
      times.push(now);
      state.deliveries.push(delivery);
    }
    state.memberDeliveries.set(userId, times);
  }
  if (responseCode && taskId)
    state.responseCodes.set(responseCode, { taskId, userIds: users, issuedAt: now, used: false });
  return reply;
}

function updateCard(config: FakeConfig, state: FakeWecomState, body: Json): FakeReply {
  if (body.agentid !== config.agentId) return fail(40056, 'invalid agentid');
  const code =
    typeof body.response_code === 'string' ? state.responseCodes.get(body.response_code) : undefined;
  // WeCom documents single use within 72 hours but no error code for a spent one: the fake answers 40058.
  if (!code) return fail(40058, 'invalid response_code');
  if (code.used) return fail(40058, 'response_code already used');
  if (code.issuedAt <= state.now() - 72 * HOUR) return fail(40058, 'response_code expired');
  const button = body.button as Json | undefined;
  const replaceName = typeof button?.replace_name === 'string' ? button.replace_name : undefined;
  const templateCard = body.template_card as Json | undefined;
  if (!replaceName && !templateCard) return fail(40058, 'button.replace_name or template_card is required');
  code.used = true;
  const userIds = Array.isArray(body.userids) ? (body.userids as string[]) : code.userIds;
  state.cardUpdates.push({
    responseCode: body.response_code as string,
    taskId: code.taskId,
    userIds,
    replaceName,
    templateCard,
    at: state.now(),
  });
  return ok();
}

function robot(config: FakeConfig, state: FakeWecomState, query: URLSearchParams, body: Json): FakeReply {
  const key = query.get('key') ?? '';
  if (!config.robotKeys.has(key)) return fail(93000, 'invalid webhook url');
  const now = state.now();
  const sends = (state.robotSends.get(key) ?? []).filter((t) => t > now - MINUTE);
  state.robotSends.set(key, sends);
  if (sends.length >= 20) return fail(45009, 'api freq out of limit');
  const problem = checkRobotMessage(body);
  if (problem) return fail(problem.errcode, problem.errmsg);
  sends.push(now);
  const part = body[body.msgtype as string] as Json;
  state.robotMessages.push({
    key,
    msgtype: body.msgtype as 'text' | 'markdown',
    content: part.content as string,
    mentionedList: part.mentioned_list as string[] | undefined,
    mentionedMobileList: part.mentioned_mobile_list as string[] | undefined,
    at: now,
  });
  return ok();
}

function userInfo(state: FakeWecomState, query: URLSearchParams): FakeReply {
  const code = state.codes.get(query.get('code') ?? '');
  // A code is single use and lives five minutes.
  if (!code || code.used || code.issuedAt <= state.now() - 5 * MINUTE) return fail(40029, 'invalid code');
  code.used = true;
  return ok(code.userid ? { userid: code.userid } : { openid: code.openid });
}

/**
 * Answer one API call as WeCom would. `body` is the parsed JSON body (undefined for GET).
 *
 * @example
 * ```ts
 * routeFakeWecom(config, state, 'gettoken', new URLSearchParams({ corpid, corpsecret }), undefined);
 * ```
 */
export function routeFakeWecom(
  config: FakeConfig,
  state: FakeWecomState,
  api: string,
  query: URLSearchParams,
  body: unknown,
): FakeReply {
  if (api === 'gettoken') return gettoken(config, state, query);
  if (api === 'webhook/send') return robot(config, state, query, (body ?? {}) as Json);
  const apis: Record<string, () => FakeReply> = {
    'message/send': () => send(config, state, (body ?? {}) as Json),
    'message/update_template_card': () => updateCard(config, state, (body ?? {}) as Json),
    'auth/getuserinfo': () => userInfo(state, query),
  };
  const route = apis[api];
  if (!route) return { status: 404, json: { errcode: 404, errmsg: `no such API ${api}` } };
  return tokenProblem(state, query) ?? route();
}
