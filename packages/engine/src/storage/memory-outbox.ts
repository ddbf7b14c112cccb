import { randomUUID } from 'node:crypto';
import { validationError } from '../errors.js';
import { cloneValue } from './memory-clone.js';
import { dequeueOrdered, enqueueOrdered, isBehind } from './memory-ordered-outbox.js';
import { claimableAt, type MemoryState, type StoredOutbox, wake } from './memory-state.js';
import { compareIds } from './memory-timers.js';
import { decodeCursor, encodeCursor, pageLimit } from './page-cursor.js';
import type {
  ClaimedOutbox,
  ClaimRequest,
  OutboxRecord,
  OutboxSettlement,
  OutboxStatus,
  Page,
} from './storage.js';

/**
 * Store an outbox row (already copied) as given by a commit; an ordered row queues behind its key.
 *
 * @example
 * ```ts
 * insertOutbox(state, cloneValue(row));
 * ```
 */
export function insertOutbox(state: MemoryState, row: OutboxRecord): void {
  const stored: StoredOutbox = {
    ...row,
    orderingKey: row.orderingKey ?? null,
    leaseToken: null,
    leaseUntil: null,
    owner: null,
    gen: state.nextGen++,
    held: false,
  };
  const replaced = state.outbox.get(row.id);
  if (replaced) dequeueOrdered(state, replaced);
  else {
    const ids = state.caseOutbox.get(row.caseId) ?? [];
    ids.push(row.id);
    state.caseOutbox.set(row.caseId, ids);
  }
  state.outbox.set(row.id, stored);
  stored.held = enqueueOrdered(state, stored);
  if (stored.status === 'pending') {
    state.pendingOutbox.add(row.id);
    if (!stored.held) {
      state.claimableOutbox.push({ at: stored.nextAttemptAt.getTime(), id: row.id, gen: stored.gen });
    }
  } else {
    state.pendingOutbox.delete(row.id);
  }
}

/**
 * Add a row outside a commit unless its id is taken (then nothing changes and the answer is false); a new
 * pending row wakes the dispatchers.
 *
 * @example
 * ```ts
 * enqueueOutbox(state, { ...row, id: 'effect:abc', status: 'pending', orderingKey: null });
 * ```
 */
export function enqueueOutbox(state: MemoryState, record: OutboxRecord): boolean {
  if (record.orderingKey != null) {
    throw validationError('record.orderingKey', 'must be null: enqueueOutbox takes unordered rows only');
  }
  if (state.outbox.has(record.id)) return false;
  const row = cloneValue(record);
  insertOutbox(state, { ...row, orderingKey: null });
  if (row.status === 'pending') wake(state, 'outbox');
  return true;
}

/**
 * Lease pending rows that are due, earliest first; held rows are not in the heap, so an ordering key has at
 * most its first row out. `attempts` is left alone; settling counts the attempt.
 *
 * @example
 * ```ts
 * const rows = claimOutbox(state, { now, limit: 20, leaseMs: 30_000, owner: 'engine-a' });
 * ```
 */
export function claimOutbox(state: MemoryState, request: ClaimRequest): ClaimedOutbox[] {
  const now = request.now.getTime();
  const claimed: ClaimedOutbox[] = [];
  while (claimed.length < request.limit) {
    const entry = state.claimableOutbox.peek();
    if (!entry || entry.at > now) break;
    state.claimableOutbox.pop();
    const row = state.outbox.get(entry.id)!;
    row.leaseToken = randomUUID();
    row.leaseUntil = new Date(now + request.leaseMs);
    row.owner = request.owner;
    row.gen = state.nextGen++;
    state.claimableOutbox.push({ at: claimableAt(row.nextAttemptAt, row), id: row.id, gen: row.gen });
    claimed.push({ ...publicOutbox(row), leaseToken: row.leaseToken, leaseUntil: new Date(row.leaseUntil) });
  }
  compactOutboxHeap(state);
  return claimed;
}

/**
 * Record a delivery attempt under a lease; false when the lease is not (or no longer) the caller's.
 *
 * @example
 * ```ts
 * settleOutbox(state, row.id, row.leaseToken, { status: 'delivered', at: now });
 * ```
 */
