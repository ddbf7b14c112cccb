import { cloneValue } from './memory-clone.js';
import { type MemoryState, quarantineKey } from './memory-state.js';
import { compareIds } from './memory-timers.js';
import { decodeCursor, encodeCursor, pageLimit } from './page-cursor.js';
import type { IntakeStore, QuarantineRecord } from './storage.js';

/**
 * The {@link IntakeStore} part of {@link memoryStorage}: quarantine rows and poller cursors, copied in and out.
 *
 * @example
 * ```ts
 * const intake = memoryIntakeStore(createMemoryState());
 * ```
 */
export function memoryIntakeStore(state: MemoryState): IntakeStore {
  return {
    async recordQuarantine(entry) {
      const key = entry.externalId === null ? null : quarantineKey(entry.source, entry.externalId);
      const existing = key === null ? undefined : state.quarantine.get(state.quarantineKeys.get(key) ?? '');
      if (existing) {
        existing.status = 'open';
        existing.raw = cloneValue(entry.raw);
        existing.reason = cloneValue(entry.reason);
        existing.attempts += 1;
        existing.note = null;
        existing.updatedAt = new Date(entry.at);
        return cloneValue(existing);
      }
      const row: QuarantineRecord = {
        id: entry.id,
        source: entry.source,
        externalId: entry.externalId,
        raw: cloneValue(entry.raw),
        reason: cloneValue(entry.reason),
        status: 'open',
        attempts: 1,
        caseId: null,
        note: null,
        createdAt: new Date(entry.at),
        updatedAt: new Date(entry.at),
      };
      state.quarantine.set(row.id, row);
      if (key !== null) state.quarantineKeys.set(key, row.id);
      return cloneValue(row);
    },

    async getQuarantine(id) {
      const row = state.quarantine.get(id);
      return row ? cloneValue(row) : null;
    },

    async findQuarantine(source, externalId) {
      const row = state.quarantine.get(state.quarantineKeys.get(quarantineKey(source, externalId)) ?? '');
      return row ? cloneValue(row) : null;
    },

    async listQuarantine(query) {
      const limit = pageLimit(query.limit);
      const after = query.cursor ? decodeCursor(query.cursor) : null;
      const rows = [...state.quarantine.values()].filter((row) => {
        if (query.source !== undefined && row.source !== query.source) return false;
        if (query.status !== undefined && row.status !== query.status) return false;
        if (!after) return true;
        const t = row.createdAt.getTime();
        return t > after.at || (t === after.at && compareIds(row.id, after.id) > 0);
      });
      rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || compareIds(a.id, b.id));
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return {
        items: items.map(cloneValue),
        nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null,
      };
    },

    async settleQuarantine(id, settlement) {
      const row = state.quarantine.get(id);
      if (row?.status !== 'open') return null;
      row.updatedAt = new Date(settlement.at);
      if (settlement.status === 'open') {
        row.reason = cloneValue(settlement.reason);
        row.attempts += 1;
      } else if (settlement.status === 'resolved') {
        row.status = 'resolved';
        row.caseId = settlement.caseId;
      } else {
        row.status = 'discarded';
        row.note = settlement.note;
      }
      return cloneValue(row);
    },

    async getCursor(name) {
      const cursor = state.cursors.get(name);
      return cursor ? cloneValue(cursor) : null;
    },

    async setCursor(write) {
      const current = state.cursors.get(write.name);
      if (write.expected !== undefined && (current?.value ?? null) !== write.expected) return false;
      state.cursors.set(write.name, { name: write.name, value: write.value, updatedAt: new Date(write.at) });
      return true;
    },
  };
}
