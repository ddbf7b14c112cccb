import {
  type Actor,
  type Engine,
  type EngineQuery,
  eventLabel,
  type FlowLabels,
  GridflowError,
  stateLabel,
} from '@gridflow/engine';
import { flowTransitions } from '@gridflow/engine/flows';
import { caseQuerySchema, createCaseSchema, sendEventSchema } from './api-schemas.js';
import type { RouteGroup } from './app-types.js';
import { availableEvents } from './available-events.js';
import { summarizeCase } from './case-summary.js';
import { jsonBody, parseWith } from './query-params.js';
import { stateCounts } from './state-counts.js';
import { labelsOf, ROLE_LABELS } from './display-names.js';
import type { DistrictSetup } from './engine-setup.js';

/**
 * The flow diagram of a case: states (ids as the diagram names them, `inProgress_working`) with their labels,
 * labelled arrows, and the active states.
 *
 * @example
 * ```ts
 * diagramOf([{ from: 'submitted', to: 'pendingDispatch', label: 'accept' }], 'submitted');
 * // { current: ['submitted'], nodes: [{ id: 'submitted', label: '已登记' }, …], arrows: [{ …, label: '受理' }] }
 * ```
 */
export function diagramOf(
  arrows: { from: string; to: string; label: string }[],
  state: string,
  labels: FlowLabels | undefined,
) {
  const ids = new Set(arrows.flatMap((a) => [a.from, a.to]));
  const label = (id: string) => (id === '[*]' ? '开始' : stateLabel(labels, id.replaceAll('_', '.')));
  return {
    current: state.split(',').map((s) => s.replaceAll('.', '_')),
    nodes: [...ids].map((id) => ({ id, label: label(id) })),
    arrows: arrows.map((a) => ({
      ...a,
      label: a.label.replace(/^[\w.]+/, (type) => eventLabel(labels, type)),
    })),
  };
}

/**
 * `engine.timeline` for the signed-in reader, as JSON, with the label of the role each step was taken in.
 *
 * @example
 * ```ts
 * const items = await timelineOf(engine, caseId, actor);
 * items[0].label; // '登记'
 * ```
 */
export async function timelineOf(engine: Pick<Engine, 'timeline'>, caseId: string, reader: Actor) {
  const steps = await engine.timeline(caseId, { actor: reader });
  return steps.map((step) => {
    const role = step.actor.roles[0] ?? 'system';
    return {
      ...step,
      at: step.at.toISOString(),
      actor: { ...step.actor, roleLabel: ROLE_LABELS[role] ?? role },
    };
  });
}

/**
 * The worklist's scope for `actor`: a resident's own cases, a department's handled cases, otherwise the
 * unit's subtree (an `orgUnit` filter outside it is `FORBIDDEN`). The engine still checks every case it returns.
 *
 * @example
 * ```ts
 * await scopeOf(setup, district.person('staff-xingfu-1')); // { orgUnit: 'comm-xingfu' }
 * ```
 */
export async function scopeOf(setup: DistrictSetup, actor: Actor, orgUnit?: string): Promise<EngineQuery> {
  const { directory } = setup.engine;
  if (actor.roles.includes('resident')) return { requesterId: actor.id, ...(orgUnit ? { orgUnit } : {}) };
  if (orgUnit && orgUnit !== actor.orgUnit) {
    if (!(await directory.isWithin(orgUnit, actor.orgUnit))) {
      throw new GridflowError('FORBIDDEN', `unit ${orgUnit} is outside the jurisdiction of ${actor.id}`, {
        details: { field: 'query.orgUnit', orgUnit, actorId: actor.id },
      });
    }
    return { orgUnit };
  }
  const unit = await directory.getUnit(actor.orgUnit);
  if (unit?.kind === 'department') return { handlingUnit: actor.orgUnit };
  // The root's subtree is every unit: no filter lets storage walk its newest-first index instead of sorting.
  return unit && !unit.parentId ? {} : { orgUnit: actor.orgUnit };
}