export function settleOutbox(
  state: MemoryState,
  id: string,
  leaseToken: string,
  settlement: OutboxSettlement,
): boolean {
  const row = state.outbox.get(id);
  if (row?.status !== 'pending' || row.leaseToken === null || row.leaseToken !== leaseToken) return false;
  if (settlement.status !== 'retry' || !settlement.deferred) row.attempts += 1;
  row.leaseToken = null;
  row.leaseUntil = null;
  row.owner = null;
  row.gen = state.nextGen++;
  if (settlement.status === 'delivered') {
    row.status = 'delivered';
    row.deliveredAt = new Date(settlement.at);
    state.pendingOutbox.delete(id);
    dequeueOrdered(state, row);
  } else if (settlement.status === 'dead') {
    row.status = 'dead';
    row.lastError = settlement.error;
    state.pendingOutbox.delete(id);
  } else {
    row.nextAttemptAt = new Date(settlement.nextAttemptAt);
    row.lastError = settlement.error;
    state.claimableOutbox.push({ at: row.nextAttemptAt.getTime(), id, gen: row.gen });
  }
  return true;
}

/**
 * Put a dead row back to pending, due at `now`, with `attempts` reset (held if its key has an earlier
 * unfinished row).
 *
 * @example
 * ```ts
 * retryOutbox(state, 'c-1:3:0', new Date());
 * ```
 */
export function retryOutbox(state: MemoryState, id: string, now: Date): boolean {
  const row = state.outbox.get(id);
  if (row?.status !== 'dead') return false;
  row.status = 'pending';
  row.attempts = 0;
  row.nextAttemptAt = new Date(now);
  row.gen = state.nextGen++;
  row.held = isBehind(state, row);
  state.pendingOutbox.add(id);
  if (row.held) return true;
  state.claimableOutbox.push({ at: row.nextAttemptAt.getTime(), id, gen: row.gen });
  wake(state, 'outbox');
  return true;
}

/**
 * Mark a dead row discarded (kept, never attempted again) and let the rows of its key that it held back go on.
 *
 * @example
 * ```ts
 * discardOutbox(state, 'c-1:3:0');
 * ```
 */
export function discardOutbox(state: MemoryState, id: string): boolean {
  const row = state.outbox.get(id);
  if (row?.status !== 'dead') return false;
  row.status = 'discarded';
  row.gen = state.nextGen++;
  dequeueOrdered(state, row);
  return true;
}

/**
 * Outbox rows oldest first (`createdAt` asc, then `id`), filtered, one page at a time.
 *
 * @example
 * ```ts
 * const page = listOutbox(state, { status: 'dead', limit: 20 });
 * ```
 */
export function listOutbox(
  state: MemoryState,
  query: { status?: OutboxStatus; caseId?: string; limit?: number; cursor?: string | null },
): Page<OutboxRecord> {
  const limit = pageLimit(query.limit);
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  let ids: Iterable<string>;
  if (query.caseId !== undefined) ids = state.caseOutbox.get(query.caseId) ?? [];
  else if (query.status === 'pending') ids = state.pendingOutbox;
  else ids = state.outbox.keys();
  const rows: StoredOutbox[] = [];
  for (const id of ids) {
    const row = state.outbox.get(id)!;
    if (query.status !== undefined && row.status !== query.status) continue;
    if (after) {
      const t = row.createdAt.getTime();
      if (t < after.at || (t === after.at && row.id <= after.id)) continue;
    }
    rows.push(row);
  }
  rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || compareIds(a.id, b.id));
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map(publicOutbox),
    nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

/**
 * A copy of a stored row as the contract's {@link OutboxRecord}.
 *
 * @example
 * ```ts
 * const record = publicOutbox(state.outbox.get('c-1:3:0')!);
 * ```
 */
export function publicOutbox(row: StoredOutbox): OutboxRecord {
  return {
    id: row.id,
    caseId: row.caseId,
    type: row.type,
    payload: cloneValue(row.payload),
    idempotencyKey: row.idempotencyKey,
    orderingKey: row.orderingKey,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: new Date(row.nextAttemptAt),
    lastError: row.lastError,
    createdAt: new Date(row.createdAt),
    deliveredAt: row.deliveredAt ? new Date(row.deliveredAt) : null,
  };
}

function compactOutboxHeap(state: MemoryState): void {
  if (state.claimableOutbox.size <= 2 * state.pendingOutbox.size + 1024) return;
  state.claimableOutbox.rebuild(
    [...state.pendingOutbox].flatMap((id) => {
      const row = state.outbox.get(id)!;
      return row.held ? [] : [{ at: claimableAt(row.nextAttemptAt, row), id, gen: row.gen }];
    }),
  );
}
