import type { CaseFactsStore } from './case-facts-store.js';
import type { CaseStore } from './case-store.js';
import type { IntakeStore } from './intake-store.js';
import type { OutboxStore } from './outbox-store.js';
import type { TimerStore } from './timer-store.js';

export type * from './case-facts-store.js';
export type * from './case-store.js';
export type * from './intake-store.js';
export type * from './outbox-store.js';
export type * from './timer-store.js';

/**
 * What an adapter can do beyond the required contract. The defaults (all false) are always safe.
 *
 * @example
 * ```ts
 * if (storage.capabilities.wakeups) storage.onWake?.(() => loop.poke());
 * ```
 */
export interface StorageCapabilities {
  /** `onWake` pushes notifications (LISTEN/NOTIFY) when a timer or outbox row becomes due now. */
  wakeups: boolean;
  /** Several processes may share the store (claims are safe across processes, not only in one). */
  multiProcess: boolean;
  /** Data survives a process restart. */
  durable: boolean;
  /**
   * Keeps the case-facts projection ({@link CaseFactsStore}): stores `CommitRequest.facts` with the commit and
   * answers metrics and dashboard counts from it. Absent or false: metrics read the journals.
   */
  caseFacts?: boolean;
  /**
   * Resolves the quarantine row named by `CommitRequest.resolveQuarantine` in the commit's transaction. Absent or
   * false: the engine reads the row beside the commit and settles it after.
   */
  resolvesQuarantine?: boolean;
}

/**
 * The storage contract: {@link CaseStore}, {@link TimerStore}, {@link OutboxStore} and {@link IntakeStore},
 * plus the adapter's name, capabilities and life cycle. One call to {@link Storage.commit} is one atomic
 * transaction. Implementations are checked by the conformance suite in `@gridflow/engine/testing`.
 *
 * @example
 * ```ts
 * const engine = createEngine({ storage: memoryStorage(), flows: [myFlow], directory });
 * ```
 */
export interface Storage extends CaseStore, TimerStore, OutboxStore, IntakeStore, CaseFactsStore {
  /** Adapter name, used in `ADAPTER_FAILED` errors. */
  readonly name: string;
  /** What this adapter can do; suites and the engine skip what it cannot. */
  readonly capabilities: StorageCapabilities;
  /** Prepare (connect, migrate if asked). Called once by the engine before first use. */
  init?(): Promise<void>;
  /** Release resources. Called once by the engine on `stop()` if the engine owns the storage. */
  dispose?(): Promise<void>;

  /** Subscribe to wake-ups (only when `capabilities.wakeups`). Returns an unsubscribe function. */
  onWake?(listener: (channel: 'timers' | 'outbox') => void): () => void;
}
