import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '@gridflow/engine';
import { DEFAULT_HOTLINE_PROFILE, type HotlineProfile } from '../hotline-profile.js';
import { isRecord } from '../hotline-record-fields.js';
import { hotlineSigner } from '../hotline-signature.js';
import type { HotlineSignatureFailureCode, HotlineSignatureScheme } from '../hotline-signature-types.js';
import type { WriteBackVerb } from '../hotline-write-back-inputs.js';
import { readNodeBody } from '../node-handler.js';
import { type FakeFailure, failurePlan } from './fake-platform-failures.js';
import { fakePushClient } from './fake-platform-push.js';
import { type FakeAnswer, type FakeWriteBack, fakePlatformState } from './fake-platform-state.js';

/**
 * Options of {@link fakeHotlinePlatform}. The platform signs its pushes and checks its callers with `appId` and
 * `secret` under `scheme`, and speaks `profile`'s envelope and paths.
 *
 * @example
 * ```ts
 * const options: FakeHotlinePlatformOptions = { secret: 'test-secret', scheme: 'md5-sorted', randomSeed: 7 };
 * ```
 */
export interface FakeHotlinePlatformOptions {
  /** App id; default `district-7`. */
  appId?: string;
  /** Shared secret; default `fake-platform-secret`. */
  secret?: string;
  /** Signature scheme; default the profile's. */
  scheme?: HotlineSignatureScheme;
  /** Platform profile; default the built-in one. */
  profile?: HotlineProfile;
  /** Clock for signatures; default the system clock. */
  clock?: Pick<Clock, 'now'>;
  /** Seed of the random failure rate (see `setFailureRate`). Default 1. */
  randomSeed?: number;
}

/**
 * The answer a pushed order or action got from the webhook.
 *
 * @example
 * ```ts
 * const { status, json } = await platform.pushOrder(record, { to: webhookUrl });
 * ```
 */
export interface FakePushResult {
  /** Your webhook's HTTP status. */
  status: number;
  /** Your webhook's response headers. */
  headers: Headers;
  /** Your webhook's response body. */
  text: string;
  /** The body parsed as JSON, or `undefined` when it is not JSON. */
  json: unknown;
}

/**
 * A running fake 12345 platform on 127.0.0.1.
 *
 * @example
 * ```ts
 * const platform = await fakeHotlinePlatform();
 * platform.seed([sampleOrderRecord(1)]);
 * const client = hotlineClient({ baseUrl: platform.url, appId: platform.appId, secret: platform.secret });
 * await platform.close();
 * ```
 */
export interface FakeHotlinePlatform {
  /** The fake's base URL on 127.0.0.1. */
  readonly url: string;
  /** The app id it expects. */
  readonly appId: string;
  /** The secret it signs and checks with. */
  readonly secret: string;
  /** Put orders on the to-do list (in this order), as the platform dispatching them to the district. */
  seed(records: readonly Record<string, unknown>[]): void;
  /** Push an order, signed, as JSON to a webhook; the platform then knows the order for write-backs. */
  pushOrder(record: unknown, target: { to: string }): Promise<FakePushResult>;
  /** Push a platform action (催办, 督办, 回访, …), signed. */
  pushAction(record: unknown, target: { to: string }): Promise<FakePushResult>;
  /** Push any body, signed unless `signed: false`; for malformed-body and signature tests. */
  pushRaw(
    body: string,
    target: { to: string; signed?: boolean; headers?: Record<string, string> },
  ): Promise<FakePushResult>;
  /** Accepted write-backs (and acks) in the order accepted; a retried idempotency key appears once. */
  calls(): readonly FakeWriteBack[];
  /** Write-backs received for one order, in order. */
  callsFor(orderNo: string): FakeWriteBack[];
  /** Every request the API received, with the HTTP status and business code it answered. */
  requests(): readonly {
    method: string;
    path: string;
    status: number;
    code: string | null;
    idempotencyKey: string | null;
  }[];
  /** To-do records acknowledged, in order. */
  acked(): string[];
  /** Make the next `times` API requests fail so. */
  failNext(failure: FakeFailure, times?: number): void;
  /** Fail this share of API requests (0 to 1) with one of `kinds`, chosen by the seeded generator. */
  setFailureRate(rate: number, kinds?: readonly FakeFailure[]): void;
  /** Stop injecting failures. */
  clearFailures(): void;
  /** Stop the server. */
  close(): Promise<void>;
}

const SIGNATURE_CODES: Record<HotlineSignatureFailureCode, number> = {
  BAD_SIGNATURE: 1001,
  STALE_TIMESTAMP: 1002,
  REPLAYED_NONCE: 1003,
  MISSING_HEADER: 1004,
};

/**
 * Start a fake 12345 platform: a real `node:http` server on 127.0.0.1 (port 0) that pushes signed orders to a
 * webhook, serves a paged to-do list, accepts signed write-backs (refusing a 回复 for an order not signed for,
 * with code 2002, as real platforms do; deduplicating by idempotency key) and fails on demand.
 *
 * @example
 * ```ts
 * const platform = await fakeHotlinePlatform({ secret: 's3cret' });
 * platform.failNext({ kind: 'status', status: 500 });
 * ```
 */
