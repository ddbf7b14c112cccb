import type { Actor } from '../types.js';
import type { StoredCaseFacts } from './case-facts-store.js';
import type { TimerRecord } from './timer-store.js';
import type { OutboxRecord } from './outbox-store.js';

/**
 * How far `countCases` counts.
 *
 * @example
 * ```ts
 * const shown = await storage.countCases?.({ orgUnits: ['district'] }, { upTo: 1001 });
 * ```
 */
export interface CountOptions {
  /** Stop at this many matching cases (a positive integer); the answer never exceeds it. */
  upTo?: number;
}

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
  /** Case id. */
  id: string;
  /** Id of the case's flow. */
  flowId: string;
  /** Version of the flow the case runs on. */
  flowVersion: number;
  /** Dotted path of the active leaf state (`inProgress.suspended`); parallel leaves joined by `,`. */
  state: string;
  /** `active`, or `done` once a final state is reached. */
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
  /** When the case was created. */
  createdAt: Date;
  /** When the case last changed. */
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
  /** The case. */
  caseId: string;
  /** Equals the case version this entry produced; 1 for creation. Gapless per case. */
  seq: number;
  /** Event type; `gridflow.create` for creation, `gridflow.migrate` for a migration. */
  type: string;
  /** The event as given to XState (including `meta`), or `{ input }` for creation. */
  event: Record<string, unknown>;
  /** Who sent the event (the engine's system actor for timers). */
  actor: Actor;
  /** Flow version the event ran on. */
  flowVersion: number;
  /** State before; null for creation. */
  fromState: string | null;
  /** State after. */
  toState: string;
  /** When it was committed. */
  at: Date;
  /** What caused it: a timer id, an outbox row id, or the caller's correlation id. */
  causationId: string | null;
  /** The caller's idempotency key, if one was given. */
  idempotencyKey: string | null;
}

/**
 * The stored answer to an idempotency key: the request fingerprint and the result returned the first time.
 *
 * @example
 * ```ts
 * const seen = await storage.findIdempotencyKey('hotline:GD2026-0001');
 * ```
 */
export interface IdempotencyRecord {
  /** The idempotency key. */
  key: string;
  /** The case the first request produced or changed. */
  caseId: string;
  /** Hash of the request; a different request under the same key is `IDEMPOTENCY_KEY_REUSED`. */
  fingerprint: string;
  /** The case version the first request produced. */
  version: number;
  /** When the key was first used. */
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
  /** Flow id. */
  flowId: string;
  /** Flow version. */
  version: number;
  /** Content hash of that version; a different hash under the same version is `FLOW_CONFLICT`. */
  hash: string;
}

/**
 * Everything one transition writes, committed atomically by {@link CaseStore.commit}.
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
  /** Outbox rows the transition produced. */
  outbox: OutboxRecord[];
  /** Idempotency key to record; if the key already exists the commit writes nothing. */
  idempotency: IdempotencyRecord | null;
  /** A claimed timer this commit consumes; if it no longer exists under this lease, nothing is written. */
  consumeTimer: { id: string; leaseToken: string } | null;
  /**
   * The case's metric facts after this commit, for a storage with `capabilities.caseFacts`: stored in the same
   * transaction, only if the commit writes. The engine fills it in; other storages ignore it.
   */
  facts?: StoredCaseFacts;
  /**
   * The intake's quarantine row this commit resolves, for a storage with `capabilities.resolvesQuarantine`: if
   * the commit writes and the row of `(source, externalId)` is open, it becomes `resolved` with this case's id
   * and `updatedAt` = `at`, in the same transaction, and the outcome names it. The engine fills it in for an
   * ingested record; other storages ignore it.
   */
  resolveQuarantine?: QuarantineResolution;
}

/**
 * Which quarantine row a commit resolves, and when; see {@link CommitRequest.resolveQuarantine}.
 *
 * @example
 * ```ts
 * const resolution: QuarantineResolution = { source: 'hotline', externalId: 'GD-1', at: new Date() };
 * ```
 */
export interface QuarantineResolution {
  /** The intake source the record came in through. */
  source: string;
  /** The record's outside id. */
  externalId: string;
  /** The row's `updatedAt` once resolved. */
  at: Date;
}

/**
 * The result of {@link CaseStore.commit}. Only `committed` wrote anything.
 *
 * @example
 * ```ts
 * if (outcome.status === 'conflict') retry();
 * ```
 */
