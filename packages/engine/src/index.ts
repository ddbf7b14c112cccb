export type { Calendar } from './calendar/calendar.js';
export { type Clock, systemClock } from './clock/clock.js';
export type { Directory, Member, OrgUnit, OrgUnitKind } from './directory/directory.js';
export { type MemoryDirectory, memoryDirectory } from './directory/memory-directory.js';
export type { MemoryDirectoryConfig, MemoryDirectoryUnit } from './directory/memory-directory-config.js';
export {
  type EffectDelivery,
  type EffectHandler,
  isPermanentFailure,
  permanentFailure,
  retryAfter,
  retryAfterMsOf,
} from './effects/effects.js';
export {
  NOTIFY_EFFECT,
  type Notice,
  type NoticeAction,
  type NoticeRecipient,
  noticeSchema,
  parseNotice,
} from './effects/notice.js';
export {
  type RecipientFailureReason,
  type RecipientResolution,
  resolveRecipients,
} from './effects/recipients.js';
export {
  GridflowError,
  type GridflowErrorCode,
  type GridflowErrorOptions,
  isGridflowError,
  parseOptions,
  validationError,
} from './errors.js';
export {
  type CaseProjection,
  defineFlow,
  effect,
  type EffectOptions,
  type EventScope,
  type FlowConfig,
  type FlowDefinition,
  type FlowPermissions,
  type FlowRefusals,
  type OrderingKey,
} from './flow/define-flow.js';
export type { FlowReferences, ReferenceKind } from './flow/flow-references.js';
export { FlowRegistry } from './flow/flow-registry.js';
export { validateFlowInput } from './flow/validated-input.js';
export type {
  IngestResult,
  Intake,
  IntakeCommand,
  IntakeContext,
  IntakeMapping,
} from './intake/intake.js';
export type { EngineCursors, EngineQuarantine } from './intake/intake-api.js';
export type {
  CreateCaseRequest,
  DeadLetter,
  Engine,
  EngineEvents,
  EngineOptions,
  EngineQuery,
  EngineTuning,
  Logger,
  SendRequest,
  Worklist,
  WorklistQuery,
} from './runtime/engine-types.js';
export { WORKLIST_COUNT_UP_TO } from './runtime/engine-types.js';
export { deadlineIn, transitionTime, workingDays, workingHours } from './flow/working-time.js';
export { type MemoryStorageOptions, memoryStorage } from './storage/memory-storage.js';
export type * from './storage/storage.js';
export {
  type Actor,
  type AdapterLifecycle,
  type EventMeta,
  type GridflowEvent,
  type MaybePromise,
  type Role,
  SYSTEM_ACTOR,
} from './types.js';
export { type ChinaCalendar, type ChinaCalendarOptions, chinaCalendar } from './calendar/china-calendar.js';
export { type HolidayYear, parseHolidayYear } from './calendar/holiday-year.js';
export { chinaHolidayData } from './calendar/holidays-cn.js';
export { DEFAULT_OFFICE_HOURS } from './calendar/office-hours.js';
export { parseWorkingDuration, type ParsedDuration } from './calendar/parse-duration.js';
export { type VirtualClock, virtualClock } from './clock/virtual-clock.js';
export { createEngine } from './runtime/engine.js';
export {
  type EnqueueEffectRequest,
  type EnqueueEffectResult,
  enqueuedEffectId,
} from './runtime/enqueue-effect.js';
export {
  CREATE_CASE_EFFECT,
  type CaseEventPayload,
  type LinkedCasePayload,
  SEND_EVENT_EFFECT,
} from './runtime/commands/linked-cases.js';
export { type ReplayResult, replayJournal } from './runtime/commands/replay.js';
export { caseCategory } from './case/case-category.js';
export { type CaseView, statePath } from './case/case-view.js';
export {
  DEFAULT_TIMER_LABEL,
  eventLabel,
  type FlowLabels,
  stateLabel,
} from './flow/flow-labels.js';
export type {
  AnyCaseEvent,
  CaseEvent,
  CaseMachineInput,
  FlowEventSchemas,
} from './runtime/typed-requests.js';
export type { StopOnSignalsOptions } from './runtime/stop-on-signals.js';
export {
  instrumentEngine,
  type MeterLike,
  type TelemetryOptions,
  type TracerLike,
} from './telemetry/otel-bridge.js';
export {
  formatChinaTime,
  type TimelineActor,
  type TimelineEntry,
  type TimelineOptions,
} from './runtime/timeline.js';
export { memoryPointsLedger, type MemoryPointsLedgerOptions } from './points/memory-points-ledger.js';
export {
  type InsufficientPointsDetails,
  insufficientPointsError,
  isInsufficientPoints,
} from './points/points-errors.js';
export { type AwardPointsPayload, awardPointsPayloadSchema, pointsEffects } from './points/points-effects.js';
export {
  isSameMovement,
  type PointsEntry,
  type PointsLedger,
  type PointsMovement,
  parsePointsMovement,
  pointsMovementSchema,
} from './points/points-ledger.js';
export type {
  MigrateOptions,
  MigrationCaseReport,
  MigrationPlan,
  MigrationReport,
  MigrationTimer,
  MigrationTimerPolicy,
} from './runtime/migration/migration-types.js';
export type {
  CaseFacts,
  CaseFactsExtractor,
  CaseFactsFold,
  CaseFactsInput,
  SatisfactionRating,
} from './metrics/case-facts.js';
export {
  type HandlingCounts,
  type HandlingRates,
  type HandlingTally,
  handlingRates,
  tallyHandling,
} from './metrics/handling-definitions.js';
export {
  defaultHandlingFacts,
  type HandlingFacts,
  type HandlingJournalOptions,
  handlingFactsOf,
  leadAt,
  type UnitWindow,
} from './metrics/handling-facts.js';
export type { HandlingMetricsReport, HandlingMetricsRow } from './metrics/handling-report.js';
export { journalFacts } from './metrics/journal-facts.js';
export { type JournalFactsState, journalFactsFold } from './metrics/journal-facts-fold.js';
export { type HandlingFoldState, handlingFold } from './metrics/handling-fold.js';
export { type SignForFoldState, signForFold } from './metrics/sign-for-fold.js';
export type { CaseCounts, CaseCountsQuery } from './metrics/case-counts.js';
export { type FactsFoldState, FactsKeeper, keepCaseFacts } from './metrics/facts-keeper.js';
export {
  type FactsRefreshOptions,
  type FactsRefreshProgress,
  refreshCaseFacts,
} from './metrics/facts-refresh.js';
export { countStoredOpenCases, inReportScope, slaLight, tallyStoredFacts } from './metrics/facts-tally.js';
export { type FactsProjection, projectionOf } from './metrics/projected-metrics.js';
export {
  type MetricRates,
  type MetricsCounts,
  type MetricsPeriod,
  type MetricsTally,
  metricRates,
  metricsPeriod,
  overdueBy,
  responseBy,
  tallyCases,
  windowVerdict,
} from './metrics/metric-definitions.js';
export {
  computeMetrics,
  type MetricsQuery,
  type MetricsReport,
  type MetricsRow,
} from './metrics/metrics-report.js';
export { type SignForEvents, type SignForWindow, signForWindowsOf } from './metrics/sign-for-windows.js';
export { type Caller, callerSchema } from './privacy/caller.js';
export { maskName, maskPersonalText, maskPhone, PHONE_PATTERN } from './privacy/mask.js';
export { type PersonalDataAccess, redactPersonalData } from './privacy/redact.js';
export { COMMAND_CENTRE_ROLES, readableFlowIds, readRoles } from './flow/define-flow.js';
