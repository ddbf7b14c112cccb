import type { Engine } from '@gridflow/engine';
import { textTable } from './text-table.js';

/** What `engine.metrics` returns (named here because the engine's index does not export the type). */
type MetricsReport = Awaited<ReturnType<Engine['metrics']>>;

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
const hours = (h: number | null) => (h === null ? '—' : h.toFixed(1));

/**
 * The metrics report as a table, one row per org unit indented by depth, each row covering the unit's
 * subtree. Units with nothing in the period (departments own no cases; they handle them) are left out.
 *
 * @example
 * ```ts
 * console.log(metricsTable(await engine.metrics({ orgUnit: 'district', from, to })));
 * ```
 */
export function metricsTable(report: MetricsReport): string {
  const header = [
    'org unit',
    'received',
    'closed',
    'on time',
    'response',
    'satisfied',
    'resolved',
    'returned',
    'reopened',
    'median h',
  ];
  const rows = report.rows
    .filter((r) => r.received > 0 || r.closed > 0 || r.openOverdue > 0)
    .map((r) => [
      `${'  '.repeat(r.depth)}${r.name}`,
      String(r.received),
      String(r.closed),
      percent(r.onTimeRate),
      percent(r.responseRate),
      percent(r.satisfaction),
      percent(r.resolutionRate),
      percent(r.returnRate),
      percent(r.reopenRate),
      hours(r.medianHandlingHours),
    ]);
  return textTable([header, ...rows]);
}
