/**
 * A small HTTP client for the tests that keeps cookies like a browser (no cookie library: the server's
 * `Set-Cookie` lines are few and simple) and sends the CSRF header when asked.
 */
export interface TestClient {
  cookies: Map<string, string>;
  csrf: string | null;
  request(path: string, init?: RequestInit & { json?: unknown; csrf?: boolean }): Promise<Response>;
  get(path: string): Promise<Response>;
  post(path: string, json?: unknown, headers?: Record<string, string>): Promise<Response>;
}

export function testClient(base: string): TestClient {
  const cookies = new Map<string, string>();
  const client: TestClient = {
    cookies,
    csrf: null,
    async request(path, init = {}) {
      const headers = new Headers(init.headers);
      if (cookies.size) headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
      if (init.json !== undefined) headers.set('content-type', 'application/json');
      if (init.csrf !== false && client.csrf && init.method && init.method !== 'GET')
        headers.set('x-csrf-token', client.csrf);
      const response = await fetch(new URL(path, base), {
        ...init,
        headers,
        redirect: 'manual',
        ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
      });
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const at = pair!.indexOf('=');
        const name = pair!.slice(0, at);
        const value = pair!.slice(at + 1);
        if (value === '' || /max-age=0/i.test(line)) cookies.delete(name);
        else cookies.set(name, value);
      }
      return response;
    },
    get: (path) => client.request(path),
    post: (path, json, headers) => client.request(path, { method: 'POST', json: json ?? {}, headers }),
  };
  return client;
}

/** Sign in through the demo page as `memberId`, then read the session's CSRF token. */
export async function signInDemo(base: string, memberId: string): Promise<TestClient> {
  const client = testClient(base);
  const page = await client.get('/auth/sign-in');
  const token = /name="token" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!token) throw new Error('the sign-in page has no token');
  const signed = await client.request('/auth/demo', {
    method: 'POST',
    body: new URLSearchParams({ token, memberId }),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  if (signed.status !== 303)
    throw new Error(`demo sign-in as ${memberId} answered ${signed.status}: ${await signed.text()}`);
  const session = await client.get('/api/session');
  client.csrf = ((await session.json()) as { csrfToken: string }).csrfToken;
  return client;
}
