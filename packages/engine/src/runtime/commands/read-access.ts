import type { CaseRecord } from '../../storage/storage.js';
import { GridflowError } from '../../errors.js';
import { COMMAND_CENTRE_ROLES, readRoles } from '../../flow/define-flow.js';
import type { PersonalDataAccess } from '../../privacy/redact.js';
import type { Actor } from '../../types.js';
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
  if (actor.roles.includes('system')) return 'all';
  const flow = ctx.flows.get(record.flowId, record.flowVersion);
  const allowed = readRoles(flow.permissions);
  const whole = flow.permissions.personalData ?? COMMAND_CENTRE_ROLES;
  let access: PersonalDataAccess | null = null;
  for (const role of actor.roles) {
    if (!allowed.includes(role) || !(await inScope(ctx.directory, actor, role, record))) continue;
    if (whole.includes(role)) return 'all';
    access = 'masked';
  }
  if (access && record.requesterId === actor.id) return 'all';
  return access;
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
