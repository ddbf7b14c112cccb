import { Hono } from 'hono';
import type { ApiEnv, ServerDeps } from './app-types.js';
import { authRoutes } from './auth-routes.js';
import { caseRoutes } from './case-routes.js';
import { errorResponse } from './http-errors.js';
import { liveRoutes } from './live-routes.js';
import { metricsRoutes } from './metrics-routes.js';
import { openApiDocument } from './openapi.js';
import { opsRoutes } from './ops-routes.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The district server as one Hono app: sign-in, the JSON API (every request acting as the signed-in member,
 * CSRF-checked when it changes anything), the adapters' own endpoints (12345 webhook, Open311, WeCom
 * callback: each checks its own signature or key) and the dashboard's files.
 *
 * @example
 * ```ts
 * const app = districtApp({ setup, sessions, config }, { dashboard });
 * serve({ fetch: app.fetch, port: 8787 });
 * ```
 */
export function districtApp(
  deps: ServerDeps,
  options: { dashboard?: ((path: string) => Promise<Response>) | null } = {},
): Hono {
  const { setup, sessions } = deps;
  const app = new Hono();
  app.onError((error, c) => {
    const { status, body } = errorResponse(error);
    if (status === 500) console.error(error);
    return c.json(body, status as 500);
  });

  app.route('/', authRoutes(deps));
  app.get('/api/openapi.json', (c) => c.json(openApiDocument()));

  const api = new Hono<ApiEnv>();
  api.use('*', async (c, next) => {
    const session = await sessions.require(c);
    if (!SAFE_METHODS.has(c.req.method)) sessions.checkCsrf(c, session);
    c.set('session', session);
    await next();
  });
  for (const group of [caseRoutes, metricsRoutes, opsRoutes, liveRoutes]) group(api, deps);
  app.route('/api', api);
  app.all('/api/*', (c) =>
    c.json({ error: { code: 'NOT_FOUND', message: 'no such API route', details: {} } }, 404),
  );

  app.post('/hotline/webhook', (c) => setup.hotlineWebhook(c.req.raw));
  app.all('/open311/v2/*', (c) => setup.open311(c.req.raw));
  const wecom = setup.wecom;
  if (wecom) app.all('/wecom/callback', (c) => wecom.callback(c.req.raw));

  const dashboard = options.dashboard;
  app.get('*', (c) =>
    dashboard
      ? dashboard(new URL(c.req.url).pathname)
      : c.html(
          '<p>看板尚未构建：运行 <code>pnpm --filter @gridflow/examples build</code>。API 在 /api。</p>',
        ),
  );
  return app;
}
