import type { Clock } from '@gridflow/engine';
import { z } from 'zod';
import { classifyHotlineResponse, hotlineApiError } from './hotline-errors.js';
import { parseOptions } from './hotline-options.js';
import { DEFAULT_HOTLINE_PROFILE, type HotlineProfile } from './hotline-profile.js';
import { isRecord } from './hotline-record-fields.js';
import { type HotlineTodoPage, todoPage, unwrapEnvelope } from './hotline-envelope.js';
import { hotlineSigner } from './hotline-signature.js';
import { type HotlineSignatureScheme, signatureSchemeSchema } from './hotline-signature-types.js';
import {
  type WriteBackInput,
  type WriteBackVerb,
  writeBackBody,
  writeBackInputs,
} from './hotline-write-back-inputs.js';

/**
 * Options of {@link hotlineClient}.
 *
 * @example
 * ```ts
 * const options: HotlineClientOptions = { baseUrl: 'https://12345.example.gov.cn/gateway', appId: 'district-7',
 *   secret: process.env.HOTLINE_SECRET!, scheme: 'hmac-sha256', timeoutMs: 5_000 };
 * ```
 */
export interface HotlineClientOptions {
  /** The platform's gateway URL. */
  baseUrl: string;
  /** The district's app id on the platform. */
  appId: string;
  /** The shared secret requests are signed with. */
  secret: string;
  /** Default: the profile's scheme. */
  scheme?: HotlineSignatureScheme;
  /** Default: the default profile. */
  profile?: HotlineProfile;
  /** The `fetch` to call the platform with; default the global one. */
  fetch?: typeof fetch;
  /** The clock for signature timestamps; default the system clock. */
  clock?: Pick<Clock, 'now'>;
  /** Per call, from sending to the last byte of the answer. Default 10 000 ms. */
  timeoutMs?: number;
}

/**
 * Signed JSON calls to a 12345 platform. Every call resolves with the envelope's `data`, or throws a
 * `HotlineApiError`: permanent (`retryable: false`), retryable, or with `retryAfterMs`.
 *
 * @example
 * ```ts
 * await client.signFor({ orderNo: 'GD1', idempotencyKey: delivery.idempotencyKey, time: new Date(), unit: 'CG01' });
 * ```
 */
export interface HotlineClient {
  /** 待办: a page by `cursor` (or by `page` number on platforms that page by number). */
  listTodo(query?: { cursor?: string | null; page?: number; pageSize?: number }): Promise<HotlineTodoPage>;
  /** Tell the platform an order was received (接收确认); the key defaults to `ack:<orderNo>`. */
  ack(orderNo: string, options?: { idempotencyKey?: string }): Promise<unknown>;
  /** 签收 */
  signFor(input: WriteBackInput<'signFor'>): Promise<unknown>;
  /** 阶段性答复 */
  interimReply(input: WriteBackInput<'interimReply'>): Promise<unknown>;
  /** 回复/办结 */
  reply(input: WriteBackInput<'reply'>): Promise<unknown>;
  /** 退单 */
  returnOrder(input: WriteBackInput<'returnOrder'>): Promise<unknown>;
  /** 延期申请; the decision comes back later as a platform action. */
  requestExtension(input: WriteBackInput<'requestExtension'>): Promise<unknown>;
  /** 办结: the district closed the order (after its 回复), with the close reason as the profile labels it. */
  close(input: WriteBackInput<'close'>): Promise<unknown>;
}

const optionsSchema = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }),
  appId: z.string().min(1, 'must not be empty'),
  secret: z.string().min(1, 'must not be empty'),
  scheme: signatureSchemeSchema.optional(),
  profile: z
    .custom<HotlineProfile>((v) => isRecord(v) && isRecord(v.envelope), 'must be a hotlineProfile()')
    .optional(),
  fetch: z.custom<typeof fetch>((v) => typeof v === 'function', 'must be a fetch function').optional(),
  clock: z.custom<Pick<Clock, 'now'>>((v) => typeof (v as Clock)?.now === 'function').optional(),
  timeoutMs: z.number().int().min(1).default(10_000),
});

