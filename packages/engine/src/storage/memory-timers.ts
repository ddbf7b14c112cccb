import { randomUUID } from 'node:crypto';
import { cloneValue } from './memory-clone.js';
import { claimableAt, type MemoryState, type StoredTimer, wake } from './memory-state.js';
import type { ClaimedTimer, ClaimRequest, TimerRecord } from './storage.js';

/**
 * Store a timer (already copied), replacing any timer of its case under the same key.
 *
 * @example
 * ```ts
 * insertTimer(state, cloneValue(timer));
 * ```
 */
export function insertTimer(state: MemoryState, timer: TimerRecord): void {
  const keys = state.timerKeys.get(timer.caseId) ?? new Map<string, string>();
  state.timerKeys.set(timer.caseId, keys);
  const replaced = keys.get(timer.key);
  if (replaced !== undefined) deleteTimer(state, replaced);
  if (state.timers.has(timer.id)) deleteTimer(state, timer.id);
  const gen = state.nextGen++;
  const stored: StoredTimer = { ...timer, leaseToken: null, leaseUntil: null, owner: null, gen, dueGen: gen };
  state.timers.set(stored.id, stored);
  keys.set(stored.key, stored.id);
  if (stored.provisional) state.provisionalTimers.add(stored.id);
  state.claimableTimers.push({ at: stored.dueAt.getTime(), id: stored.id, gen });
  state.dueTimers.push({ at: stored.dueAt.getTime(), id: stored.id, gen });
}

/**
 * Delete a timer by id; its heap entries go stale.
 *
 * @example
 * ```ts
 * deleteTimer(state, 't-1');
 * ```
 */
export function deleteTimer(state: MemoryState, timerId: string): void {
  const timer = state.timers.get(timerId);
  if (!timer) return;
  state.timers.delete(timerId);
  state.provisionalTimers.delete(timerId);
  const keys = state.timerKeys.get(timer.caseId);
  if (keys?.get(timer.key) === timerId) {
    keys.delete(timer.key);
    if (keys.size === 0) state.timerKeys.delete(timer.caseId);
  }
}

/**
 * Delete the timer of a case under a key, if any.
 *
 * @example
 * ```ts
 * cancelTimerKey(state, 'c-1', 'xstate.after.sla');
 * ```
 */
export function cancelTimerKey(state: MemoryState, caseId: string, key: string): void {
  const timerId = state.timerKeys.get(caseId)?.get(key);
  if (timerId !== undefined) deleteTimer(state, timerId);
}

/**
 * Lease due timers, earliest first. Claims happen synchronously, so two claimers can never interleave.
 *
 * @example
 * ```ts
 * const claimed = claimDueTimers(state, { now, limit: 100, leaseMs: 30_000, owner: 'engine-a' });
 * ```
 */
export function claimDueTimers(state: MemoryState, request: ClaimRequest): ClaimedTimer[] {
  const now = request.now.getTime();
  const claimed: ClaimedTimer[] = [];
  while (claimed.length < request.limit) {
    const entry = state.claimableTimers.peek();
    if (!entry || entry.at > now) break;
    state.claimableTimers.pop();
    const timer = state.timers.get(entry.id)!;
    timer.leaseToken = randomUUID();
    timer.leaseUntil = new Date(now + request.leaseMs);
    timer.owner = request.owner;
    timer.gen = state.nextGen++;
    state.claimableTimers.push({ at: claimableAt(timer.dueAt, timer), id: timer.id, gen: timer.gen });
    claimed.push({
      ...publicTimer(timer),
      leaseToken: timer.leaseToken,
      leaseUntil: new Date(timer.leaseUntil),
    });
  }
  return claimed;
}

/**
 * Move a timer; move its case's `dueAt` along when it pointed at the old due time.
 *
 * @example
 * ```ts
 * rescheduleTimer(state, 't-1', new Date('2027-01-05T01:00:00Z'), false);
 * ```
 */
export function rescheduleTimer(
  state: MemoryState,
  timerId: string,
  dueAt: Date,
  provisional: boolean,
): void {
  const timer = state.timers.get(timerId);
  if (!timer) return;
  const record = state.cases.get(timer.caseId);
  if (record?.dueAt && record.dueAt.getTime() === timer.dueAt.getTime()) {
    state.cases.set(record.id, { ...record, dueAt: new Date(dueAt) });
  }
  const earlier = dueAt.getTime() < timer.dueAt.getTime();
  timer.dueAt = new Date(dueAt);
  timer.provisional = provisional;
  if (provisional) state.provisionalTimers.add(timerId);
  else state.provisionalTimers.delete(timerId);
  timer.gen = state.nextGen++;
  timer.dueGen = timer.gen;
  state.claimableTimers.push({ at: claimableAt(timer.dueAt, timer), id: timerId, gen: timer.gen });
  state.dueTimers.push({ at: timer.dueAt.getTime(), id: timerId, gen: timer.dueGen });
  if (earlier) wake(state, 'timers');
}

/**
 * Timers sorted soonest first (`dueAt`, then `id`), copied and without their lease.
 *
 * @example
 * ```ts
 * const timers = sortedTimers([...state.timers.values()]);
 * ```
 */
export function sortedTimers(timers: Iterable<StoredTimer>): TimerRecord[] {
  return [...timers]
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || compareIds(a.id, b.id))
    .map(publicTimer);
}

/**
 * Drop stale heap entries once they outnumber live timers, so cancelled timers do not pile up forever.
 *
 * @example
 * ```ts
 * compactTimerHeaps(state);
 * ```
 */
export function compactTimerHeaps(state: MemoryState): void {
  const live = state.timers.size;
  if (state.claimableTimers.size > 2 * live + 1024) {
    state.claimableTimers.rebuild(
      [...state.timers.values()].map((t) => ({ at: claimableAt(t.dueAt, t), id: t.id, gen: t.gen })),
    );
  }
  if (state.dueTimers.size > 2 * live + 1024) {
    state.dueTimers.rebuild(
      [...state.timers.values()].map((t) => ({ at: t.dueAt.getTime(), id: t.id, gen: t.dueGen })),
    );
  }
}

/**
 * A copy of a stored timer as the contract's {@link TimerRecord}.
 *
 * @example
 * ```ts
 * const record = publicTimer(state.timers.get('t-1')!);
 * ```
 */
export function publicTimer(timer: StoredTimer): TimerRecord {
  return {
    id: timer.id,
    caseId: timer.caseId,
    key: timer.key,
    event: cloneValue(timer.event),
    dueAt: new Date(timer.dueAt),
    provisional: timer.provisional,
    plan: cloneValue(timer.plan),
  };
}

/**
 * Code-unit order, the same as `COLLATE "C"` in SQL, so every adapter can agree on tie-breaks.
 *
 * @example
 * ```ts
 * ids.sort(compareIds);
 * ```
 */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
