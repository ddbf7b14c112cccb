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
  MAX_WORKING_DURATION,
  workingDurationSchema,
} from './sla/sla-policy.js';
export { toWorkingHours, workingHoursUntil } from './sla/sla-time.js';
export type {
  Appeal,
  Stamp,
  Summons,
  Suspension,
  WorkOrderContext,
} from './work-order/work-order-context.js';
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
export {
  PLATFORM_WRITE_BACK_EFFECT,
  type PlatformWriteBack,
  type PlatformWriteBackStep,
  platformWriteBackSchema,
  workOrderOriginSchema,
} from './work-order/work-order-write-back.js';
export { workOrderFlowV1 } from './work-order/work-order-v1.js';
export { workOrderFlowV2 } from './work-order/work-order-v2.js';
export { workOrderFlowV3 } from './work-order/work-order-v3.js';
export type { WorkOrderRules } from './work-order/work-order-rules.js';
export type { GridReportContext, GridReportOutcome } from './grid-report/grid-report-context.js';
export {
  type GridReportEvent,
  type GridReportInput,
  gridReportEvents,
  gridReportInputSchema,
  gridReportLocationSchema,
} from './grid-report/grid-report-events.js';
export { gridReportFlow, gridReportPermissions } from './grid-report/grid-report-flow.js';
export { gridReportMachine } from './grid-report/grid-report-machine.js';
export {
  THREE_ORDERS_LIMITS,
  type ThreeOrdersContext,
  type ThreeOrdersOutcome,
} from './three-orders/three-orders-context.js';
export {
  type ThreeOrdersEvent,
  type ThreeOrdersInput,
  threeOrdersEvents,
  threeOrdersInputSchema,
} from './three-orders/three-orders-events.js';
export { threeOrdersFlow, threeOrdersPermissions } from './three-orders/three-orders-flow.js';
export { threeOrdersMachine } from './three-orders/three-orders-machine.js';
export {
  MICRO_WISH_LIMITS,
  type MicroWishContext,
  type MicroWishOutcome,
} from './micro-wish/micro-wish-context.js';
export {
  type MicroWishEvent,
  type MicroWishInput,
  microWishEvents,
  microWishInputSchema,
} from './micro-wish/micro-wish-events.js';
export { microWishFlow, microWishPermissions } from './micro-wish/micro-wish-flow.js';
export { microWishMachine } from './micro-wish/micro-wish-machine.js';
export { gridReportFacts, linkedVerdict } from './grid-report/grid-report-facts.js';
export { threeOrdersFacts } from './three-orders/three-orders-facts.js';
export { microWishFacts } from './micro-wish/micro-wish-facts.js';
export { builtInFacts } from './built-in-facts.js';
export { type FlowTransitions, flowDiagram, flowTransitions } from './diagram.js';
export { flowDoc, flowDocName, flowDocs, flowsIn, isFlowDefinition, staleFlowDocs } from './diagram-docs.js';
export { workOrderFacts, workOrderFactsFold } from './work-order/work-order-facts.js';
export { BUILT_IN_TOPICS, type BuiltInFlowId, type BuiltInTopic, type BuiltInTopicName } from './topics.js';
