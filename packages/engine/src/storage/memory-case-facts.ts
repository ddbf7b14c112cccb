import { countStoredOpenCases, inReportScope, tallyStoredFacts } from '../metrics/facts-tally.js';
import { cloneValue } from './memory-clone.js';
import type { MemoryState } from './memory-state.js';
import type { CaseFactsStore, StoredCaseFacts } from './storage.js';

/** The projection of each memory state, beside it rather than in it, so the state's shape stays as it is. */
const projections = new WeakMap<MemoryState, Map<string, StoredCaseFacts>>();

/**
 * The case-facts projection of a memory state (created on first use).
 *
 * @example
 * ```ts
 * memoryFactsOf(state).get('c-1')?.facts?.closedAt;
 * ```
 */
export function memoryFactsOf(state: MemoryState): Map<string, StoredCaseFacts> {
  let rows = projections.get(state);
  if (!rows) {
    rows = new Map();
    projections.set(state, rows);
  }
  return rows;
}

/**
 * Store a projection row unless the stored one is of a newer case version.
 *
 * @example
 * ```ts
 * saveMemoryFacts(state, request.facts);
 * ```
 */
export function saveMemoryFacts(state: MemoryState, row: StoredCaseFacts): void {
  const rows = memoryFactsOf(state);
  const stored = rows.get(row.caseId);
  if (stored && stored.caseVersion > row.caseVersion) return;
  rows.set(row.caseId, cloneValue(row));
}

/**
 * The {@link CaseFactsStore} part of the memory storage: the same answers as the Postgres adapter's SQL,
 * computed over the projection in this process.
 *
 * @example
 * ```ts
 * const facts = memoryCaseFactsStore(createMemoryState());
 * ```
 */
export function memoryCaseFactsStore(state: MemoryState): Required<CaseFactsStore> {
  const rows = () => memoryFactsOf(state);
  return {
    async saveCaseFacts(list) {
      for (const row of list) saveMemoryFacts(state, row);
    },
    async staleCaseFacts({ extractors, orgUnits, createdTo, afterId, limit }) {
      const units = orgUnits ? new Set(orgUnits) : null;
      const stale: string[] = [];
      for (const record of state.cases.values()) {
        if (units && !units.has(record.orgUnit)) continue;
        if (createdTo && record.createdAt >= createdTo) continue;
        if (afterId != null && record.id <= afterId) continue;
        const row = rows().get(record.id);
        if (!row || row.extractor !== extractors[record.flowId]) stale.push(record.id);
      }
      return stale.sort().slice(0, limit);
    },
    async tallyCaseFacts(query) {
      return tallyStoredFacts(rows().values(), query);
    },
    async readCaseFacts({ period, orgUnits, flowId }) {
      const units = orgUnits ? new Set(orgUnits) : null;
      const found: StoredCaseFacts[] = [];
      for (const row of rows().values()) {
        if (units && !units.has(row.orgUnit)) continue;
        if (flowId !== undefined && row.flowId !== flowId) continue;
        if (inReportScope(row, period)) found.push(cloneValue(row));
      }
      return found;
    },
    async readJournals(caseIds) {
      return new Map(caseIds.map((id) => [id, (state.journals.get(id) ?? []).map(cloneValue)]));
    },
    async countOpenCases(query) {
      return countStoredOpenCases(rows().values(), query);
    },
  };
}
