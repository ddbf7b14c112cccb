import { GridflowError } from '@gridflow/engine';
import { metricsQuerySchema } from './api-schemas.js';
import type { RouteGroup } from './app-types.js';
import { parseWith } from './query-params.js';

const DAY = 86_400_000;

/**
 * `/metrics`: `engine.metrics` for the member's unit (or a unit in its subtree) as the engine computes it,
 * a weekly on-time trend, and `/org` the unit tree for filters and the treemap. Residents get `FORBIDDEN`.
 *
 * @example
 * ```ts
 * metricsRoutes(api, deps);
 * ```
 */
export const metricsRoutes: RouteGroup = (api, { setup }) => {
  const { engine } = setup;
  const periodOf = (q: { from?: string; to?: string }) => {
    const to = q.to ? new Date(q.to) : new Date(engine.clock.now().getTime() + 1);
    return { from: q.from ? new Date(q.from) : new Date(to.getTime() - 365 * DAY), to };
  };

  api.get('/metrics', async (c) => {
    const { actor } = c.get('session');
    const q = parseWith(metricsQuerySchema, c.req.query(), 'query');
    const report = await engine.metrics({
      orgUnit: q.orgUnit ?? actor.orgUnit,
      ...periodOf(q),
      by: q.by,
      actor,
      ...(q.flow ? { flow: q.flow } : {}),
    });
    return c.json(report);
  });

  api.get('/metrics/weekly', async (c) => {
    const { actor } = c.get('session');
    const q = parseWith(metricsQuerySchema, c.req.query(), 'query');
    const { to } = periodOf(q);
    const weeks = [];
    for (let i = q.weeks - 1; i >= 0; i--) {
      const end = new Date(to.getTime() - i * 7 * DAY);
      const start = new Date(end.getTime() - 7 * DAY);
      const report = await engine.metrics({
        orgUnit: q.orgUnit ?? actor.orgUnit,
        from: start,
        to: end,
        actor,
      });
      const row = report.rows[0]!;
      weeks.push({
        from: start.toISOString(),
        to: end.toISOString(),
        onTimeRate: row.onTimeRate,
        received: row.received,
        closed: row.closed,
      });
    }
    return c.json({ weeks });
  });

  api.get('/org', async (c) => {
    const { actor } = c.get('session');
    if (actor.roles.includes('resident')) {
      throw new GridflowError('FORBIDDEN', 'residents see no org tree', { details: { actorId: actor.id } });
    }
    const ids = await engine.directory.subtree(actor.orgUnit);
    const units = [];
    for (const id of ids) {
      const u = await engine.directory.getUnit(id);
      if (u) units.push({ id: u.id, name: u.name, kind: u.kind, parentId: u.parentId ?? null });
    }
    return c.json({ units });
  });
};
