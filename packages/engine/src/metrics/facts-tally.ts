import type {
  FactsTally,
  FactsTallyQuery,
  OpenCasesQuery,
  OpenCasesRow,
  StoredCaseFacts,
} from '../storage/storage.js';
import type { CaseFacts } from './case-facts.js';
import { type MetricsPeriod, median, tallyCases } from './metric-definitions.js';

/**
 * Whether a projection row can matter to a period, by the same rule as the journal-based reports: created
 * before `to`, and not done before `from` when created before it.
 *
 * @example
 * ```ts
 * rows.filter((row) => inReportScope(row, period));
 * ```
 */
export function inReportScope(row: StoredCaseFacts, period: MetricsPeriod): boolean {
  if (row.createdAt >= period.to) return false;
  return !(row.status === 'done' && row.updatedAt < period.from && row.createdAt < period.from);
}

/**
 * Answer a {@link FactsTallyQuery} over projection rows in memory: what a storage without SQL returns from
 * `tallyCaseFacts`. Each case is looked at once; medians gather each unit's handling hours into its rows.
 *
 * @example
 * ```ts
 * const tally = tallyStoredFacts(state.rows.values(), query);
 * ```
 */
export function tallyStoredFacts(rows: Iterable<StoredCaseFacts>, query: FactsTallyQuery): FactsTally {
  const units = new Set(query.orgUnits);
  const byUnit = new Map<string, CaseFacts[]>();
  for (const row of rows) {
    if (!row.facts || !units.has(row.orgUnit) || !inReportScope(row, query.period)) continue;
    if (query.flowId !== undefined && row.flowId !== query.flowId) continue;
    const list = byUnit.get(row.orgUnit);
    if (list) list.push(row.facts);
    else byUnit.set(row.orgUnit, [row.facts]);
  }
  const own = new Map([...byUnit].map(([unit, facts]) => [unit, tallyCases(facts, query.period)]));
  const hoursByRow = new Map<string, number[]>();
  for (const { row, unit } of query.rollUp) {
    const hours = own.get(unit)?.handlingHours;
    if (!hours) continue;
    const list = hoursByRow.get(row) ?? [];
    for (const h of hours) list.push(h);
    hoursByRow.set(row, list);
  }
  return {
    units: [...own].map(([orgUnit, { handlingHours: _hours, ...counts }]) => ({ orgUnit, ...counts })),
    medians: [...new Set(query.rollUp.map((r) => r.row))].map((row) => ({
      row,
      medianHandlingHours: median(hoursByRow.get(row) ?? []),
    })),
  };
}

/**
 * The SLA light of an open case at `now`: `overdue` when it went past its handling deadline (a breach is
 * recorded, or the running deadline is before `now`), `pastReminder` when a reminder went out, else `inTime`.
 * The same rule as the `overdue` query filter and the metrics' open-and-overdue count.
 *
 * @example
 * ```ts
 * slaLight(row.facts, new Date()); // 'overdue' | 'pastReminder' | 'inTime'
 * ```
 */
export function slaLight(
  facts: Pick<CaseFacts, 'overdueAt' | 'dueAt' | 'remindedAt'> | null,
  dueAt: Date | null,
  now: Date,
): 'overdue' | 'pastReminder' | 'inTime' {
  if (facts?.overdueAt || (dueAt !== null && dueAt < now)) return 'overdue';
  return facts?.remindedAt ? 'pastReminder' : 'inTime';
}

/**
 * Answer an {@link OpenCasesQuery} over projection rows in memory.
 *
 * @example
 * ```ts
 * const rows = countStoredOpenCases(state.rows.values(), { orgUnits: ['grid-a'], now });
 * ```
 */
export function countStoredOpenCases(rows: Iterable<StoredCaseFacts>, query: OpenCasesQuery): OpenCasesRow[] {
  const units = new Set(query.orgUnits);
  const byState = new Map<string, OpenCasesRow>();
  for (const row of rows) {
    if (row.status !== 'active' || !units.has(row.orgUnit)) continue;
    if (query.flowId !== undefined && row.flowId !== query.flowId) continue;
    const counts = byState.get(row.state) ?? { state: row.state, overdue: 0, pastReminder: 0, inTime: 0 };
    counts[slaLight(row.facts, row.facts?.dueAt ?? null, query.now)]++;
    byState.set(row.state, counts);
  }
  return [...byState.values()].sort((a, b) => (a.state < b.state ? -1 : a.state > b.state ? 1 : 0));
}
