import { describeCommitConformance } from './conformance-commit.js';
import { describeDurabilityConformance } from './conformance-durability.js';
import type { StorageConformanceOptions } from './conformance-harness.js';
import { describeIntakeConformance } from './conformance-intake.js';
import { describeJournalConformance } from './conformance-journal.js';
import { describeLookupConformance } from './conformance-lookups.js';
import { describeMetricsConformance } from './conformance-metrics.js';
import { describeProjectionConformance } from './conformance-projection.js';
import { describeOrderedOutboxConformance } from './conformance-ordered-outbox.js';
import { describeOutboxConformance } from './conformance-outbox.js';
import { describeQueryConformance } from './conformance-query.js';
import { describeTimerConformance } from './conformance-timers.js';
import { describeWakeupConformance } from './conformance-wakeups.js';

/**
 * The storage conformance suite (存储适配器一致性测试): everything a `Storage` adapter must do for the engine
 * to be correct on it. Call it in a vitest file; `setup` runs before every test and returns an empty, ready
 * store plus a `StorageInspector` that reads the store without going through the adapter. Groups: `commit`,
 * `journal`, `lookups`, `query`, `timers`, `outbox`, `orderedOutbox`, `intake`, `wakeups`, `durability`, `metrics`, `projection` (storages with `caseFacts`). Each is
 * also exported on its own (`describeCommitConformance`, ...) and can be skipped with `skip`; tests that need a capability
 * (`wakeups`; `multiProcess` with a `peer`; `durable` with `reopen`) skip themselves when the adapter lacks it.
 *
 * @example
 * ```ts
 * import { describeStorageConformance } from '@gridflow/engine/conformance';
 * describeStorageConformance({
 *   name: 'postgres',
 *   setup: async () => {
 *     const storage = postgresStorage({ client: pool, schema: freshSchema() });
 *     await storage.init?.();
 *     return { storage, inspect: sqlInspector(pool), teardown: () => dropSchema() };
 *   },
 * });
 * ```
 */
export function describeStorageConformance(options: StorageConformanceOptions): void {
  describeCommitConformance(options);
  describeJournalConformance(options);
  describeLookupConformance(options);
  describeQueryConformance(options);
  describeTimerConformance(options);
  describeOutboxConformance(options);
  describeIntakeConformance(options);
  describeOrderedOutboxConformance(options);
  describeWakeupConformance(options);
  describeDurabilityConformance(options);
  describeMetricsConformance(options);
  describeProjectionConformance(options);
}
