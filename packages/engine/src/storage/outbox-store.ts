import type { Page } from './case-store.js';
import type { ClaimRequest } from './timer-store.js';

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
 * The outbox part of the storage contract: effects committed with their transition, leased to a dispatcher, settled as delivered, retried or dead.
 *
 * @example
 * ```ts
 * const rows = await storage.claimOutbox({ now, limit: 20, leaseMs: 30_000, owner: 'engine-a' });
 * ```
 */
export interface OutboxStore {
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
}
