import { Agent, request as httpRequest } from 'node:http';
import type { FakePushResult } from './fake-hotline-platform.js';

/**
 * How the fake platform posts to a webhook: `node:http` over kept-alive sockets, as a platform's own HTTP
 * client would. Web `fetch` costs several times more CPU per request in Node, and in the bench the platform
 * may share the process (and its CPU) with the webhook it pushes to.
 *
 * @example
 * ```ts
 * const answer = await pusher.post(new URL(webhookUrl), signedHeaders, JSON.stringify(order));
 * ```
 */
export interface FakePushClient {
  post(url: URL, headers: Record<string, string>, body: string): Promise<FakePushResult>;
  close(): void;
}

/**
 * A push client with its own agent (up to 64 open sockets), closed by `close()`.
 *
 * @example
 * ```ts
 * const pusher = fakePushClient();
 * const { status, json } = await pusher.post(new URL(webhookUrl), headers, body);
 * pusher.close();
 * ```
 */
export function fakePushClient(): FakePushClient {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  return {
    post(url, headers, body) {
      const payload = Buffer.from(body, 'utf8');
      return new Promise<FakePushResult>((resolve, reject) => {
        const outgoing = httpRequest(
          url,
          { method: 'POST', agent, headers: { ...headers, 'content-length': String(payload.length) } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('error', reject);
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              let json: unknown;
              try {
                json = JSON.parse(text);
              } catch {}
              resolve({ status: res.statusCode ?? 0, headers: headersOf(res.headers), text, json });
            });
          },
        );
        outgoing.on('error', reject);
        outgoing.end(payload);
      });
    },
    close: () => agent.destroy(),
  };
}

function headersOf(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}
