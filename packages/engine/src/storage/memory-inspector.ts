import { validationError } from '../errors.js';
import type { InspectedOutbox, InspectedTimer, StorageInspector } from '../testing/storage-inspector.js';
import { cloneValue } from './memory-clone.js';
import { MEMORY_STATE, type MemoryState } from './memory-state.js';
import type { Storage } from './storage.js';

/**
 * A {@link StorageInspector} over a {@link index.memoryStorage | memoryStorage}: it reads the raw maps, never the Storage methods,
 * so the conformance suite checks the memory storage against its data rather than against itself.
 *
 * @example
 * ```ts
 * const storage = memoryStorage();
 * const inspect = inspectMemoryStorage(storage);
 * expect(await inspect.journal('c-1')).toHaveLength(1);
 * ```
 */
export function inspectMemoryStorage(storage: Storage): StorageInspector {
  const state = (storage as unknown as Record<symbol, MemoryState | undefined>)[MEMORY_STATE];
  if (!state) throw validationError('storage', 'is not a memoryStorage()');
  return {
    case: (caseId) => {
      const record = state.cases.get(caseId);
      return record ? cloneValue(record) : null;
    },
    journal: (caseId) => cloneValue(state.journals.get(caseId) ?? []),
    timers: (caseId) => {
      const timers = [...state.timers.values()].filter((t) => t.caseId === caseId);
      return timers.map(({ owner, gen, dueGen, ...rest }) => cloneValue(rest) satisfies InspectedTimer);
    },
    outbox: (caseId) => {
      const rows = [...state.outbox.values()].filter((r) => r.caseId === caseId);
      return rows.map(({ owner, gen, held, ...rest }) => cloneValue(rest) satisfies InspectedOutbox);
    },
    idempotency: (key) => {
      const record = state.idempotency.get(key);
      return record ? cloneValue(record) : null;
    },
    flowVersion: (flowId, version) => {
      const record = state.flowVersions.get(`${flowId}@${version}`);
      return record ? { ...record } : null;
    },
    counts: () => ({
      cases: state.cases.size,
      journal: [...state.journals.values()].reduce((sum, entries) => sum + entries.length, 0),
      timers: state.timers.size,
      outbox: state.outbox.size,
      idempotency: state.idempotency.size,
    }),
    quarantine: (id) => {
      const row = state.quarantine.get(id);
      return row ? cloneValue(row) : null;
    },
    quarantineRows: () => [...state.quarantine.values()].map(cloneValue),
    cursor: (name) => {
      const cursor = state.cursors.get(name);
      return cursor ? cloneValue(cursor) : null;
    },
  };
}
