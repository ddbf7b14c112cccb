import { COMMAND_CENTRE_ROLES, GridflowError } from '@gridflow/engine';
import type { Context } from 'hono';
import type { ApiEnv, RouteGroup } from './app-types.js';

/** Operations belong to the command centre: `FORBIDDEN` for everyone else. */
function commandCentreOnly(c: Context<ApiEnv>): void {
  const { actor } = c.get('session');
  if (!actor.roles.some((r) => COMMAND_CENTRE_ROLES.includes(r))) {
    throw new GridflowError('FORBIDDEN', `operations are for the command centre; ${actor.id} is not in it`, {
      details: { actorId: actor.id, allowedRoles: [...COMMAND_CENTRE_ROLES] },
    });
  }
}

const pageParams = (c: Context<ApiEnv>) => ({
  limit: Math.min(Number(c.req.query('limit') ?? 100) || 100, 500),
  cursor: c.req.query('cursor') ?? null,
});

/**
 * `/ops`: dead letters and intake quarantine with retry, effect failures by adapter and error code, and the
 * timer backlog. Command centre only.
 *
 * @example
 * ```ts
 * opsRoutes(api, deps);
 * ```
 */
export const opsRoutes: RouteGroup = (api, { setup }) => {
  const { engine } = setup;
  api.use('/ops/*', async (c, next) => {
    commandCentreOnly(c);
    await next();
  });

  api.get('/ops/dead-letters', async (c) => c.json(await engine.deadLetters(pageParams(c))));
  api.post('/ops/dead-letters/:id/retry', async (c) => {
    await engine.retryDeadLetter(c.req.param('id'));
    return c.json({ retried: c.req.param('id') });
  });
  api.get('/ops/quarantine', async (c) => c.json(await engine.quarantine.list(pageParams(c))));
  api.post('/ops/quarantine/:id/retry', async (c) =>
    c.json(await engine.quarantine.retry(c.req.param('id'))),
  );
  api.get('/ops/summary', async (c) => {
    const now = engine.clock.now();
    const next = await engine.storage.nextTimerDue();
    const pending = await engine.storage.listOutbox({ status: 'pending', limit: 500 });
    return c.json({
      now: now.toISOString(),
      failures: setup.failures.rows(),
      timers: {
        nextDueAt: next?.toISOString() ?? null,
        lagMs: next ? Math.max(0, now.getTime() - next.getTime()) : 0,
      },
      outbox: { pending: pending.items.length, more: pending.nextCursor !== null },
    });
  });
};
