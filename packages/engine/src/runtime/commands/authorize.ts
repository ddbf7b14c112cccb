import type { Directory } from '../../directory/directory.js';
import { GridflowError } from '../../errors.js';
import type { EventScope } from '../../flow/define-flow.js';
import type { Role } from '../../types.js';
import type { Actor } from '../../types.js';

/** The parts of a case that decide who may act on it. */
export interface CaseScope {
  orgUnit: string;
  requesterId: string | null;
  assignee: string | null;
  handlingUnits: readonly string[];
  /** The lead handling unit (主办), for events with the `lead` scope. */
  leadUnit?: string | null;
  /** The co-handling units (协办), for events with the `co` scope. */
  coUnits?: readonly string[];
  /** Set while the case is being created: a resident may open one only at their own unit or one above it. */
  creating?: boolean;
}

const isSystem = (actor: Actor) => actor.roles.includes('system');

/**
 * May `actor` act on a case with this scope? Residents only on their own cases (and create them only at their
 * own unit or a unit above it: their grid, community, street); other roles, by the event's scope: `case` on
 * cases in their unit's subtree, handled by their unit, or assigned to them; `lead` only as the lead handling
 * unit or the assignee; `co` only as a co-handling unit.
 */
export async function inScope(
  directory: Pick<Directory, 'isWithin'>,
  actor: Actor,
  role: Role,
  scope: CaseScope,
  eventScope: EventScope = 'case',
): Promise<boolean> {
  if (role === 'resident') {
    if (scope.requesterId !== actor.id) return false;
    return !scope.creating || directory.isWithin(actor.orgUnit, scope.orgUnit);
  }
  if (eventScope === 'lead') {
    return scope.assignee === actor.id || (!!scope.leadUnit && scope.leadUnit === actor.orgUnit);
  }
  if (eventScope === 'co') return (scope.coUnits ?? []).includes(actor.orgUnit);
  if (scope.assignee === actor.id || scope.handlingUnits.includes(actor.orgUnit)) return true;
  return directory.isWithin(scope.orgUnit, actor.orgUnit);
}

const SCOPE_WORDS: Record<EventScope, string> = {
  case: 'the case is outside their jurisdiction',
  lead: 'only the lead handling unit (主办) or the assignee may',
  co: 'only a co-handling unit (协办) may',
};

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
  eventScope: EventScope = 'case',
): Promise<void> {
  if (isSystem(actor)) return;
  const roles = allowed ? actor.roles.filter((r) => allowed.includes(r)) : [];
  for (const role of roles) {
    if (await inScope(directory, actor, role, scope, eventScope)) return;
  }
  throw new GridflowError(
    'FORBIDDEN',
    roles.length === 0
      ? `actor ${actor.id} (${actor.roles.join(', ')}) may not ${action}`
      : `actor ${actor.id} may not ${action}: ${SCOPE_WORDS[eventScope]}`,
    {
      details: {
        actorId: actor.id,
        roles: [...actor.roles],
        action,
        allowedRoles: allowed ?? [],
        ...(roles.length > 0 ? { scope: eventScope } : {}),
      },
    },
  );
}