/**
 * `/cases`: the worklist (cursor pages, counts per state), one case with the flow diagram, its labelled
 * timeline, the events the member may send now, creating a case and sending an event (`Idempotency-Key`).
 *
 * @example
 * ```ts
 * caseRoutes(api, deps);
 * ```
 */
export const caseRoutes: RouteGroup = (api, { setup }) => {
  const { engine } = setup;

  api.get('/cases', async (c) => {
    const { actor } = c.get('session');
    const q = parseWith(caseQuerySchema, c.req.query(), 'query');
    const scope = await scopeOf(setup, actor, q.orgUnit);
    const page = await engine.worklist({
      ...scope,
      ...(q.flow ? { flow: q.flow } : {}),
      ...(q.state ? { state: q.state } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.overdue !== undefined ? { overdue: q.overdue } : {}),
      ...(q.category ? { category: q.category } : {}),
      limit: q.limit,
      cursor: q.cursor ?? null,
      actor,
    });
    return c.json({
      items: await Promise.all(page.items.map((v) => summarizeCase(engine, v))),
      nextCursor: page.nextCursor,
      total: page.total,
      totalCapped: page.totalCapped,
    });
  });

  api.get('/cases/counts', async (c) => {
    const { actor } = c.get('session');
    const q = parseWith(
      caseQuerySchema.omit({ state: true, cursor: true, limit: true }),
      c.req.query(),
      'query',
    );
    const scope = await scopeOf(setup, actor, q.orgUnit);
    // Counts are of open cases; `engine.counts` has no category split, so a category filter does not narrow them.
    const counts =
      q.status === 'done'
        ? { states: [], total: 0, lights: { overdue: 0, pastReminder: 0, inTime: 0 }, exact: true }
        : await stateCounts(setup, actor, scope, { flow: q.flow, overdue: q.overdue });
    return c.json({ ...counts, categoryIgnored: q.category !== undefined });
  });

  api.get('/cases/:id', async (c) => {
    const { actor } = c.get('session');
    const view = await engine.getCase(c.req.param('id'), actor);
    const flow = engine.flows.get(view.flowId, view.flowVersion);
    const { arrows } = flowTransitions(flow);
    return c.json({
      ...(await summarizeCase(engine, view)),
      flowVersion: view.flowVersion,
      context: view.context,
      assignee: view.assignee,
      handlingUnits: view.handlingUnits,
      diagram: diagramOf(arrows, view.state, labelsOf(engine, view)),
    });
  });

  api.get('/cases/:id/timeline', async (c) => {
    const { actor } = c.get('session');
    return c.json({ items: await timelineOf(engine, c.req.param('id'), actor) });
  });

  api.get('/cases/:id/events', async (c) => {
    const { actor } = c.get('session');
    const id = c.req.param('id');
    await engine.getCase(id, actor); // refused as the case is: 404 for a case one may not read
    const view = await engine.getCase(id);
    const flow = engine.flows.get(view.flowId, view.flowVersion);
    return c.json({ items: await availableEvents({ flow, view, actor, directory: engine.directory }) });
  });

  api.post('/cases', async (c) => {
    const { actor } = c.get('session');
    const body = parseWith(createCaseSchema, await jsonBody(c.req.raw), 'body');
    const key = c.req.header('idempotency-key');
    const created = await engine.createCase({
      ...body,
      actor,
      ...(key ? { idempotencyKey: `api:${actor.id}:${key}` } : {}),
    });
    const view = await engine.getCase(created.id, actor);
    return c.json(await summarizeCase(engine, view), 201);
  });

  api.post('/cases/:id/events', async (c) => {
    const { actor } = c.get('session');
    const id = c.req.param('id');
    await engine.getCase(id, actor);
    const event = parseWith(sendEventSchema, await jsonBody(c.req.raw), 'body');
    const key = c.req.header('idempotency-key');
    await engine.send({
      caseId: id,
      actor,
      event,
      ...(key ? { idempotencyKey: `api:${actor.id}:${key}` } : {}),
    });
    return c.json(await summarizeCase(engine, await engine.getCase(id, actor)));
  });
};
