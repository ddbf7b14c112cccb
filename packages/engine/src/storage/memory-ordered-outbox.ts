import { claimableAt, type MemoryState, type StoredOutbox, wake } from './memory-state.js';

/**
 * Queue a newly stored row behind the unfinished rows of its ordering key. Returns whether it must wait
 * (held): a pending row with an unfinished row before it. Unordered and finished rows are not queued.
 *
 * @example
 * ```ts
 * stored.held = enqueueOrdered(state, stored);
 * ```
 */
export function enqueueOrdered(state: MemoryState, row: StoredOutbox): boolean {
  if (row.orderingKey === null || !isUnfinished(row)) return false;
  let queue = state.orderingKeys.get(row.orderingKey);
  if (!queue) {
    queue = [];
    state.orderingKeys.set(row.orderingKey, queue);
  }
  queue.push(row.id);
  return row.status === 'pending' && queue.length > 1;
}

/**
 * Whether a row is behind an earlier unfinished row of its key (a retried dead row that was not first).
 *
 * @example
 * ```ts
 * row.held = isBehind(state, row);
 * ```
 */
export function isBehind(state: MemoryState, row: StoredOutbox): boolean {
  if (row.orderingKey === null) return false;
  const queue = state.orderingKeys.get(row.orderingKey);
  return queue !== undefined && queue[0] !== row.id;
}

/**
 * Take a row that is finished (delivered, discarded) or replaced out of its key's queue; when it was first,
 * the next row of the key stops being held and is claimable from its own `nextAttemptAt`.
 *
 * @example
 * ```ts
 * row.status = 'delivered';
 * dequeueOrdered(state, row);
 * ```
 */
export function dequeueOrdered(state: MemoryState, row: StoredOutbox): void {
  if (row.orderingKey === null) return;
  const queue = state.orderingKeys.get(row.orderingKey);
  const at = queue?.indexOf(row.id) ?? -1;
  if (!queue || at < 0) return;
  queue.splice(at, 1);
  if (queue.length === 0) {
    state.orderingKeys.delete(row.orderingKey);
    return;
  }
  if (at > 0) return;
  const next = state.outbox.get(queue[0]!)!;
  if (!next.held) return;
  next.held = false;
  next.gen = state.nextGen++;
  state.claimableOutbox.push({ at: claimableAt(next.nextAttemptAt, next), id: next.id, gen: next.gen });
  wake(state, 'outbox');
}

/**
 * How many unfinished rows of its key a row holds back (0 when it is unordered or finished).
 *
 * @example
 * ```ts
 * countHeldBack(state, ['c-1:3:0']).get('c-1:3:0'); // 2
 * ```
 */
export function countHeldBack(state: MemoryState, ids: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of ids) {
    const row = state.outbox.get(id);
    const queue = row?.orderingKey != null ? state.orderingKeys.get(row.orderingKey) : undefined;
    const at = queue?.indexOf(id) ?? -1;
    counts.set(id, queue && at >= 0 ? queue.length - 1 - at : 0);
  }
  return counts;
}

function isUnfinished(row: StoredOutbox): boolean {
  return row.status === 'pending' || row.status === 'dead';
}
