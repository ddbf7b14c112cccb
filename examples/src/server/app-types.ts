import type { Hono } from 'hono';
import type { DistrictSetup } from './engine-setup.js';
import type { ServerConfig } from './server-config.js';
import type { Session, SessionCookies } from './session.js';

/**
 * Hono environment of the API routes: the signed-in member's session.
 *
 * @example
 * ```ts
 * const api = new Hono<ApiEnv>();
 * api.get('/x', (c) => c.json(c.get('session').actor));
 * ```
 */
export type ApiEnv = { Variables: { session: Session } };

/**
 * What route groups are built from.
 *
 * @example
 * ```ts
 * const deps: ServerDeps = { setup, sessions, config };
 * ```
 */
export interface ServerDeps {
  setup: DistrictSetup;
  sessions: SessionCookies;
  config: ServerConfig;
}

/**
 * A route group: a function adding routes to the API app.
 *
 * @example
 * ```ts
 * const group: RouteGroup = (api, deps) => void api.get('/ping', (c) => c.text('pong'));
 * ```
 */
export type RouteGroup = (api: Hono<ApiEnv>, deps: ServerDeps) => void;
