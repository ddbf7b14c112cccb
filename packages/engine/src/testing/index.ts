export { inspectMemoryStorage } from '../storage/memory-inspector.js';
export { describeCommitConformance } from './conformance-commit.js';
export { describeDurabilityConformance } from './conformance-durability.js';
export {
  type ConformanceGroup,
  type StorageConformanceOptions,
  type StorageUnderTest,
  useStorageUnderTest,
} from './conformance-harness.js';
export { describeIntakeConformance } from './conformance-intake.js';
export { describeJournalConformance } from './conformance-journal.js';
export { describeLookupConformance } from './conformance-lookups.js';
export { describeMetricsConformance } from './conformance-metrics.js';
export { describeProjectionConformance } from './conformance-projection.js';
export { playRandomWorkOrders, randomHistoryActors } from './random-work-orders.js';
export { describeOrderedOutboxConformance } from './conformance-ordered-outbox.js';
export { describeOutboxConformance } from './conformance-outbox.js';
export { describeQueryConformance } from './conformance-query.js';
export { describeTimerConformance } from './conformance-timers.js';
export { describeWakeupConformance } from './conformance-wakeups.js';
export { describeStorageConformance } from './storage-conformance.js';
export {
  CONFORMANCE_EPOCH,
  makeCaseRecord,
  makeCreateCommit,
  makeIdempotencyRecord,
  makeJournalEntry,
  makeOutboxRecord,
  makeTimerRecord,
  makeUpdateCommit,
  minutesAfterEpoch,
  uniqueId,
} from './storage-fixtures.js';
export type {
  InspectedLease,
  InspectedOutbox,
  InspectedTimer,
  StorageInspector,
  StoreCounts,
} from './storage-inspector.js';
export { createTestEngine, type TestEngine, type TestEngineOptions } from './test-engine.js';
export {
  type OrderedDeliveryOptions,
  type OrderedDeliveryReport,
  runOrderedDelivery,
} from './ordered-delivery.js';
export { type RecountRow, recountFromJournal } from './recount-from-journal.js';
export { describePointsLedger } from '../points/points-ledger-suite.js';
