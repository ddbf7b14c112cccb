import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Options of {@link toNodeHandler}.
 *
 * @example
 * ```ts
 * toNodeHandler(handler, { maxBodyBytes: 64 * 1024 });
 * ```
 */
export interface NodeHandlerOptions {
  /** Bodies over this many bytes are answered 413 without calling the handler; default 1 MiB. */
  maxBodyBytes?: number;
  /** Told about a handler that threw (the client only sees a bare 500). */
  onError?: (error: unknown) => void;
  /** Told about a body refused with 413 before the handler saw it. */
  onTooLarge?: () => void;
}

class TooLarge extends Error {}

function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > max) return reject(new TooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    // Keep reading past the limit (and drop it), so the 413 can still be written on this connection.
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        chunks.length = 0;
        reject(new TooLarge());
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function toRequest(req: IncomingMessage, body: Buffer | undefined): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value])
      headers.append(name, v);
  }
  const scheme = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  let url: URL;
  try {
    url = new URL(req.url ?? '/', `${scheme}://${req.headers.host ?? 'localhost'}`);
  } catch {
    url = new URL(req.url ?? '/', `${scheme}://localhost`);
  }
  return new Request(url, { method: req.method, headers, body: body ? new Uint8Array(body) : undefined });
}

async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  res.end(Buffer.from(await response.arrayBuffer()));
}

/**
 * Adapt a web-standard handler (`Request` in, `Response` out) to `node:http`'s `(req, res)`. Bodies over the
 * limit get 413 and never reach the handler; a handler that throws gets a bare 500 and `onError` the error.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * createServer(toNodeHandler(async (request) => new Response(`hello ${new URL(request.url).pathname}`))).listen(8080);
 * ```
 */
export function toNodeHandler(
  handler: (request: Request) => Promise<Response>,
  options: NodeHandlerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const max = options.maxBodyBytes ?? 1024 * 1024;
  return async (req, res) => {
    let response: Response;
    try {
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      response = await handler(toRequest(req, hasBody ? await readBody(req, max) : undefined));
    } catch (error) {
      if (error instanceof TooLarge) {
        // Stop reading: the client may keep sending, so close the connection after the answer.
        req.resume();
        options.onTooLarge?.();
        res.writeHead(413, { 'content-type': 'text/plain', connection: 'close' }).end('payload too large');
        return;
      }
      options.onError?.(error);
      response = new Response('internal error', { status: 500, headers: { 'content-type': 'text/plain' } });
    }
    await writeResponse(res, response);
  };
}
