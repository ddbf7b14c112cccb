import { type Actor, type CaseCounts, type EngineQuery, readableFlowIds } from '@gridflow/engine';
import { anyFlowStateLabel } from './display-names.js';
import type { DistrictSetup } from './engine-setup.js';

/**
 * Open cases per state with their SLA lights, as the worklist's chips show them.
 *
 * @example
 * ```ts
 * const row: StateCount = { state: 'dispatched', label: '待签收', count: 3, lights: { overdue: 1, pastReminder: 0, inTime: 2 } };
 * ```
 */
export interface StateCount {
  state: string;
  label: string;
  count: number;
  lights: CaseCounts['lights'];
}

/**
 * What `GET /api/cases/counts` answers: the open cases of the scope by state and light. `exact` is false only
 * for the scopes `engine.counts` does not cover (a resident's own cases, a department's handled cases), which
 * are tallied from one page of at most {@link TALLY_LIMIT} cases.
 *
 * @example
 * ```ts
 * const { states, total, lights } = await stateCounts(setup, actor, scope, { flow: 'work-order' });
 * ```
 */
export interface StateCounts {
  states: StateCount[];
  total: number;
  lights: CaseCounts['lights'];
  exact: boolean;
}

/** A resident's own cases or a department's handled ones: few enough to tally from one page. */
export const TALLY_LIMIT = 500;

const noLights = () => ({ overdue: 0, pastReminder: 0, inTime: 0 });

/** Keep the part of a state's lights that the `overdue` filter asks for. */
function filtered(lights: CaseCounts['lights'], overdue: boolean | undefined): CaseCounts['lights'] {
  if (overdue === true) return { ...noLights(), overdue: lights.overdue };
  if (overdue === false) return { ...lights, overdue: 0 };
  return lights;
}

const sum = (l: CaseCounts['lights']) => l.overdue + l.pastReminder + l.inTime;

/**
 * Count the open cases of `scope` per state and light: `engine.counts` (one statement on the case-facts
 * projection) for a unit's subtree; a one-page tally for a resident's or a department's scope. `overdue: true`
 * keeps the overdue cases (open and past the deadline), `false` the others.
 *
 * @example
 * ```ts
 * await stateCounts(setup, actor, { orgUnit: 'comm-xingfu' }, { overdue: true });
 * ```
 */
export async function stateCounts(
  setup: DistrictSetup,
  actor: Actor,
  scope: EngineQuery,
  filters: { flow?: string; overdue?: boolean },
): Promise<StateCounts> {
  const { engine } = setup;
  const rows: { state: string; lights: CaseCounts['lights'] }[] = [];
  let exact = true;
  if (scope.requesterId === undefined && scope.handlingUnit === undefined) {
    const orgUnit = scope.orgUnit ?? actor.orgUnit;
    // `engine.counts` checks the unit only: a role that reads no work orders (a party organisation) must not
    // get their numbers either.
    const readable = readableFlowIds(engine.flows, actor);
    const allFlows = new Set(engine.flows.list().map((f) => f.id));
    // One statement for all flows when every flow is readable, else one per readable flow.
    const asked = filters.flow
      ? [filters.flow].filter((f) => readable.includes(f))
      : readable.length === allFlows.size
        ? [undefined]
        : readable;
    for (const flow of asked) {
      const counts = await engine.counts({ orgUnit, ...(flow ? { flow } : {}), actor });
      for (const { state, overdue, pastReminder, inTime } of counts.byState)
        rows.push({ state, lights: { overdue, pastReminder, inTime } });
    }
  } else {
    const page = await engine.query({
      ...scope,
      ...(filters.flow ? { flow: filters.flow } : {}),
      status: 'active',
      limit: TALLY_LIMIT,
      actor,
    });
    const byState = new Map<string, CaseCounts['lights']>();
    const now = engine.clock.now();
    for (const view of page.items) {
      const lights = byState.get(view.state) ?? noLights();
      if (view.dueAt && view.dueAt < now) lights.overdue += 1;
      else lights.inTime += 1;
      byState.set(view.state, lights);
    }
    for (const [state, lights] of byState) rows.push({ state, lights });
    exact = page.nextCursor === null;
  }
  // Flows counted one by one may share a state name (`submitted`): one chip each.
  const merged = new Map<string, CaseCounts['lights']>();
  for (const row of rows) {
    const into = merged.get(row.state) ?? noLights();
    into.overdue += row.lights.overdue;
    into.pastReminder += row.lights.pastReminder;
    into.inTime += row.lights.inTime;
    merged.set(row.state, into);
  }
  const lights = noLights();
  const states: StateCount[] = [];
  for (const [state, stateLights] of merged) {
    const row = { state, lights: stateLights };
    const kept = filtered(row.lights, filters.overdue);
    if (sum(kept) === 0) continue;
    lights.overdue += kept.overdue;
    lights.pastReminder += kept.pastReminder;
    lights.inTime += kept.inTime;
    states.push({
      state: row.state,
      label: anyFlowStateLabel(engine, row.state, filters.flow),
      count: sum(kept),
      lights: kept,
    });
  }
  return { states, total: sum(lights), lights, exact };
}
