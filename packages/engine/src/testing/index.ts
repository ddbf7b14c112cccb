// `@gridflow/engine/testing`: what a test of an app needs, with no test runner required (the storage
// conformance suites, which need vitest, are `@gridflow/engine/conformance`).
export { inspectMemoryStorage } from '../storage/memory-inspector.js';
export {
  type OrderedDeliveryOptions,
  type OrderedDeliveryReport,
  runOrderedDelivery,
} from './ordered-delivery.js';
export { playRandomWorkOrders, randomHistoryActors } from './random-work-orders.js';
export { type RecountRow, recountFromJournal } from './recount-from-journal.js';
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
