import type { Directory, Member } from '../directory/directory.js';
import type { Role } from '../types.js';
import type { NoticeRecipient } from './notice.js';

/**
 * Why a notice's recipient could not be resolved; each is permanent until the directory changes, so a
 * notifier dead-letters the notice with it (`permanentFailure`) rather than retrying.
 *
 * @example
 * ```ts
 * const why: RecipientFailureReason = 'NO_ROLE_HOLDER';
 * ```
 */
export type RecipientFailureReason = 'NO_ROLE_HOLDER' | 'UNKNOWN_MEMBER' | 'UNKNOWN_UNIT';

/**
 * The answer of {@link resolveRecipients}: the members to tell, ordered by id without duplicates, and the unit
 * they were found at (the member's own unit for `{ member }`); or why there is nobody.
 *
 * @example
 * ```ts
 * const r: RecipientResolution = { ok: false, reason: 'UNKNOWN_MEMBER', message: 'no member "u-x" (未找到成员)' };
 * ```
 */
export type RecipientResolution =
  | { ok: true; members: Member[]; unit: string }
  | { ok: false; reason: RecipientFailureReason; message: string };

/**
 * Who a notice goes to, by the directory. A role at a unit means the members holding it there; if none, those
 * at the nearest ancestor that has some (a grid's notice for community staff reaches its community). A member
 * means that member. Never anyone outside the unit's own chain (the unit and its ancestors).
 *
 * @example
 * ```ts
 * const r = await resolveRecipients(directory, notice.to);
 * if (!r.ok) throw permanentFailure(new Error(`${r.reason}: ${r.message}`));
 * for (const member of r.members) await wecom.send(member.externalIds?.wecom, notice.text);
 * ```
 */
export async function resolveRecipients(
  directory: Directory,
  to: NoticeRecipient,
): Promise<RecipientResolution> {
  if ('member' in to) {
    const member = await directory.getMember(to.member);
    if (!member) return failed('UNKNOWN_MEMBER', `no member "${to.member}" (未找到成员)`);
    return { ok: true, members: [member], unit: member.orgUnit };
  }
  const roles: readonly Role[] = 'role' in to ? [to.role] : to.anyRole;
  const unit = await directory.getUnit(to.unit);
  if (!unit) return failed('UNKNOWN_UNIT', `no org unit "${to.unit}" (未找到组织)`);
  for (const candidate of [unit, ...(await directory.ancestors(unit.id))]) {
    const found = await holders(directory, candidate.id, roles);
    if (found.length > 0) return { ok: true, members: found, unit: candidate.id };
  }
  return failed(
    'NO_ROLE_HOLDER',
    `nobody holds ${roles.join(' or ')} at "${unit.id}" or above (该组织及上级无此角色人员)`,
  );
}

/** Members of one unit holding any of `roles`, by id, each once. */
async function holders(directory: Directory, unitId: string, roles: readonly Role[]): Promise<Member[]> {
  const byId = new Map<string, Member>();
  for (const role of roles) {
    for (const member of await directory.members(unitId, role)) {
      // A directory's `members` may be loose; only someone of this very unit holding the role counts.
      if (member.orgUnit === unitId && member.roles.includes(role)) byId.set(member.id, member);
    }
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const failed = (reason: RecipientFailureReason, message: string): RecipientResolution => ({
  ok: false,
  reason,
  message,
});
