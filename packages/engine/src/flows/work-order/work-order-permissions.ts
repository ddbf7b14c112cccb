import type { FlowPermissions } from '../../flow/define-flow.js';
import type { Role } from '../../types.js';
import type { WorkOrderEventType } from './work-order-events.js';

const intake: Role[] = ['dispatcher'];
const dispatchers: Role[] = ['dispatcher', 'streetStaff'];
const handlers: Role[] = ['departmentHandler', 'communityStaff', 'streetStaff'];

/**
 * Who may send which work-order event. The intake seat and dispatching sit at the district command centre
 * (`dispatcher`), with street sub-centres (`streetStaff`) also dispatching; handling units are departments,
 * communities and streets; grid workers verify on site; supervisors supervise (督办); the requester rates and
 * may withdraw (the dispatcher may withdraw for a caller on the phone). The engine adds the scope check: a
 * handler acts only on cases its unit handles, a resident only on their own.
 *
 * @example
 * ```ts
 * workOrderPermissions.events.signFor; // ['departmentHandler', 'communityStaff', 'streetStaff']
 * ```
 */
export const workOrderPermissions = {
  create: ['resident', 'gridWorker', 'communityStaff', 'streetStaff', 'dispatcher'],
  events: {
    accept: intake,
    notAccepted: intake,
    answerOnSpot: intake,
    merge: intake,
    dispatch: dispatchers,
    reassign: dispatchers,
    signFor: handlers,
    return: handlers,
    suspend: handlers,
    resume: handlers,
    requestExtension: handlers,
    approveExtension: intake,
    rejectExtension: intake,
    whistle: ['streetStaff', 'dispatcher'],
    reportIn: ['departmentHandler'],
    urge: ['dispatcher', 'streetStaff', 'supervisor'],
    supervise: ['supervisor'],
    markHard: handlers,
    reply: handlers,
    verify: ['gridWorker', 'communityStaff', 'dispatcher'],
    followUp: intake,
    rate: ['resident'],
    reopen: intake,
    close: intake,
    withdraw: ['resident', 'dispatcher'],
    reviewReturn: intake,
  },
} satisfies FlowPermissions<WorkOrderEventType>;
