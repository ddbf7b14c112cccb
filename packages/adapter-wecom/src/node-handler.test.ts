import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type NodeHandlerOptions, toNodeHandler } from './node-handler.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(
  handler: (request: Request) => Promise<Response>,
  options?: NodeHandlerOptions,
): Promise<string> {
  server = createServer(toNodeHandler(handler, options));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('toNodeHandler', () => {
  it('passes method, path, query, headers and body through, and the response back', async () => {
    let seen: { method: string; url: string; type: string | null; body: string } | undefined;
    const origin = await serve(async (request) => {
      seen = {
        method: request.method,
        url: request.url,
        type: request.headers.get('content-type'),
        body: await request.text(),
      };
      const headers = new Headers({ 'content-type': 'text/plain' });
      headers.append('set-cookie', 'a=1');
      headers.append('set-cookie', 'b=2');
      return new Response('好', { status: 201, headers });
    });
    const response = await fetch(`${origin}/wecom/callback?nonce=1&timestamp=2`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: '<xml>工</xml>',
    });
    expect(seen).toEqual({
      method: 'POST',
      url: `${origin}/wecom/callback?nonce=1&timestamp=2`,
      type: 'text/xml',
      body: '<xml>工</xml>',
    });
    expect([response.status, await response.text()]).toEqual([201, '好']);
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
  });

  it('answers 413 to a body over the limit without calling the handler', async () => {
    let called = 0;
    const origin = await serve(
      async () => {
        called++;
        return new Response('ok');
      },
      { maxBodyBytes: 100 },
    );
    const big = await fetch(origin, { method: 'POST', body: 'x'.repeat(101) });
    expect(big.status).toBe(413);
    const chunked = await fetch(origin, {
      method: 'POST',
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 5; i++) controller.enqueue(new TextEncoder().encode('y'.repeat(40)));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect((await fetch(origin, { method: 'POST', body: 'x'.repeat(100) })).status).toBe(200);
    expect(called).toBe(1);
  });

  it('answers a bare 500 when the handler throws and tells onError', async () => {
    const errors: unknown[] = [];
    const origin = await serve(
      async () => {
        throw new Error('secret detail');
      },
      { onError: (e) => errors.push(e) },
    );
    const response = await fetch(origin);
    expect([response.status, await response.text()]).toEqual([500, 'internal error']);
    expect(errors).toHaveLength(1);
  });
});
