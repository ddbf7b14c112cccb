import { cloneValue } from './memory-clone.js';
import { saveMemoryFacts } from './memory-case-facts.js';
import { commit } from './memory-commit.js';
import { countCases, queryCases } from './memory-query.js';
import type { MemoryState } from './memory-state.js';
import type { CaseRecord, CaseStore, JournalEntry } from './storage.js';

/**
 * The {@link CaseStore} part of {@link memoryStorage} over one memory state: values are copied in and out so a
 * caller never holds a reference into the store.
 *
 * @example
 * ```ts
 * const cases = memoryCaseStore(createMemoryState());
 * ```
 */
export function memoryCaseStore(state: MemoryState): CaseStore {
  return {
    async ensureFlowVersion(record) {
      const id = `${record.flowId}@${record.version}`;
      const existing = state.flowVersions.get(id);
      if (existing) return { ...existing };
      state.flowVersions.set(id, { ...record });
      return { ...record };
    },

    async commit(request) {
      const outcome = commit(state, request);
      if (outcome.status === 'committed' && request.facts) saveMemoryFacts(state, request.facts);
      return outcome;
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
      return queryCases(state, query);
    },

    async countCases(query, options) {
      return countCases(state, query, options?.upTo);
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
  };
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
