import type { Page } from './case-store.js';
import type { ClaimRequest } from './timer-store.js';

/**
 * Delivery state of an outbox row. `pending` rows wait for an attempt (due or not, leased or not, or held back
 * behind an earlier row of their ordering key); `dead` rows wait for an operator; `delivered` and `discarded`
 * rows are finished and kept for audit.
 *
 * @example
 * ```ts
 * const dead = await storage.listOutbox({ status: 'dead', limit: 20 });
 * ```
 */
export type OutboxStatus = 'pending' | 'delivered' | 'dead' | 'discarded';

/**
 * One effect to deliver after a commit (a notification, a hotline write-back, an emitted event...).
 *
 * @example
 * ```ts
 * const row: OutboxRecord = { id: 'c-1:3:0', caseId: 'c-1', type: 'notify', payload: { to: 'u-1' },
 *   idempotencyKey: 'c-1:3:0', orderingKey: null, status: 'pending', attempts: 0, nextAttemptAt: new Date(),
 *   lastError: null, createdAt: new Date(), deliveredAt: null };
 * ```
 */
export interface OutboxRecord {
  /** Outbox row id. */
  id: string;
  /** The case whose transition produced it. */
  caseId: string;
  /** Effect type: a declared effect action name, or the type of an emitted event. */
  type: string;
  /** The effect's params or the emitted event, JSON. */
  payload: unknown;
  /** Stable across retries and processes: handlers use it to deduplicate. */
  idempotencyKey: string;
  /**
   * Rows with the same ordering key are delivered one after another in commit order (see
   * {@link OutboxStore.claimOutbox}); `null` for an unordered row, delivered in parallel with everything else.
   */
  orderingKey: string | null;
  /** `pending`, `delivered`, `dead` or `discarded`. */
  status: OutboxStatus;
  /** Attempts that counted toward `maxAttempts`; an attempt deferred by a retry-after is not counted. */
  attempts: number;
  /** When it may be attempted next. */
  nextAttemptAt: Date;
  /** The last failure's message, if any. */
  lastError: string | null;
  /** When it was committed. */
  createdAt: Date;
  /** When it was delivered, or null. */
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
  /** Proves the claim when settling; a lost lease settles nothing. */
  leaseToken: string;
  /** When the claim lapses and another process may take the row. */
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
  | {
      status: 'retry';
      nextAttemptAt: Date;
      error: string;
      /**
       * The receiver asked to wait (a rate limit's retry-after): the attempt is not counted, `attempts` stays as
       * it was. Default false.
       */
      deferred?: boolean;
    }
  | { status: 'dead'; error: string };

/**
 * The outbox part of the storage contract: effects committed with their transition, leased to a dispatcher,
 * settled as delivered, retried or dead, and a dead row retried or discarded by an operator.
 *
 * Ordered rows: among rows with the same `orderingKey`, "earlier" means committed earlier (rows of one commit
 * in their order in {@link CommitRequest.outbox}). An adapter must keep that order across cases and
 * processes, e.g. with a sequence taken while no other commit can add rows of that key.
 *
 * @example
 * ```ts
 * const rows = await storage.claimOutbox({ now, limit: 20, leaseMs: 30_000, owner: 'engine-a' });
 * ```
 */
export interface OutboxStore {
  /**
   * Lease pending outbox rows whose `nextAttemptAt <= now` (unleased or lease expired). Does not change
   * `attempts`. Never leases a row while an earlier row with the same ordering key is unfinished (`pending`,
   * due or not, leased or not, or `dead`): a key has at most one row out at a time, and a dead row holds the
   * rest of its key back until it is retried and delivered, or discarded.
   */
  claimOutbox(request: ClaimRequest): Promise<ClaimedOutbox[]>;
  /**
   * Record a delivery attempt's result: `attempts` +1 (unless a `retry` is `deferred`), clear the lease, set
   * `status`, `nextAttemptAt`/`lastError`/`deliveredAt` as given. False (and nothing written) if the lease was
   * lost.
   */
  settleOutbox(id: string, leaseToken: string, settlement: OutboxSettlement): Promise<boolean>;
  /** Outbox rows, oldest first (`createdAt` asc, then `id`), filtered by status and case. */
  listOutbox(query: {
    status?: OutboxStatus;
    caseId?: string;
    limit?: number;
    cursor?: string | null;
  }): Promise<Page<OutboxRecord>>;
  /**
   * Put a dead row back to pending with attempts reset, due at `now` (still behind any earlier unfinished row
   * of its key). False if it is not dead.
   */
  retryOutbox(id: string, now: Date): Promise<boolean>;
  /**
   * Give up on a dead row: status `discarded`, kept for audit, never attempted again; the rows of its ordering
   * key that it held back go on. False if it is not dead.
   */
  discardOutbox(id: string): Promise<boolean>;
  /**
   * Add one unordered row outside a transition (an effect an adapter records for later delivery, such as a card
   * update after a callback): stored as given, claimable from its `nextAttemptAt`, and it wakes outbox
   * listeners. Idempotent on `id`: when a row with that id exists (whatever its status) nothing is written and
   * the answer is false; true when the row was added, also when two processes race. Unordered rows only: a
   * record with an `orderingKey` is refused (`VALIDATION_FAILED`). The engine's `enqueueEffect` passes
   * `status: 'pending'`, `attempts: 0`, `orderingKey: null`.
   */
  enqueueOutbox(record: OutboxRecord): Promise<boolean>;
  /**
   * For each given row id: how many unfinished rows of the same ordering key it holds back (committed after
   * it while it is unfinished). 0 for unordered, finished or unknown rows. The dead-letter listing shows it.
   */
  countHeldBack(ids: readonly string[]): Promise<Map<string, number>>;
}
