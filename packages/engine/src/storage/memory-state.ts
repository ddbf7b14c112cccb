import { EntryHeap } from './memory-heap.js';
import type {
  CaseRecord,
  CursorRecord,
  FlowVersionRecord,
  IdempotencyRecord,
  JournalEntry,
  OutboxRecord,
  QuarantineRecord,
  TimerRecord,
} from './storage.js';

/**
 * Where a memory storage keeps its raw state. `Symbol.for` so the engine and `@gridflow/engine/testing`
 * bundles, which each carry their own copy of this module, still find it.
 *
 * @example
 * ```ts
 * const state = (storage as Record<symbol, unknown>)[MEMORY_STATE] as MemoryState;
 * ```
 */
export const MEMORY_STATE: unique symbol = Symbol.for('gridflow.memoryStorage.state') as never;

/**
 * A lease as the memory storage keeps it; all null when unleased.
 *
 * @example
 * ```ts
 * const free: StoredLease = { leaseToken: null, leaseUntil: null, owner: null, gen: 0 };
 * ```
 */
export interface StoredLease {
  leaseToken: string | null;
  leaseUntil: Date | null;
  owner: string | null;
  /** Bumped on every change that moves the row in a heap; see `HeapEntry`. */
  gen: number;
}

/**
 * A timer row with its lease.
 *
 * @example
 * ```ts
 * const t = state.timers.get('t-1');
 * ```
 */
export interface StoredTimer extends TimerRecord, StoredLease {
  /** Bumped when `dueAt` changes, for the `nextTimerDue` heap. */
  dueGen: number;
}

/**
 * An outbox row with its lease.
 *
 * @example
 * ```ts
 * const row = state.outbox.get('c-1:3:0');
 * ```
 */
export interface StoredOutbox extends OutboxRecord, StoredLease {
  /** Pending but behind an earlier unfinished row of its ordering key: not in the claim heap. */
  held: boolean;
}

/**
 * A listener registered through `Storage.onWake`.
 *
 * @example
 * ```ts
 * const listener: WakeListener = (channel) => loops[channel].poke();
 * ```
 */
export type WakeListener = (channel: 'timers' | 'outbox') => void;

/**
 * Everything a memory storage holds. Only the memory storage's own modules write to it.
 *
 * @example
 * ```ts
 * const state = createMemoryState();
 * ```
 */
export interface MemoryState {
  cases: Map<string, CaseRecord>;
  journals: Map<string, JournalEntry[]>;
  timers: Map<string, StoredTimer>;
  /** caseId → timer key → timer id, for replace-by-key and cancel-by-key without scanning. */
  timerKeys: Map<string, Map<string, string>>;
  provisionalTimers: Set<string>;
  /** Ordered by when a timer can next be claimed: `dueAt`, or `leaseUntil` while leased. */
  claimableTimers: EntryHeap;
  /** Ordered by `dueAt`, for `nextTimerDue`. */
  dueTimers: EntryHeap;
  outbox: Map<string, StoredOutbox>;
  caseOutbox: Map<string, string[]>;
  pendingOutbox: Set<string>;
  /** Pending rows ordered by when they can next be claimed: `nextAttemptAt`, or `leaseUntil` while leased. */
  claimableOutbox: EntryHeap;
  /** Ordering key → ids of its unfinished rows (pending or dead) in commit order; only the first is claimable. */
  orderingKeys: Map<string, string[]>;
  idempotency: Map<string, IdempotencyRecord>;
  flowVersions: Map<string, FlowVersionRecord>;
  quarantine: Map<string, QuarantineRecord>;
  /** `[source, externalId]` as JSON → quarantine row id: one row per outside record. */
  quarantineKeys: Map<string, string>;
  cursors: Map<string, CursorRecord>;
  listeners: Set<WakeListener>;
  /** Source of `gen` values; global so a re-inserted id never revives an old heap entry. */
  nextGen: number;
}

/**
 * An empty state.
 *
 * @example
 * ```ts
 * const state = createMemoryState();
 * ```
 */
export function createMemoryState(): MemoryState {
  const timers = new Map<string, StoredTimer>();
  const outbox = new Map<string, StoredOutbox>();
  return {
    cases: new Map(),
    journals: new Map(),
    timers,
    timerKeys: new Map(),
    provisionalTimers: new Set(),
    claimableTimers: new EntryHeap((e) => timers.get(e.id)?.gen === e.gen),
    dueTimers: new EntryHeap((e) => timers.get(e.id)?.dueGen === e.gen),
    outbox,
    caseOutbox: new Map(),
    pendingOutbox: new Set(),
    claimableOutbox: new EntryHeap((e) => {
      const row = outbox.get(e.id);
      return row !== undefined && row.status === 'pending' && !row.held && row.gen === e.gen;
    }),
    orderingKeys: new Map(),
    idempotency: new Map(),
    flowVersions: new Map(),
    quarantine: new Map(),
    quarantineKeys: new Map(),
    cursors: new Map(),
    listeners: new Set(),
    nextGen: 1,
  };
}

/**
 * When a leased-or-not row can next be claimed.
 *
 * @example
 * ```ts
 * heap.push({ at: claimableAt(timer.dueAt, timer), id: timer.id, gen: timer.gen });
 * ```
 */
export function claimableAt(notBefore: Date, lease: StoredLease): number {
  return Math.max(notBefore.getTime(), lease.leaseUntil?.getTime() ?? 0);
}

/**
 * The key of an outside record's quarantine row in {@link MemoryState.quarantineKeys}: one row per record.
 *
 * @example
 * ```ts
 * const id = state.quarantineKeys.get(quarantineKey('hotline', 'GD-1'));
 * ```
 */
export function quarantineKey(source: string, externalId: string): string {
  return JSON.stringify([source, externalId]);
}

/**
 * Tell wake-up listeners, after the current call returns so a listener never runs inside a commit.
 *
 * @example
 * ```ts
 * wake(state, 'outbox');
 * ```
 */
export function wake(state: MemoryState, channel: 'timers' | 'outbox'): void {
  if (state.listeners.size === 0) return;
  queueMicrotask(() => {
    for (const listener of state.listeners) {
      try {
        listener(channel);
      } catch {
        // A listener's failure is its own; it must not stop the others from waking.
      }
    }
  });
}