/**
 * A client of one platform app. Throws `VALIDATION_FAILED` naming a bad option; with `scheme: 'sm3'` on a Node
 * without SM3, `ADAPTER_FAILED` (see `hotlineSigner`).
 *
 * @example
 * ```ts
 * const client = hotlineClient({ baseUrl: platform.url, appId: 'district-7', secret: 's3cret' });
 * const { records, nextCursor } = await client.listTodo({ pageSize: 50 });
 * ```
 */
export function hotlineClient(options: HotlineClientOptions): HotlineClient {
  const parsed = parseOptions(optionsSchema, options, 'hotlineClient');
  const profile = parsed.profile ?? DEFAULT_HOTLINE_PROFILE;
  const clock = parsed.clock ?? { now: () => new Date() };
  const send = parsed.fetch ?? globalThis.fetch;
  const signer = hotlineSigner({
    appId: parsed.appId,
    secret: parsed.secret,
    scheme: parsed.scheme ?? profile.signature.scheme,
    headers: profile.signature.headers,
    clock,
  });
  const base = parsed.baseUrl.replace(/\/+$/, '');

  async function call(
    operation: string,
    path: string,
    body?: unknown,
    idempotencyKey?: string,
  ): Promise<unknown> {
    const url = new URL(base + path);
    const method = body === undefined ? 'GET' : 'POST';
    const text = body === undefined ? '' : JSON.stringify(body);
    const headers: Record<string, string> = {
      ...signer.sign({ method, pathAndQuery: url.pathname + url.search, body: text }),
      accept: 'application/json',
    };
    if (body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
    if (idempotencyKey) headers[profile.api.idempotencyHeader] = idempotencyKey;
    let status: number;
    let raw: string;
    let retryAfter: string | null;
    try {
      const response = await send(url, {
        method,
        headers,
        body: body === undefined ? undefined : text,
        signal: AbortSignal.timeout(parsed.timeoutMs),
      });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      raw = await response.text();
    } catch (cause) {
      const timedOut = (cause as Error)?.name === 'TimeoutError';
      const code = timedOut ? 'TIMEOUT' : 'NETWORK';
      const message = timedOut
        ? `no answer within ${parsed.timeoutMs} ms`
        : `request failed: ${String(cause)}`;
      throw hotlineApiError({ operation, status: null, code, message, cause }, { kind: 'retryable' });
    }
    const envelope = unwrapEnvelope(raw, profile);
    const verdict = classifyHotlineResponse({
      status,
      retryAfter,
      businessCode: envelope?.code ?? null,
      profile,
      now: clock.now(),
    });
    if (verdict.kind === 'ok') return envelope!.data;
    // A body that is not our envelope (a gateway's HTML error page) is retried: it is rarely the platform's word.
    const failure =
      envelope === null && verdict.kind === 'permanent' && status < 300
        ? { kind: 'retryable' as const }
        : verdict;
    const code = envelope?.code ?? (status < 300 ? 'BAD_ENVELOPE' : null);
    const message = envelope?.message || `HTTP ${status}`;
    throw hotlineApiError({ operation, status, code, message }, failure);
  }

  function writeBack<V extends WriteBackVerb>(verb: V) {
    return async (input: WriteBackInput<V>) => {
      const schema = writeBackInputs[verb] as unknown as z.ZodType<z.output<(typeof writeBackInputs)[V]>>;
      const valid = parseOptions(schema, input, verb);
      return call(verb, profile.api.paths[verb], writeBackBody(verb, valid, profile), valid.idempotencyKey);
    };
  }

  return {
    async listTodo(query = {}) {
      const search = new URLSearchParams();
      if (query.cursor) search.set('cursor', query.cursor);
      if (query.page !== undefined) search.set('page', String(query.page));
      search.set('pageSize', String(query.pageSize ?? 50));
      const data = await call('listTodo', `${profile.api.paths.todo}?${search}`);
      return todoPage(data, profile);
    },
    ack(orderNo, ackOptions = {}) {
      const key = ackOptions.idempotencyKey ?? `ack:${orderNo}`;
      return call('ack', profile.api.paths.ack, { orderNo }, key);
    },
    signFor: writeBack('signFor'),
    interimReply: writeBack('interimReply'),
    reply: writeBack('reply'),
    returnOrder: writeBack('returnOrder'),
    requestExtension: writeBack('requestExtension'),
    close: writeBack('close'),
  };
}
