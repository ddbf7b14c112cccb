import type { Actor } from '../types.js';

/**
 * Whether a case still runs (`active`) or reached a final state (`done`).
 *
 * @example
 * ```ts
 * const open = await storage.queryCases({ status: 'active', limit: 50 });
 * ```
 */
export type CaseStatus = 'active' | 'done';

/**
 * A stored case (工单): the persisted XState snapshot plus the columns the engine indexes and queries.
 * Storage adapters store and return it as given; they never interpret `snapshot`.
 *
 * @example
 * ```ts
 * const record = await storage.loadCase('c-1');
 * console.log(record?.state, record?.version);
 * ```
 */
export interface CaseRecord {
  id: string;
  flowId: string;
  flowVersion: number;
  /** Dotted path of the active leaf state (`inProgress.suspended`); parallel leaves joined by `,`. */
  state: string;
  status: CaseStatus;
  /** The persisted XState snapshot (`machine.getPersistedSnapshot`), JSON-serializable. */
  snapshot: unknown;
  /** Optimistic concurrency version: 1 after creation, +1 per committed transition. */
  version: number;
  /** Org unit the case belongs to (used for jurisdiction and worklists). */
  orgUnit: string;
  /** Member currently responsible, if any. */
  assignee: string | null;
  /** The requester (resident) who owns the case, if any. */
  requesterId: string | null;
  /** Units currently handling the case (lead and co-handling units), for jurisdiction checks. */
  handlingUnits: readonly string[];
  /** Current SLA deadline, if one is running. */
  dueAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * One append-only journal row: an accepted event and what it did.
 *
 * @example
 * ```ts
 * for (const e of await engine.history('c-1')) console.log(e.seq, e.type, e.fromState, '→', e.toState);
 * ```
 */
export interface JournalEntry {
  caseId: string;
  /** Equals the case version this entry produced; 1 for creation. Gapless per case. */
  seq: number;
  /** Event type; `gridflow.create` for creation, `gridflow.migrate` for a migration. */
  type: string;
  /** The event as given to XState (including `meta`), or `{ input }` for creation. */
  event: Record<string, unknown>;
  actor: Actor;
  flowVersion: number;
  fromState: string | null;
  toState: string;
  at: Date;
  /** What caused it: a timer id, an outbox row id, or the caller's correlation id. */
  causationId: string | null;
  idempotencyKey: string | null;
}

/**
 * A durable timer: a delayed event that the timer loop will send to its case at `dueAt`.
 *
 * @example
 * ```ts
 * const timer: TimerRecord = { id: 't-1', caseId: 'c-1', key: 'xstate.after.sla.wo.inProgress',
 *   event: { type: 'xstate.after.sla.wo.inProgress' }, dueAt: new Date(), provisional: false, plan: null };
 * ```
 */
export interface TimerRecord {
  /** Unique id of this scheduling; a re-scheduled timer gets a new id. */
  id: string;
  caseId: string;
  /** The XState delayed-event id; scheduling the same key on a case replaces the old timer. */
  key: string;
  /** The event to send (without `meta`). */
  event: Record<string, unknown> & { type: string };
  dueAt: Date;
  /** True when `dueAt` was computed Monday-to-Friday for a year the calendar has no data for. */
  provisional: boolean;
  /** How to recompute `dueAt` once calendar data arrives; null for plain millisecond delays. */
  plan: TimerPlan | null;
}

/**
 * The working-time rule a timer's due time came from, kept so it can be re-planned.
 *
 * @example
 * ```ts
 * const plan: TimerPlan = { from: new Date('2026-09-30T02:00:00Z'), amount: 3, unit: 'workingDays' };
 * ```
 */
export interface TimerPlan {
  from: Date;
  amount: number;
  unit: 'workingDays' | 'workingHours';
}

/**
 * A timer handed to one claimer under a lease. Another claimer gets it only after `leaseUntil`.
 *
 * @example
 * ```ts
 * const [t] = await storage.claimDueTimers({ now, limit: 10, leaseMs: 30_000, owner: 'engine-a' });
 * ```
 */
export interface ClaimedTimer extends TimerRecord {
  /** Opaque token proving the claim; required to consume the timer. */
  leaseToken: string;
  leaseUntil: Date;
}

/**
 * Delivery state of an outbox row.
 *
 * @example
 * ```ts
 * const dead = await storage.listOutbox({ status: 'dead', limit: 20 });
 * ```
 */
export type OutboxStatus = 'pending' | 'delivered' | 'dead';

/**
 * One effect to deliver after a commit (a notification, a hotline write-back, an emitted event...).
 *
 * @example
 * ```ts
 * const row: OutboxRecord = { id: 'c-1:3:0', caseId: 'c-1', type: 'notify', payload: { to: 'u-1' },
 *   idempotencyKey: 'c-1:3:0', status: 'pending', attempts: 0, nextAttemptAt: new Date(),
 *   lastError: null, createdAt: new Date(), deliveredAt: null };
 * ```
 */
export interface OutboxRecord {
  id: string;
  caseId: string;
  /** Effect type: a declared effect action name, or the type of an emitted event. */
  type: string;
  payload: unknown;
  /** Stable across retries and processes: handlers use it to deduplicate. */
  idempotencyKey: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

/**
 * An outbox row handed to one dispatcher under a lease.
 *
 * @example
 * ```ts
 * const rows = await storage.claimOutbox({ now, limit: 20, leaseMs: 30_000, owner: 'engine-a' });
 * ```
 */
export interface ClaimedOutbox extends OutboxRecord {
  leaseToken: string;
  leaseUntil: Date;
}

/**
 * What the dispatcher decided for a claimed outbox row.
 *
 * @example
 * ```ts
 * await storage.settleOutbox(row.id, row.leaseToken, { status: 'retry', nextAttemptAt, error: 'HTTP 503' });
 * ```
 */
export type OutboxSettlement =
  | { status: 'delivered'; at: Date }
  | { status: 'retry'; nextAttemptAt: Date; error: string }
  | { status: 'dead'; error: string };

/**
 * The stored answer to an idempotency key: the request fingerprint and the result returned the first time.
 *
 * @example
 * ```ts
 * const seen = await storage.findIdempotencyKey('hotline:GD2026-0001');
 * ```
 */
export interface IdempotencyRecord {
  key: string;
  caseId: string;
  /** Hash of the request; a different request under the same key is `IDEMPOTENCY_KEY_REUSED`. */
  fingerprint: string;
  /** The case version the first request produced. */
  version: number;
  createdAt: Date;
}

/**
 * A registered flow version, persisted so that several processes agree on what `(id, version)` means.
 *
 * @example
 * ```ts
 * await storage.ensureFlowVersion({ flowId: 'work-order', version: 1, hash: 'sha256:…' });
 * ```
 */
export interface FlowVersionRecord {
  flowId: string;
  version: number;
  hash: string;
}

/**
 * Everything one transition writes, committed atomically by {@link Storage.commit}.
 *
 * @example
 * ```ts
 * const outcome = await storage.commit({ case: next, expectedVersion: 3, journal: [entry],
 *   cancelTimers: [], scheduleTimers: [], outbox: [], idempotency: null, consumeTimer: null });
 * ```
 */
export interface CommitRequest {
  /** The case as it is after the transition (its `version` is `expectedVersion + 1`, or 1 on creation). */
  case: CaseRecord;
  /** The version the case had when loaded; `null` creates it (fails as a conflict if the id exists). */
  expectedVersion: number | null;
  /** Journal rows to append; their `seq` values follow the previous version. */
  journal: JournalEntry[];
  /** Timer keys of this case to delete (XState cancellations and re-schedulings). */
  cancelTimers: string[];
  /** Timers to insert; an existing timer of the case with the same key is replaced. */
  scheduleTimers: TimerRecord[];
  outbox: OutboxRecord[];
  /** Idempotency key to record; if the key already exists the commit writes nothing. */
  idempotency: IdempotencyRecord | null;
  /** A claimed timer this commit consumes; if it no longer exists under this lease, nothing is written. */
  consumeTimer: { id: string; leaseToken: string } | null;
}

/**
 * The result of {@link Storage.commit}. Only `committed` wrote anything.
 *
 * @example
 * ```ts
 * if (outcome.status === 'conflict') retry();
 * ```
 */
export type CommitOutcome =
  | { status: 'committed' }
  | { status: 'conflict'; currentVersion: number | null }
  | { status: 'duplicate'; record: IdempotencyRecord }
  | { status: 'timer-gone' };

/**
 * Filters for {@link Storage.queryCases}. All given filters must hold. Results are ordered newest first
 * (`createdAt` desc, then `id` desc) and paged with an opaque cursor.
 *
 * @example
 * ```ts
 * const page = await storage.queryCases({ orgUnits: ['comm-1'], state: 'inProgress', limit: 50 });
 * const next = page.nextCursor && (await storage.queryCases({ orgUnits: ['comm-1'], cursor: page.nextCursor, limit: 50 }));
 * ```
 */
export interface CaseQuery {
  flowId?: string;
  /** Matches `state` exactly or as a prefix of a deeper state (`inProgress` matches `inProgress.suspended`). */
  state?: string;
  status?: CaseStatus;
  /** Case must belong to one of these units. */
  orgUnits?: readonly string[];
  assignee?: string;
  requesterId?: string;
  /** Case's `handlingUnits` include this unit (a department's or co-handling unit's worklist). */
  handlingUnit?: string;
  /** With `now`: only active cases whose `dueAt` is before `now`. */
  overdue?: boolean;
  now?: Date;
  createdFrom?: Date;
  /** Exclusive upper bound. */
  createdTo?: Date;
  /** 1 to 1000; adapters default to 50. */
  limit?: number;
  cursor?: string | null;
}

/**
 * A page of results with the cursor for the next one (`null` at the end).
 *
 * @example
 * ```ts
 * let cursor: string | null = null;
 * do { const page = await engine.query({ cursor }); cursor = page.nextCursor; } while (cursor);
 * ```
 */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Arguments for leasing due timers or outbox rows.
 *
 * @example
 * ```ts
 * await storage.claimDueTimers({ now: clock.now(), limit: 100, leaseMs: 30_000, owner: 'engine-a' });
 * ```
 */
export interface ClaimRequest {
  now: Date;
  limit: number;
  leaseMs: number;
  /** Who claims; recorded for diagnosis. */
  owner: string;
}

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
}

/**
 * The storage contract. One call to {@link Storage.commit} is one atomic transaction. Implementations are
 * checked by the conformance suite in `@gridflow/engine/testing`.
 *
 * @example
 * ```ts
 * const engine = createEngine({ storage: memoryStorage(), flows: [myFlow], directory });
 * ```
 */
export interface Storage {
  /** Adapter name, used in `ADAPTER_FAILED` errors. */
  readonly name: string;
  readonly capabilities: StorageCapabilities;
  /** Prepare (connect, migrate if asked). Called once by the engine before first use. */
  init?(): Promise<void>;
  /** Release resources. Called once by the engine on `stop()` if the engine owns the storage. */
  dispose?(): Promise<void>;

