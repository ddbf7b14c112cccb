import type { RouteGroup } from './app-types.js';

/**
 * `/inbox`: the signed-in member's in-app notices (通知), newest first. `delivery` says where notices go:
 * `inbox` when WeCom is not configured (they are listed here), `wecom` when WeCom delivers them (empty list).
 *
 * @example
 * ```ts
 * inboxRoutes(api, deps);
 * ```
 */
export const inboxRoutes: RouteGroup = (api, { setup }) => {
  api.get('/inbox', (c) => {
    const { actor } = c.get('session');
    const { inbox } = setup;
    return c.json({ delivery: inbox ? 'inbox' : 'wecom', items: inbox ? inbox.list(actor.id) : [] });
  });
};