export type CommitOutcome =
  | {
      status: 'committed';
      /** The quarantine row the commit resolved (see {@link CommitRequest.resolveQuarantine}), if any. */
      resolvedQuarantineId?: string;
    }
  | { status: 'conflict'; currentVersion: number | null }
  | { status: 'duplicate'; record: IdempotencyRecord }
  | { status: 'timer-gone' };

/**
 * Filters for {@link CaseStore.queryCases}. All given filters must hold. Results are ordered newest first
 * (`createdAt` desc, then `id` desc) and paged with an opaque cursor.
 *
 * @example
 * ```ts
 * const page = await storage.queryCases({ orgUnits: ['comm-1'], state: 'inProgress', limit: 50 });
 * const next = page.nextCursor && (await storage.queryCases({ orgUnits: ['comm-1'], cursor: page.nextCursor, limit: 50 }));
 * ```
 */
export interface CaseQuery {
  /** Only cases of this flow id. */
  flowId?: string;
  /** Only cases of one of these flow ids (`[]` matches nothing): the flows a reader's roles may read. */
  flowIds?: readonly string[];
  /** Matches `state` exactly or as a prefix of a deeper state (`inProgress` matches `inProgress.suspended`). */
  state?: string;
  /** Only cases with this status. */
  status?: CaseStatus;
  /** Case must belong to one of these units. */
  orgUnits?: readonly string[];
  /** Only cases assigned to this member. */
  assignee?: string;
  /** Only cases of this requester. */
  requesterId?: string;
  /** Case's `handlingUnits` include this unit (a department's or co-handling unit's worklist). */
  handlingUnit?: string;
  /** Only cases of this category, read from the snapshot as `caseCategory` reads it. */
  category?: string;
  /**
   * With `now`: only open cases past their handling deadline (超期未办结): the running `dueAt` is before `now`,
   * or, in a storage that keeps case facts, a breach was recorded (`overdueAt`). The set `engine.metrics`
   * counts as open and overdue at `now`.
   */
  overdue?: boolean;
  /** The time `overdue` is judged at. */
  now?: Date;
  /** Only cases created at or after this time. */
  createdFrom?: Date;
  /** Exclusive upper bound. */
  createdTo?: Date;
  /** 1 to 1000; adapters default to 50. */
  limit?: number;
  /** `nextCursor` of the previous page; omit for the first. */
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
  /** This page's items. */
  items: T[];
  /** Cursor of the next page, or null on the last. */
  nextCursor: string | null;
}

/**
 * The case part of the storage contract: flow versions, the atomic commit of a transition, case reads and queries, the journal and idempotency keys.
 *
 * @example
 * ```ts
 * const outcome = await storage.commit(request);
 * const record = await storage.loadCase('c-1');
 * ```
 */
export interface CaseStore {
  /** Record a flow version; returns the stored record, which differs from the input if `(id, version)` existed. */
  ensureFlowVersion(record: FlowVersionRecord): Promise<FlowVersionRecord>;

  /** Atomically apply a transition; see {@link CommitRequest}. */
  commit(request: CommitRequest): Promise<CommitOutcome>;
  /** The case, or null when there is none. */
  loadCase(caseId: string): Promise<CaseRecord | null>;
  /**
   * Optional: load several cases in one round trip (the timer loop fires claimed timers in batches). Returns
   * the cases found, in any order. Without it the engine calls `loadCase` per case.
   */
  loadCases?(caseIds: readonly string[]): Promise<CaseRecord[]>;
  /** Cases matching the query, a page at a time. */
  queryCases(query: CaseQuery): Promise<Page<CaseRecord>>;
  /**
   * Optional: how many cases match a query's filters (cursor and limit ignored), for a worklist's total. With
   * `upTo`, stop counting there: the answer is `min(matching, upTo)`, so a large subtree costs `upTo` rows.
   */
  countCases?(query: CaseQuery, options?: CountOptions): Promise<number>;
  /** Journal rows of a case in `seq` order, optionally after a given `seq`. */
  readJournal(caseId: string, options?: { afterSeq?: number; limit?: number }): Promise<JournalEntry[]>;
  /** The stored answer to an idempotency key, or null. */
  findIdempotencyKey(key: string): Promise<IdempotencyRecord | null>;
}
