import { describeCommitConformance } from './conformance-commit.js';
import type { StorageConformanceOptions } from './conformance-harness.js';
import { describeTimerConformance } from './conformance-timers.js';

/**
 * The storage conformance suite (存储适配器一致性测试): everything a {@link Storage} adapter must do for the
 * engine to be correct on it. Call it in a vitest file; `setup` runs before every test and returns an empty
 * store plus a {@link StorageInspector} that reads the store without going through the adapter. Each group is
 * also exported on its own (`describeCommitConformance`, `describeTimerConformance`, ...) and can be skipped
 * with `skip`; tests that need a capability skip themselves when the adapter lacks it.
 *
 * @example
 * ```ts
 * import { describeStorageConformance } from '@gridflow/engine/testing';
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
  describeTimerConformance(options);
}
