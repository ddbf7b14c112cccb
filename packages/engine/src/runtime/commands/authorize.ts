import type { Directory } from '../../directory/directory.js';
import { GridflowError } from '../../errors.js';
import type { Role } from '../../types.js';
import type { Actor } from '../../types.js';

/** The parts of a case that decide who may act on it. */
export interface CaseScope {
  orgUnit: string;
  requesterId: string | null;
  assignee: string | null;
  handlingUnits: readonly string[];
  /** Set while the case is being created: a resident may open one only at their own unit or one above it. */
  creating?: boolean;
}

const isSystem = (actor: Actor) => actor.roles.includes('system');

/**
 * May `actor` act on a case with this scope? Residents only on their own cases (and create them only at their
 * own unit or a unit above it: their grid, community, street); other roles on cases in their
 * unit's subtree, handled by their unit, or assigned to them.
 */
export async function inScope(
  directory: Directory,
  actor: Actor,
  role: Role,
  scope: CaseScope,
): Promise<boolean> {
  if (role === 'resident') {
    if (scope.requesterId !== actor.id) return false;
    return !scope.creating || directory.isWithin(actor.orgUnit, scope.orgUnit);
  }
  if (scope.assignee === actor.id || scope.handlingUnits.includes(actor.orgUnit)) return true;
  return directory.isWithin(scope.orgUnit, actor.orgUnit);
}

/**
 * Throw `FORBIDDEN` unless one of the actor's roles is allowed and in scope for the case.
 * The system actor (timers, engine-internal events) is always allowed.
 */
export async function authorize(
  directory: Directory,
  actor: Actor,
  allowed: readonly Role[] | undefined,
  scope: CaseScope,
  action: string,
): Promise<void> {
  if (isSystem(actor)) return;
  const roles = allowed ? actor.roles.filter((r) => allowed.includes(r)) : [];
  for (const role of roles) {
    if (await inScope(directory, actor, role, scope)) return;
  }
  throw new GridflowError(
    'FORBIDDEN',
    roles.length === 0
      ? `actor ${actor.id} (${actor.roles.join(', ')}) may not ${action}`
      : `actor ${actor.id} may not ${action}: the case is outside their jurisdiction`,
    { details: { actorId: actor.id, roles: [...actor.roles], action, allowedRoles: allowed ?? [] } },
  );
}