export async function fakeHotlinePlatform(
  options: FakeHotlinePlatformOptions = {},
): Promise<FakeHotlinePlatform> {
  const appId = options.appId ?? 'district-7';
  const secret = options.secret ?? 'fake-platform-secret';
  const profile = options.profile ?? DEFAULT_HOTLINE_PROFILE;
  const clock = options.clock ?? { now: () => new Date() };
  const scheme = options.scheme ?? profile.signature.scheme;
  const signer = hotlineSigner({
    appId,
    secret,
    scheme,
    clock,
    headers: profile.signature.headers,
    windowSeconds: profile.signature.windowSeconds,
  });
  const state = fakePlatformState(profile, () => clock.now());
  const failures = failurePlan(options.randomSeed ?? 1);
  const log: ReturnType<FakeHotlinePlatform['requests']>[number][] = [];
  const replies = new Map<string, { body: string; status: number; text: string }>();
  const hanging = new Set<NodeJS.Timeout>();
  const verbs = new Map(
    Object.entries(profile.api.paths).map(([verb, path]) => [path, verb as WriteBackVerb | 'todo' | 'ack']),
  );

  const envelope = (answer: FakeAnswer) =>
    JSON.stringify({
      [profile.envelope.code]: answer.code,
      [profile.envelope.message]: answer.message,
      [profile.envelope.data]: answer.data ?? null,
    });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const key = header(req, profile.api.idempotencyHeader);
    const send = (status: number, answer: FakeAnswer, extra: Record<string, string> = {}) => {
      log.push({
        method: req.method ?? 'GET',
        path: url.pathname,
        status,
        code: String(answer.code),
        idempotencyKey: key,
      });
      res
        .writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...extra })
        .end(envelope(answer));
    };
    const body = await readNodeBody(req, 1024 * 1024);
    const route = verbs.get(url.pathname);
    if (!route) return send(404, { code: 404, message: `no route ${url.pathname}` });

    const failure = failures.next();
    if (failure && failure.kind !== 'dropResponse') return fail(failure, send);

    const verdict = await signer.verify({
      method: req.method ?? 'GET',
      pathAndQuery: url.pathname + url.search,
      body,
      headers: req.headers,
    });
    if (!verdict.ok)
      return send(401, { code: SIGNATURE_CODES[verdict.reason.code], message: verdict.reason.message });

    if (route === 'todo') {
      const pageSize = Math.min(Number(url.searchParams.get('pageSize') ?? 50) || 50, 200);
      const page = url.searchParams.has('page')
        ? Math.max(1, Number(url.searchParams.get('page')) || 1)
        : null;
      return send(200, state.todo({ cursor: url.searchParams.get('cursor'), page, pageSize }));
    }
    if (!key) return send(400, { code: 1005, message: `${profile.api.idempotencyHeader} is required` });
    const text = body.toString('utf8');
    const earlier = replies.get(key);
    if (earlier) {
      if (earlier.body !== text)
        return send(409, { code: 1006, message: 'idempotency key reused with another body' });
      log.push({
        method: 'POST',
        path: url.pathname,
        status: earlier.status,
        code: 'replayed',
        idempotencyKey: key,
      });
      return void res
        .writeHead(earlier.status, { 'content-type': 'application/json; charset=utf-8' })
        .end(earlier.text);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return send(400, { code: 1007, message: 'body is not JSON' });
    }
    if (!isRecord(parsed)) return send(400, { code: 1007, message: 'body is not a JSON object' });
    const answer = state.apply(route, parsed, key);
    // Only what was applied is remembered: a refused call may be tried again with the same key once allowed.
    if (answer.code === profile.envelope.success)
      replies.set(key, { body: text, status: 200, text: envelope(answer) });
    if (failure?.kind === 'dropResponse') return hang(undefined);
    return send(200, answer);
  }

  function fail(
    failure: FakeFailure,
    send: (status: number, answer: FakeAnswer, extra?: Record<string, string>) => void,
  ) {
    switch (failure.kind) {
      case 'status':
        return send(failure.status, { code: failure.status, message: 'injected failure' });
      case 'rateLimit':
        return send(429, { code: 4290, message: 'too many requests' }, { 'retry-after': failure.retryAfter });
      case 'business':
        return send(200, { code: failure.code, message: failure.message ?? 'injected business error' });
      case 'hang':
        return hang(failure.ms, () => send(504, { code: 504, message: 'answered after a hang' }));
    }
  }

  function hang(ms: number | undefined, then?: () => void) {
    if (ms === undefined) return; // the socket stays open until the client gives up or close() cuts it
    const timer = setTimeout(() => {
      hanging.delete(timer);
      then?.();
    }, ms);
    hanging.add(timer);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.headersSent || res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const pusher = fakePushClient();
  function push(text: string, target: { to: string; signed?: boolean; headers?: Record<string, string> }) {
    const url = new URL(target.to);
    const signature =
      target.signed === false
        ? {}
        : signer.sign({ method: 'POST', pathAndQuery: url.pathname + url.search, body: text });
    // Header names are case-insensitive: a test's override replaces the signed value, whatever its case.
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries({ ...signature, ...target.headers })) {
      headers[name.toLowerCase()] = value;
    }
    return pusher.post(url, { 'content-type': 'application/json; charset=utf-8', ...headers }, text);
  }

  return {
    url: base,
    appId,
    secret,
    seed(records) {
      for (const record of records) state.know(record);
    },
    pushOrder(record, target) {
      state.know(record);
      return push(JSON.stringify(record), target);
    },
    pushAction: (record, target) => push(JSON.stringify(record), target),
    pushRaw: (body, target) => push(body, target),
    calls: () => state.calls(),
    callsFor: (orderNo) => state.calls().filter((call) => call.orderNo === orderNo),
    requests: () => log,
    acked: () => state.acked(),
    failNext: (failure, times = 1) => failures.enqueue(failure, times),
    setFailureRate: (rate, kinds) => failures.setRate(rate, kinds),
    clearFailures: () => failures.clear(),
    async close() {
      for (const timer of hanging) clearTimeout(timer);
      hanging.clear();
      pusher.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name.toLowerCase()];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}