  /** Record a flow version; returns the stored record, which differs from the input if `(id, version)` existed. */
  ensureFlowVersion(record: FlowVersionRecord): Promise<FlowVersionRecord>;

  /** Atomically apply a transition; see {@link CommitRequest}. */
  commit(request: CommitRequest): Promise<CommitOutcome>;
  loadCase(caseId: string): Promise<CaseRecord | null>;
  /**
   * Optional: load several cases in one round trip (the timer loop fires claimed timers in batches). Returns
   * the cases found, in any order. Without it the engine calls `loadCase` per case.
   */
  loadCases?(caseIds: readonly string[]): Promise<CaseRecord[]>;
  queryCases(query: CaseQuery): Promise<Page<CaseRecord>>;
  /** Journal rows of a case in `seq` order, optionally after a given `seq`. */
  readJournal(caseId: string, options?: { afterSeq?: number; limit?: number }): Promise<JournalEntry[]>;
  findIdempotencyKey(key: string): Promise<IdempotencyRecord | null>;

  /** Lease due timers (`dueAt <= now`, unleased or lease expired). Two claimers never hold the same timer. */
  claimDueTimers(request: ClaimRequest): Promise<ClaimedTimer[]>;
  /** Delete a claimed timer without a transition (its case is gone or done). False if the lease was lost. */
  dropTimer(timerId: string, leaseToken: string): Promise<boolean>;
  /** Timers of one case, soonest first (`dueAt` asc, then `id`). */
  listTimers(caseId: string): Promise<TimerRecord[]>;
  /** All provisional timers (for re-planning when calendar data arrives). */
  listProvisionalTimers(limit: number): Promise<TimerRecord[]>;
  /** Move a timer (re-planning); also moves the case's `dueAt` when it equalled the old due time. */
  rescheduleTimer(timerId: string, dueAt: Date, provisional: boolean): Promise<void>;
  /** Earliest `dueAt` among timers, or null; lets the timer loop sleep exactly long enough. */
  nextTimerDue(): Promise<Date | null>;

  /** Lease pending outbox rows whose `nextAttemptAt <= now` (unleased or lease expired). Does not change `attempts`. */
  claimOutbox(request: ClaimRequest): Promise<ClaimedOutbox[]>;
  /**
   * Record a delivery attempt's result: `attempts` +1 for every settlement, clear the lease, set `status`,
   * `nextAttemptAt`/`lastError`/`deliveredAt` as given. False (and nothing written) if the lease was lost.
   */
  settleOutbox(id: string, leaseToken: string, settlement: OutboxSettlement): Promise<boolean>;
  /** Outbox rows, oldest first (`createdAt` asc, then `id`), filtered by status and case. */
  listOutbox(query: {
    status?: OutboxStatus;
    caseId?: string;
    limit?: number;
    cursor?: string | null;
  }): Promise<Page<OutboxRecord>>;
  /** Put a dead row back to pending with attempts reset. False if it is not dead. */
  retryOutbox(id: string, now: Date): Promise<boolean>;

  /** Subscribe to wake-ups (only when `capabilities.wakeups`). Returns an unsubscribe function. */
  onWake?(listener: (channel: 'timers' | 'outbox') => void): () => void;
}
