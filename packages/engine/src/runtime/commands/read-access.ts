import type { CaseRecord } from '../../storage/storage.js';
import { GridflowError } from '../../errors.js';
import type { Directory } from '../../directory/directory.js';
import { COMMAND_CENTRE_ROLES, readRoles } from '../../flow/define-flow.js';
import type { PersonalDataAccess } from '../../privacy/redact.js';
import type { Actor, MaybePromise } from '../../types.js';
import type { EngineContext } from '../engine-context.js';
import { inScope } from './authorize.js';

/**
 * What `actor` may see of a stored case: nothing (`null`), its personal data masked, or all of it. An actor reads
 * with a role the flow lets read, in that role's scope (residents their own cases; staff their subtree, their
 * handling unit's cases or cases assigned to them).
 *
 * @example
 * ```ts
 * const access = await readAccess(ctx, actor, record);
 * if (!access) throw caseNotFound(record.id);
 * ```
 */
export async function readAccess(
  ctx: Pick<EngineContext, 'directory' | 'flows'>,
  actor: Actor,
  record: CaseRecord,
): Promise<PersonalDataAccess | null> {
  return readAccessFor(ctx, actor)(record);
}

/**
 * {@link readAccess} for many cases read by one actor (a worklist page): the flow's reading roles are worked out
 * once per flow version and the actor's jurisdiction once per org unit, not once per case, so a page of fifty
 * cases of one community asks the directory one question instead of fifty.
 *
 * @example
 * ```ts
 * const accessOf = readAccessFor(ctx, actor);
 * for (const record of page.items) if (await accessOf(record)) visible.push(record);
 * ```
 */
export function readAccessFor(
  ctx: Pick<EngineContext, 'directory' | 'flows'>,
  actor: Actor,
): (record: CaseRecord) => Promise<PersonalDataAccess | null> {
  if (actor.roles.includes('system')) return async () => 'all';
  const flowRoles = new Map<string, { allowed: readonly string[]; whole: readonly string[] }>();
  const rolesOf = (record: CaseRecord) => {
    const key = `${record.flowId}@${record.flowVersion}`;
    let found = flowRoles.get(key);
    if (!found) {
      const { permissions } = ctx.flows.get(record.flowId, record.flowVersion);
      found = { allowed: readRoles(permissions), whole: permissions.personalData ?? COMMAND_CENTRE_ROLES };
      flowRoles.set(key, found);
    }
    return found;
  };
  // The actor's unit is fixed for the whole read: whether a case's unit lies within it is asked once per unit.
  const within = new Map<string, MaybePromise<boolean>>();
  const directory: Pick<Directory, 'isWithin'> = {
    isWithin: (unitId, ancestorId) => {
      if (ancestorId !== actor.orgUnit) return ctx.directory.isWithin(unitId, ancestorId);
      let answer = within.get(unitId);
      if (answer === undefined) {
        answer = ctx.directory.isWithin(unitId, ancestorId);
        within.set(unitId, answer);
      }
      return answer;
    },
  };
  return async (record) => {
    const { allowed, whole } = rolesOf(record);
    let access: PersonalDataAccess | null = null;
    for (const role of actor.roles) {
      if (!allowed.includes(role) || !(await inScope(directory, actor, role, record))) continue;
      if (whole.includes(role)) return 'all';
      access = 'masked';
    }
    if (access && record.requesterId === actor.id) return 'all';
    return access;
  };
}

/**
 * The answer to a read of a case the actor may not see: exactly the answer for a case that does not exist, so
 * a read reveals nothing about cases outside one's jurisdiction.
 *
 * @example
 * ```ts
 * throw caseNotFound('c-1');
 * ```
 */
export function caseNotFound(caseId: string): GridflowError {
  return new GridflowError('CASE_NOT_FOUND', `no case ${caseId}`, { details: { caseId } });
}
