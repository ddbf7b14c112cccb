import { caseCategory } from '../case/case-category.js';
import { cloneValue } from './memory-clone.js';
import type { MemoryState } from './memory-state.js';
import { compareIds } from './memory-timers.js';
import { decodeCursor, encodeCursor, pageLimit } from './page-cursor.js';
import type { CaseQuery, CaseRecord, Page, StoredCaseFacts } from './storage.js';
import { memoryFactsOf } from './memory-case-facts.js';

/**
 * Cases matching every given filter, newest first (`createdAt` desc, then `id` desc), one page at a time.
 * A full scan: the memory storage serves tests and small embedded setups, where that is fast enough.
 *
 * @example
 * ```ts
 * const page = queryCases(state, { orgUnits: ['grid-01'], state: 'inProgress', limit: 50 });
 * ```
 */
export function queryCases(state: MemoryState, query: CaseQuery): Page<CaseRecord> {
  const limit = pageLimit(query.limit);
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const matches = caseFilter(query, memoryFactsOf(state));
  const found: CaseRecord[] = [];
  for (const record of state.cases.values()) {
    if (after) {
      const t = record.createdAt.getTime();
      if (t > after.at || (t === after.at && record.id >= after.id)) continue;
    }
    if (matches(record)) found.push(record);
  }
  found.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || compareIds(b.id, a.id));
  const items = found.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map(cloneValue),
    nextCursor: found.length > limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

/**
 * How many cases match every given filter (cursor and limit ignored), stopping at `upTo` when given.
 *
 * @example
 * ```ts
 * const total = countCases(state, { orgUnits: ['grid-01'], overdue: true, now });
 * ```
 */
export function countCases(state: MemoryState, query: CaseQuery, upTo = Infinity): number {
  const matches = caseFilter(query, memoryFactsOf(state));
  let total = 0;
  for (const record of state.cases.values()) {
    if (matches(record) && ++total >= upTo) break;
  }
  return total;
}

/**
 * True when a case's `state` is `wanted` or lies below it. Parallel leaves (`a.x,b.y`) are matched one by
 * one, so `b` finds a case that is in `b.y` in one of its regions.
 *
 * @example
 * ```ts
 * stateMatches('inProgress.suspended', 'inProgress'); // true
 * stateMatches('inProgressive', 'inProgress'); // false
 * ```
 */
export function stateMatches(state: string, wanted: string): boolean {
  for (const leaf of state.split(',')) {
    if (leaf === wanted || (leaf.startsWith(wanted) && leaf.charAt(wanted.length) === '.')) return true;
  }
  return false;
}

/**
 * `overdue`: open and past the handling deadline, by the running deadline or a breach the case's facts
 * recorded (an SLA timer that fired leaves no `dueAt`): the set the metrics count as open and overdue.
 */
function isOverdue(r: CaseRecord, facts: ReadonlyMap<string, StoredCaseFacts>, now: number): boolean {
  if (r.status !== 'active') return false;
  return (r.dueAt !== null && r.dueAt.getTime() < now) || !!facts.get(r.id)?.facts?.overdueAt;
}

function caseFilter(
  query: CaseQuery,
  facts: ReadonlyMap<string, StoredCaseFacts>,
): (record: CaseRecord) => boolean {
  const units = query.orgUnits ? new Set(query.orgUnits) : null;
  const now = (query.now ?? new Date()).getTime();
  const from = query.createdFrom?.getTime();
  const to = query.createdTo?.getTime();
  return (r) =>
    (query.flowId === undefined || r.flowId === query.flowId) &&
    (query.flowIds === undefined || query.flowIds.includes(r.flowId)) &&
    (query.state === undefined || stateMatches(r.state, query.state)) &&
    (query.status === undefined || r.status === query.status) &&
    (units === null || units.has(r.orgUnit)) &&
    (query.assignee === undefined || r.assignee === query.assignee) &&
    (query.requesterId === undefined || r.requesterId === query.requesterId) &&
    (query.handlingUnit === undefined || r.handlingUnits.includes(query.handlingUnit)) &&
    (query.category === undefined || caseCategory(r.snapshot) === query.category) &&
    (query.overdue !== true || isOverdue(r, facts, now)) &&
    (from === undefined || r.createdAt.getTime() >= from) &&
    (to === undefined || r.createdAt.getTime() < to);
}
