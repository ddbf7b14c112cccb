import type { HeadersLike } from './hotline-signature.js';
import { readLimitedBody } from './web-body.js';

/**
 * An inbound request reduced to what a handler reads. `body` is `null` when it was over the reader's limit
 * (and was not read to its end).
 *
 * @example
 * ```ts
 * const request: PlainRequest = { method: 'POST', pathAndQuery: '/hotline/push', headers: req.headers, body };
 * ```
 */
export interface PlainRequest {
  method: string;
  pathAndQuery: string;
  headers: HeadersLike;
  body: Uint8Array | null;
}

/**
 * A handler's answer before it becomes a web `Response` or is written to a Node `ServerResponse`.
 *
 * @example
 * ```ts
 * const answer: PlainResponse = { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' };
 * ```
 */
export interface PlainResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * The key under which a web handler carries its plain form; `toNodeHandler` calls that form directly, so a
 * Node server does not build a web `Request` and `Response` (and their streams) for every request.
 *
 * @example
 * ```ts
 * const plain = (webhook as PlainCapableHandler)[PLAIN_HANDLER];
 * ```
 */
export const PLAIN_HANDLER: unique symbol = Symbol.for('@gridflow/adapter-12345-hotline/plain-handler');

/**
 * A web-standard handler that may also carry its plain form under {@link PLAIN_HANDLER}.
 *
 * @example
 * ```ts
 * const handler: PlainCapableHandler = webHandlerOf(plain, 1024 * 1024);
 * ```
 */
export type PlainCapableHandler = ((request: Request) => Promise<Response>) & {
  [PLAIN_HANDLER]?: (request: PlainRequest) => Promise<PlainResponse>;
};

/**
 * The web-standard handler of a plain one: reads a POST body up to `bodyLimitBytes` and answers a `Response`;
 * a body that cannot be read (the client went away) gets `unreadable(error)`. Both forms run the same code, so
 * the Node fast path cannot drift from what web runtimes get.
 *
 * @example
 * ```ts
 * const webhook = webHandlerOf(async () => ({ status: 204, headers: {}, body: '' }), 1024, () => failed);
 * ```
 */
export function webHandlerOf(
  plain: (request: PlainRequest) => Promise<PlainResponse>,
  bodyLimitBytes: number,
  unreadable: (error: unknown) => PlainResponse,
): PlainCapableHandler {
  const web: PlainCapableHandler = async (request) => {
    const url = new URL(request.url);
    let body: Uint8Array | null = new Uint8Array(0);
    try {
      if (request.method === 'POST') body = await readLimitedBody(request, bodyLimitBytes);
    } catch (error) {
      return responseOf(unreadable(error));
    }
    const answer = await plain({
      method: request.method,
      pathAndQuery: url.pathname + url.search,
      headers: request.headers,
      body,
    });
    return responseOf(answer);
  };
  web[PLAIN_HANDLER] = plain;
  return web;
}

function responseOf(answer: PlainResponse): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
