import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  PLAIN_HANDLER,
  type PlainCapableHandler,
  type PlainRequest,
  type PlainResponse,
} from './plain-exchange.js';

/**
 * Options of {@link toNodeHandler}.
 *
 * @example
 * ```ts
 * const options: NodeHandlerOptions = { bodyLimitBytes: 256 * 1024 };
 * ```
 */
export interface NodeHandlerOptions {
  /** Larger bodies get 413 before the handler runs. Default 1 MiB: a work order with its text is a few KB. */
  bodyLimitBytes?: number;
}

/**
 * A body over the limit, reported by {@link readNodeBody}.
 *
 * @example
 * ```ts
 * if (error instanceof BodyTooLargeError) res.writeHead(413).end();
 * ```
 */
export class BodyTooLargeError extends Error {
  /** Always `BodyTooLargeError`. */
  override readonly name = 'BodyTooLargeError';
  constructor(readonly limit: number) {
    super(`request body over ${limit} bytes`);
  }
}

/**
 * Read a Node request's body up to `limit` bytes; rejects with {@link BodyTooLargeError} as soon as the declared
 * length or the bytes received pass it, without buffering the rest.
 *
 * @example
 * ```ts
 * const body = await readNodeBody(req, 1024 * 1024);
 * ```
 */
export function readNodeBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new BodyTooLargeError(limit));
  // Plain 'data' events: an async iterator over the stream costs several times more per request.
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.once('error', reject);
    req.once('close', () => {
      if (!req.complete) reject(new Error('the request was aborted before its body ended'));
    });
  });
}

/**
 * Adapt a web-standard handler (`Request` → `Response`, as every inbound handler of this package is) to Node's
 * `(req, res)`, for `http.createServer`, Express or Fastify's raw mode. Bodies over the limit get 413; a handler
 * that throws gets a bare 500 (its error is not shown to the caller).
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * createServer(toNodeHandler(async (request) => new Response('ok'))).listen(8080);
 * ```
 */
export function toNodeHandler(
  handler: (request: Request) => Promise<Response>,
  options: NodeHandlerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const limit = options.bodyLimitBytes ?? 1024 * 1024;
  const plainForm = (handler as PlainCapableHandler)[PLAIN_HANDLER];
  if (plainForm) return plainNodeHandler(plainForm, limit);
  return async (req, res) => {
    let response: Response;
    try {
      const method = req.method ?? 'GET';
      const body = method === 'GET' || method === 'HEAD' ? undefined : await readNodeBody(req, limit);
      const headers = new Headers();
      for (let i = 0; i < req.rawHeaders.length; i += 2)
        headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
      response = await handler(new Request(url, { method, headers, body }));
    } catch (error) {
      response =
        error instanceof BodyTooLargeError
          ? plain(413, 'Payload Too Large')
          : plain(500, 'Internal Server Error');
      // The rest of an oversized body is not read; closing the connection stops the client from sending it.
      if (error instanceof BodyTooLargeError) res.setHeader('connection', 'close');
    }
    await writeResponse(res, response);
  };
}

/** A handler with a plain form (the hotline webhook): the same answers, without web `Request`/`Response`. */
function plainNodeHandler(
  handler: (request: PlainRequest) => Promise<PlainResponse>,
  limit: number,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    let answer: PlainResponse;
    try {
      const method = req.method ?? 'GET';
      const body = method === 'GET' || method === 'HEAD' ? new Uint8Array(0) : await readNodeBody(req, limit);
      const url = new URL(req.url ?? '/', 'http://localhost');
      answer = await handler({ method, pathAndQuery: url.pathname + url.search, headers: req.headers, body });
    } catch (error) {
      const tooLarge = error instanceof BodyTooLargeError;
      answer = tooLarge ? plainText(413, 'Payload Too Large') : plainText(500, 'Internal Server Error');
      if (tooLarge) answer.headers.connection = 'close';
    }
    // With the length given, Node sends headers and body in one write, without chunked framing.
    const length = String(Buffer.byteLength(answer.body));
    res.writeHead(answer.status, { ...answer.headers, 'content-length': length }).end(answer.body);
  };
}

function plainText(status: number, text: string): PlainResponse {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: text };
}

function plain(status: number, text: string): Response {
  const { headers, body } = plainText(status, text);
  return new Response(body, { status, headers });
}

async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  const body = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, headers);
  res.end(body);
}
