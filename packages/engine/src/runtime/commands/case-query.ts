import { GridflowError, validationError } from '../../errors.js';
import { readableFlowIds } from '../../flow/define-flow.js';
import type { CaseQuery } from '../../storage/storage.js';
import type { Actor } from '../../types.js';
import type { EngineContext } from '../engine-context.js';
import type { EngineQuery } from '../engine-types.js';
import { parseActor } from './validate-request.js';

/**
 * Turn an engine query into a storage query, narrowed to what the actor may see: a resident sees the cases
 * they requested; anyone else the cases of their unit's subtree, or, with `handlingUnit`, the cases their unit
 * (or a unit below it) handles wherever those belong. Without an actor the caller is trusted.
 */
export async function scopeQuery(ctx: EngineContext, query: EngineQuery): Promise<CaseQuery> {
  const actor = query.actor && parseActor(query.actor);
  const { category } = query;
  if (category !== undefined && (typeof category !== 'string' || category === '' || category.length > 100)) {
    throw validationError('category', 'must be a category of 1 to 100 characters');
  }
  const base: CaseQuery = {
    flowId: query.flow,
    state: query.state,
    status: query.status,
    assignee: query.assignee,
    requesterId: query.requesterId,
    handlingUnit: query.handlingUnit,
    category,
    overdue: query.overdue,
    now: ctx.clock.now(),
    createdFrom: query.createdFrom,
    createdTo: query.createdTo,
    limit: query.limit,
    cursor: query.cursor,
  };
  const subtree = async (unit: string) => ctx.directory.subtree(unit);
  if (!actor) return { ...base, orgUnits: query.orgUnit ? await subtree(query.orgUnit) : undefined };
  // Only the flows one of the actor's roles may read: a page is filled with cases they may open, and a total
  // counts no case of a flow they cannot (a party organisation reads no work orders in its community).
  const readable = readableFlowIds(ctx.flows, actor);
  if (readable.length < new Set(ctx.flows.list().map((flow) => flow.id)).size) base.flowIds = readable;
  if (actor.roles.every((role) => role === 'resident')) {
    return {
      ...base,
      requesterId: actor.id,
      orgUnits: query.orgUnit ? await subtree(query.orgUnit) : undefined,
    };
  }
  for (const unit of [query.orgUnit, query.handlingUnit]) {
    if (unit !== undefined && !(await ctx.directory.isWithin(unit, actor.orgUnit)))
      throw forbidden(actor, unit);
  }
  if (query.handlingUnit !== undefined && query.orgUnit === undefined) return base;
  return { ...base, orgUnits: await subtree(query.orgUnit ?? actor.orgUnit) };
}

function forbidden(actor: Actor, unit: string): GridflowError {
  return new GridflowError('FORBIDDEN', `actor ${actor.id} may not list cases of ${unit}`, {
    details: { actorId: actor.id, orgUnit: unit },
  });
}

/** Metrics of a unit are for staff whose unit contains it; residents see their own cases, not statistics. */
export async function authorizeMetrics(ctx: EngineContext, actor: Actor, orgUnit: string): Promise<void> {
  const resident = actor.roles.every((role) => role === 'resident');
  if (resident || !(await ctx.directory.isWithin(orgUnit, actor.orgUnit))) throw forbidden(actor, orgUnit);
}
