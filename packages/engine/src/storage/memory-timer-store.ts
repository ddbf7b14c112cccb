import type { MemoryState } from './memory-state.js';
import {
  claimDueTimers,
  compactTimerHeaps,
  deleteTimer,
  rescheduleTimer,
  sortedTimers,
} from './memory-timers.js';
import type { TimerStore } from './storage.js';

/**
 * The {@link TimerStore} part of {@link memoryStorage}: timers sit in heaps, so claiming costs nothing when
 * nothing is due.
 *
 * @example
 * ```ts
 * const timers = memoryTimerStore(createMemoryState());
 * ```
 */
export function memoryTimerStore(state: MemoryState): TimerStore {
  return {
    async claimDueTimers(request) {
      return claimDueTimers(state, request);
    },

    async dropTimer(timerId, leaseToken) {
      const timer = state.timers.get(timerId);
      if (!timer || timer.leaseToken === null || timer.leaseToken !== leaseToken) return false;
      deleteTimer(state, timerId);
      compactTimerHeaps(state);
      return true;
    },

    async listTimers(caseId) {
      const ids = state.timerKeys.get(caseId)?.values() ?? [];
      return sortedTimers([...ids].map((id) => state.timers.get(id)!));
    },

    async listProvisionalTimers(limit) {
      return sortedTimers([...state.provisionalTimers].map((id) => state.timers.get(id)!)).slice(0, limit);
    },

    async rescheduleTimer(timerId, dueAt, provisional) {
      rescheduleTimer(state, timerId, dueAt, provisional);
    },

    async nextTimerDue() {
      const entry = state.dueTimers.peek();
      return entry ? new Date(entry.at) : null;
    },
  };
}
