import type { Open311UpdateStatus } from './open311-types.js';

/**
 * The Open311 status of a `work-order` case: `closed` only once the case is over, with FixMyStreet's richer
 * status beside it (for `extended_attributes` and `servicerequestupdates`).
 *
 * @example
 * ```ts
 * const status: Open311Status = { status: 'open', detail: 'in_progress' };
 * ```
 */
export interface Open311Status {
  /** GeoReport's status. */
  status: 'open' | 'closed';
  /** The finer status of an update. */
  detail: Open311UpdateStatus;
}

const BY_CLOSE_REASON: Record<string, Open311UpdateStatus> = {
  resolved: 'fixed',
  partiallyResolved: 'fixed',
  explained: 'no_further_action',
  notResponsible: 'not_councils_responsibility',
  referred: 'internal_referral',
  duplicate: 'duplicate',
  withdrawn: 'closed',
};

/**
 * Map a work order's state path and close reason to Open311 statuses: received and waiting for dispatch is
 * `open`/`investigating`, dispatched `action_scheduled`, under return review `internal_referral`, being handled or
 * replied `in_progress`, checked and followed up `fixed`; a closed case by its reason (resolved → `fixed`,
 * not responsible → `not_councils_responsibility`, …). A reopened case reports `reopen` when the caller says so.
 *
 * @example
 * ```ts
 * open311StatusOf({ state: 'inProgress.suspended', closeReason: null }); // { status: 'open', detail: 'in_progress' }
 * open311StatusOf({ state: 'closed', closeReason: 'notResponsible' }); // { status: 'closed', detail: 'not_councils_responsibility' }
 * ```
 */
export function open311StatusOf(work: {
  state: string;
  closeReason: string | null;
  reopened?: boolean;
}): Open311Status {
  const top = work.state.split('.')[0];
  switch (top) {
    case 'closed':
      return { status: 'closed', detail: BY_CLOSE_REASON[work.closeReason ?? ''] ?? 'closed' };
    case 'notAccepted':
      return { status: 'closed', detail: 'no_further_action' };
    case 'merged':
      return { status: 'closed', detail: 'duplicate' };
    case 'submitted':
      return { status: 'open', detail: 'open' };
    case 'pendingDispatch':
      return { status: 'open', detail: 'investigating' };
    case 'dispatched':
      return { status: 'open', detail: 'action_scheduled' };
    case 'returnReview':
      return { status: 'open', detail: 'internal_referral' };
    case 'followingUp':
      return { status: 'open', detail: 'fixed' };
    default:
      return { status: 'open', detail: work.reopened ? 'reopen' : 'in_progress' };
  }
}
