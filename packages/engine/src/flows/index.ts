export {
  type EscalationConfig,
  type EscalationContext,
  type EscalationEnqueue,
  type EscalationFacts,
  type EscalationLadder,
  type EscalationState,
  type EscalationStep,
  type EscalationTrigger,
  escalationConfigSchema,
  escalationLadder,
  startLadder,
} from './escalation/escalation-ladder.js';
export type { NotifyParams } from './escalation/notify-params.js';
export {
  cancelSla,
  extendSla,
  idleSla,
  pauseSla,
  resumeSla,
  SLA_DEADLINE,
  type SlaClock,
  scheduleSla,
  startSla,
  type TimerEnqueue,
} from './sla/sla-clock.js';
export {
  defaultSlaPolicies,
  type RequestType,
  requestTypeSchema,
  resolveSla,
  type SlaKey,
  type SlaPolicy,
  slaPolicySchema,
  type Urgency,
  urgencySchema,
  type WorkingDuration,
  workingDurationSchema,
} from './sla/sla-policy.js';
export { toWorkingHours, workingHoursUntil } from './sla/sla-time.js';
export type { Stamp, Summons, WorkOrderContext } from './work-order/work-order-context.js';
export {
  type CloseReason,
  closeReasonSchema,
  type Rating,
  ratingSchema,
  type WorkOrderEventType,
  type WorkOrderPayload,
  workOrderEvents,
} from './work-order/work-order-events.js';
export {
  createWorkOrderFlow,
  defaultWorkOrderEscalation,
  type WorkOrderFlowOptions,
} from './work-order/work-order-flow.js';
export { type WorkOrderInput, workOrderInputSchema } from './work-order/work-order-input.js';
export { buildWorkOrderMachine, type WorkOrderMachineOptions } from './work-order/work-order-machine.js';
export { workOrderPermissions } from './work-order/work-order-permissions.js';
export type {
  WorkOrderCallerEvent,
  WorkOrderMachineEvent,
  WorkOrderTimerEvent,
} from './work-order/work-order-records.js';
export { type WorkOrderMachineInput, initialWorkOrderContext } from './work-order/work-order-setup.js';
export { workOrderFlowV1 } from './work-order/work-order-v1.js';
export { workOrderFlowV2 } from './work-order/work-order-v2.js';
