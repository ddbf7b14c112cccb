// `@gridflow/engine/conformance`: the suites that decide what a working storage adapter or points ledger is.
// They call vitest's `describe`/`it`, so this entry needs vitest and is ESM only (vitest cannot be required).
export type {
  InspectedLease,
  InspectedOutbox,
  InspectedTimer,
  StorageInspector,
  StoreCounts,
} from '../testing/storage-inspector.js';
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
export { describeOrderedOutboxConformance } from './conformance-ordered-outbox.js';
export { describeOutboxConformance } from './conformance-outbox.js';
export { describeQueryConformance } from './conformance-query.js';
export { describeTimerConformance } from './conformance-timers.js';
export { describeWakeupConformance } from './conformance-wakeups.js';
export { describePointsLedger } from './points-ledger-suite.js';
export { describeStorageConformance } from './storage-conformance.js';
