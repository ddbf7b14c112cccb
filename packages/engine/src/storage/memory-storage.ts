import { z } from 'zod';
import { validationError } from '../errors.js';
import { cloneValue } from './memory-clone.js';
import { commitToMemory } from './memory-commit.js';
import { claimOutboxRows, listOutboxRows, retryDeadOutbox, settleOutboxRow } from './memory-outbox.js';
import { queryMemoryCases } from './memory-query.js';
import { createMemoryState, MEMORY_STATE } from './memory-state.js';
import {
  claimTimers,
  compactTimerHeaps,
  deleteTimer,
  rescheduleStoredTimer,
  sortedTimers,
} from './memory-timers.js';
import type { CaseRecord, JournalEntry, Storage } from './storage.js';

const MemoryStorageOptionsSchema = z.object({
  name: z.string().min(1).optional(),
});

/**
 * Options of {@link memoryStorage}.
 *
 * @example
 * ```ts
 * const storage = memoryStorage({ name: 'memory-a' });
 * ```
 */
export interface MemoryStorageOptions {
  /** Shown in `ADAPTER_FAILED` errors; default `memory`. */
  name?: string;
}

/**
 * A {@link Storage} that keeps everything in this process's memory (内存存储): for tests, demos and
 * single-process tools. Commits are atomic, values are copied in and out, and timers and outbox rows sit in
 * heaps so that claiming costs nothing when nothing is due. Several engines in one process may share one
 * instance. Capabilities: `wakeups` (in-process listeners), not `multiProcess`, not `durable`.
 *
 * @example
 * ```ts
 * import { createEngine, memoryStorage } from '@gridflow/engine';
 * const engine = createEngine({ storage: memoryStorage(), flows: [workOrderFlow], directory });
 * ```
 */
export function memoryStorage(options: MemoryStorageOptions = {}): Storage {
  const parsed = MemoryStorageOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw validationError(['options', ...issue.path].join('.'), issue.message);
  }
  const state = createMemoryState();
  const storage: Storage = {
    name: parsed.data.name ?? 'memory',
    capabilities: { wakeups: true, multiProcess: false, durable: false },

    async ensureFlowVersion(record) {
      const id = `${record.flowId}@${record.version}`;
      const existing = state.flowVersions.get(id);
      if (existing) return { ...existing };
      state.flowVersions.set(id, { ...record });
      return { ...record };
    },

    async commit(request) {
      return commitToMemory(state, request);
    },

    async loadCase(caseId) {
      const record = state.cases.get(caseId);
      return record ? cloneValue(record) : null;
    },

    async loadCases(caseIds) {
      const found: CaseRecord[] = [];
      for (const id of new Set(caseIds)) {
        const record = state.cases.get(id);
        if (record) found.push(cloneValue(record));
      }
      return found;
    },

    async queryCases(query) {
      return queryMemoryCases(state, query);
    },

    async readJournal(caseId, options = {}) {
      const entries = state.journals.get(caseId) ?? [];
      const start = options.afterSeq === undefined ? 0 : firstAfter(entries, options.afterSeq);
      const end = options.limit === undefined ? entries.length : start + Math.max(0, options.limit);
      return entries.slice(start, end).map(cloneValue);
    },

    async findIdempotencyKey(key) {
      const record = state.idempotency.get(key);
      return record ? cloneValue(record) : null;
    },

    async claimDueTimers(request) {
      return claimTimers(state, request);
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
      rescheduleStoredTimer(state, timerId, dueAt, provisional);
    },

    async nextTimerDue() {
      const entry = state.dueTimers.peek();
      return entry ? new Date(entry.at) : null;
    },

    async claimOutbox(request) {
      return claimOutboxRows(state, request);
    },

    async settleOutbox(id, leaseToken, settlement) {
      return settleOutboxRow(state, id, leaseToken, settlement);
    },

    async listOutbox(query) {
      return listOutboxRows(state, query);
    },

    async retryOutbox(id, now) {
      return retryDeadOutbox(state, id, now);
    },

    onWake(listener) {
      state.listeners.add(listener);
      return () => {
        state.listeners.delete(listener);
      };
    },
  };
  // Non-enumerable: the raw state is for `inspectMemoryStorage`, not part of the Storage surface.
  Object.defineProperty(storage, MEMORY_STATE, { value: state, enumerable: false });
  return storage;
}

/** Index of the first entry with `seq > afterSeq`; entries are appended in `seq` order. */
function firstAfter(entries: readonly JournalEntry[], afterSeq: number): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (entries[mid]!.seq <= afterSeq) low = mid + 1;
    else high = mid;
  }
  return low;
}
