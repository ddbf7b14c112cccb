import { afterEach, beforeEach, describe } from 'vitest';
import type { Storage } from '../storage/storage.js';
import type { MaybePromise } from '../types.js';
import type { StorageInspector } from '../testing/storage-inspector.js';

/**
 * What an adapter's `setup` hands the suite for one test.
 *
 * @example
 * ```ts
 * const setup = async (): Promise<StorageUnderTest> => {
 *   const storage = memoryStorage();
 *   return { storage, inspect: inspectMemoryStorage(storage) };
 * };
 * ```
 */
export interface StorageUnderTest {
  /** A ready (initialised) and empty store. The suite never calls `init` or `dispose`. */
  storage: Storage;
  /** Raw reads of the same store, written independently of the adapter. */
  inspect: StorageInspector;
  /** Release what `setup` took (connections, schemas). */
  teardown?: () => MaybePromise<void>;
  /**
   * A second instance of the adapter over the same store, as another process would open it (its own pool or
   * connection). With `capabilities.multiProcess`, the cross-instance claim tests use it.
   */
  peer?: Storage;
  /**
   * A new instance over the same store, as after a process restart. With `capabilities.durable`, the
   * durability tests use it. Release what it opened in `teardown`; the suite disposes nothing.
   */
  reopen?: () => MaybePromise<Storage>;
}

/**
 * A part of the suite that can be run or skipped on its own.
 *
 * @example
 * ```ts
 * describeStorageConformance({ name: 'my-kv', setup, skip: ['wakeups'] });
 * ```
 */
export type ConformanceGroup =
  | 'commit'
  | 'journal'
  | 'lookups'
  | 'query'
  | 'timers'
  | 'outbox'
  | 'intake'
  | 'orderedOutbox'
  | 'wakeups'
  | 'durability'
  | 'metrics'
  | 'projection';

/**
 * Options of {@link describeStorageConformance} and of each `describe…Conformance` group.
 *
 * @example
 * ```ts
 * const options: StorageConformanceOptions = { name: 'postgres', setup: freshSchema };
 * ```
 */
export interface StorageConformanceOptions {
  /** Shown in the test names. */
  name: string;
  /** Called before every test; must return an empty store. */
  setup: () => MaybePromise<StorageUnderTest>;
  /** Groups to register as skipped. */
  skip?: readonly ConformanceGroup[];
}

/**
 * A fresh store per test, read through getters so tests can be declared before `setup` has run.
 *
 * @example
 * ```ts
 * const t = useStorageUnderTest(options);
 * it('loads nothing from an empty store', async () => expect(await t.storage.loadCase('x')).toBeNull());
 * ```
 */
export function useStorageUnderTest(options: StorageConformanceOptions): StorageUnderTest {
  let current: StorageUnderTest | undefined;
  beforeEach(async () => {
    current = await options.setup();
  });
  afterEach(async () => {
    const done = current;
    current = undefined;
    await done?.teardown?.();
  });
  const get = (): StorageUnderTest => {
    if (!current) throw new Error('the storage under test is only available inside a test');
    return current;
  };
  return {
    get storage() {
      return get().storage;
    },
    get inspect() {
      return get().inspect;
    },
    get peer() {
      return get().peer;
    },
    get reopen() {
      return get().reopen;
    },
  };
}

/**
 * Register one group as a `describe` block, skipped when the options say so.
 *
 * @example
 * ```ts
 * describeGroup(options, 'timers', (t) => { it('...', async () => { await t.storage.nextTimerDue(); }); });
 * ```
 */
export function describeGroup(
  options: StorageConformanceOptions,
  group: ConformanceGroup,
  body: (t: StorageUnderTest) => void,
): void {
  const skipped = options.skip?.includes(group) ?? false;
  describe.skipIf(skipped)(`${options.name} storage conformance: ${group}`, () => {
    body(useStorageUnderTest(options));
  });
}
