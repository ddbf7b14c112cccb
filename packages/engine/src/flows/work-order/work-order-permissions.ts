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
 * may withdraw (the dispatcher may withdraw for a caller on the phone). The engine adds the scope check: the
 * events of the handling (签收, 退单, 挂起/解挂, 延期申请, 难事, 回复, 申诉) belong to the lead unit (主办) or the
 * assignee (`scopes`), so the case's community and street, a co-handling unit (协办) and a unit the case was
 * escalated to (which supervises it) may watch, urge, supervise or dispatch as their roles allow, but not handle;
 * a co-handling unit reports its own part (`reportPart`, v3) and only it may; a resident acts only on their own
 * cases.
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
    // 社区吹哨、部门报到: the community whistles too, not only the street and the command centre.
    whistle: ['communityStaff', 'streetStaff', 'dispatcher'],
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
    approveSuspension: intake,
    rejectSuspension: intake,
    reportPart: handlers,
    appealRating: handlers,
    decideAppeal: intake,
  },
  scopes: {
    signFor: 'lead',
    return: 'lead',
    suspend: 'lead',
    resume: 'lead',
    requestExtension: 'lead',
    markHard: 'lead',
    reply: 'lead',
    appealRating: 'lead',
    reportPart: 'co',
  },
} satisfies FlowPermissions<WorkOrderEventType>;
