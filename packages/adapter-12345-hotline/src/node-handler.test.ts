import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { toNodeHandler } from './node-handler.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(
  handler: (request: Request) => Promise<Response>,
  bodyLimitBytes?: number,
): Promise<string> {
  server = createServer(toNodeHandler(handler, bodyLimitBytes ? { bodyLimitBytes } : {}));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('toNodeHandler', () => {
  it('hands the handler the method, URL, headers and body, and writes its response back', async () => {
    const url = await serve(async (request) => {
      const text = await request.text();
      return Response.json(
        {
          method: request.method,
          path: new URL(request.url).pathname + new URL(request.url).search,
          text,
          sig: request.headers.get('x-signature'),
        },
        { status: 201, headers: { 'x-echo': 'yes' } },
      );
    });
    const response = await fetch(`${url}/hook?a=1`, {
      method: 'POST',
      body: '工单',
      headers: { 'X-Signature': 'abc' },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-echo')).toBe('yes');
    expect(await response.json()).toEqual({ method: 'POST', path: '/hook?a=1', text: '工单', sig: 'abc' });
  });

  it('answers 413 to a body over the limit and never calls the handler', async () => {
    let called = false;
    const url = await serve(async () => {
      called = true;
      return new Response('ok');
    }, 16);
    const response = await fetch(`${url}/hook`, { method: 'POST', body: 'x'.repeat(17) });
    expect(response.status).toBe(413);
    expect(called).toBe(false);
    expect((await fetch(`${url}/hook`, { method: 'POST', body: 'x'.repeat(16) })).status).toBe(200);
  });

  it('answers a bare 500 when the handler throws, without its message', async () => {
    const url = await serve(async () => {
      throw new Error('secret database password in a stack');
    });
    const response = await fetch(url);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('Internal Server Error');
  });

  it('keeps several Set-Cookie headers apart', async () => {
    const url = await serve(async () => {
      const headers = new Headers();
      headers.append('set-cookie', 'a=1');
      headers.append('set-cookie', 'b=2');
      return new Response(null, { status: 204, headers });
    });
    expect((await fetch(url)).headers.getSetCookie()).toEqual(['a=1', 'b=2']);
  });
});
