import type { NoticeRecipient } from '../../effects/notice.js';
import type { Role } from '../../types.js';
import { type NoticeSpec, type NotifyAction, noticeBuilder, type TopicOf } from '../shared/notice.js';
import type { WorkOrderContext } from './work-order-context.js';
import { workOrderPermissions } from './work-order-permissions.js';

const build = noticeBuilder<WorkOrderContext, 'workOrder'>('work-order', 'workOrder');

/**
 * Send the work-order notice `spec` through an XState `enqueue`.
 *
 * @internal
 * @example
 * ```ts
 * s.enqueueActions(({ context, enqueue }) =>
 *   notify(enqueue, context, { topic: 'urged', to: leadOrDispatchers(context), text: '催办' }));
 * ```
 */
export function notify(
  enqueue: (action: NotifyAction) => void,
  context: WorkOrderContext,
  spec: NoticeSpec<TopicOf<'workOrder'>>,
): void {
  for (const action of build(context, spec)) enqueue(action);
}

/**
 * The staff of a handling unit. Which role that is depends on the unit's tier (a department's handlers, a
 * community's staff, a street's staff), which a pure machine cannot see, so the notice names every role that
 * may sign for an order and the directory picks the one held at (or nearest above) the unit.
 *
 * @internal
 * @example
 * ```ts
 * handlersOf('dept-housing'); // { unit: 'dept-housing', anyRole: ['departmentHandler', 'communityStaff', 'streetStaff'] }
 * ```
 */
export const handlersOf = (unit: string): NoticeRecipient => ({
  unit,
  anyRole: workOrderPermissions.events.signFor,
});

/**
 * The intake and dispatching seat above the case's unit (the command centre's dispatchers).
 *
 * @internal
 * @example
 * ```ts
 * dispatchersOf(context); // { unit: 'grid-01', role: 'dispatcher' }
 * ```
 */
export const dispatchersOf = (c: Pick<WorkOrderContext, 'orgUnit'>): NoticeRecipient => ({
  unit: c.orgUnit,
  role: 'dispatcher',
});

/**
 * Whoever must move the order now: the lead unit's handlers, or the dispatchers while no unit holds it
 * (before dispatch, after a return).
 *
 * @internal
 * @example
 * ```ts
 * notify(enqueue, context, { topic: 'slaBreached', to: leadOrDispatchers(context), text });
 * ```
 */
export const leadOrDispatchers = (c: WorkOrderContext): NoticeRecipient =>
  c.leadUnit ? handlersOf(c.leadUnit) : dispatchersOf(c);

const tierRoles: readonly Role[] = [...workOrderPermissions.events.signFor, 'dispatcher'];
const commandCentreRoles: readonly Role[] = ['dispatcher', 'supervisor'];

/**
 * The people of one tier of the escalation ladder: its handlers, or at the command centre its dispatchers (and,
 * from v3 on, `withSupervisors`, its supervisors too).
 *
 * @internal
 * @example
 * ```ts
 * tierOf('district'); // { unit: 'district', anyRole: [...handler roles, 'dispatcher'] }
 * ```
 */
export const tierOf = (unit: string, withSupervisors = false): NoticeRecipient => ({
  unit,
  anyRole: withSupervisors ? [...tierRoles, 'supervisor'] : tierRoles,
});

/**
 * The command centre over the case's unit: its dispatchers and its supervisors (v3 tells it of SLA breaches
 * and late report-ins, whoever else is told).
 *
 * @internal
 * @example
 * ```ts
 * commandCentreOf(context); // { unit: 'grid-01', anyRole: ['dispatcher', 'supervisor'] }
 * ```
 */
export const commandCentreOf = (c: Pick<WorkOrderContext, 'orgUnit'>): NoticeRecipient => ({
  unit: c.orgUnit,
  anyRole: commandCentreRoles,
});

/**
 * The requester, or nobody when the case has none on file (a walk-in recorded by a grid worker).
 *
 * @internal
 * @example
 * ```ts
 * notify(enqueue, context, { topic: 'closed', to: requesterOf(context), text: '已办结' });
 * ```
 */
export const requesterOf = (c: Pick<WorkOrderContext, 'requesterId'>): NoticeRecipient | null =>
  c.requesterId ? { member: c.requesterId } : null;
