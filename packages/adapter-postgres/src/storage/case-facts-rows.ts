import type { CaseFacts, StoredCaseFacts } from '@gridflow/engine';
import { toDate } from './row-mappers.js';

/**
 * A projection row as `gf_save_facts` reads it (migration 10): the facts spread into the columns the reports
 * aggregate over; `i` is the row's place in its batch.
 *
 * @example
 * ```ts
 * const json = JSON.stringify([factsRowJson(row, 0)]);
 * ```
 */
export function factsRowJson(row: StoredCaseFacts, i = 0): Record<string, unknown> {
  const f = row.facts;
  const last = f?.signForWindows.at(-1);
  return {
    i,
    case_id: row.caseId,
    flow_id: row.flowId,
    org_unit: row.orgUnit,
    state: row.state,
    status: row.status,
    case_version: row.caseVersion,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
    extractor: row.extractor,
    included: f !== null,
    received_at: f?.receivedAt ?? null,
    closed_at: f?.closedAt ?? null,
    due_at: f?.dueAt ?? null,
    overdue_at: f?.overdueAt ?? null,
    reminded_at: f?.remindedAt ?? null,
    rating: f?.rating ?? null,
    resolved: f?.resolved ?? null,
    returns: f?.returns ?? 0,
    reopens: f?.reopens ?? 0,
    sign_for: f?.signForWindows ?? [],
    last_opened_at: last?.openedAt ?? null,
    last_signed_at: last?.signedForAt ?? null,
    last_late_at: last?.lateAt ?? null,
    last_due_at: last?.dueAt ?? null,
    last_ended_at: last?.endedAt ?? null,
    facts: f,
  };
}

/** The fields of a facts document (and its windows, leads, returns) that hold instants. */
const INSTANT_FIELDS = new Set([
  'receivedAt',
  'closedAt',
  'dueAt',
  'overdueAt',
  'remindedAt',
  'openedAt',
  'signedForAt',
  'lateAt',
  'endedAt',
  'from',
  'at',
]);

/**
 * A facts document read back from jsonb, its instants turned back into `Date`s.
 *
 * @example
 * ```ts
 * const facts = reviveFacts(row.facts);
 * ```
 */
export function reviveFacts(value: unknown): CaseFacts | null {
  return value === null || value === undefined ? null : (revive(value) as CaseFacts);
}

function revive(value: unknown, key?: string): unknown {
  if (typeof value === 'string') return key && INSTANT_FIELDS.has(key) ? toDate(value) : value;
  if (Array.isArray(value)) return value.map((item) => revive(item));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = revive(v, k);
  return out;
}
