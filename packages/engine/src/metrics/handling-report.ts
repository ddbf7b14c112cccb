import type { Directory, OrgUnitKind } from '../directory/directory.js';
import type { CaseFacts } from './case-facts.js';
import { collectFacts, type FactsSource } from './collect-facts.js';
import {
  type HandlingCounts,
  type HandlingRates,
  handlingRates,
  tallyHandling,
  unitsOf,
} from './handling-definitions.js';
import type { MetricsPeriod } from './metric-definitions.js';
import { treeOf } from './roll-up.js';

/**
 * One org unit's handling metrics (考核), covering its whole subtree read as one unit: a street's row counts
 * the cases its own staff, its communities and its grids handled, each case once. See `docs/en/guide/metrics.md`.
 *
 * @example
 * ```ts
 * const row = report.rows.find((r) => r.orgUnit === 'dept-housing');
 * console.log(row?.received, row?.responseRate, row?.satisfaction, row?.reportInRate);
 * ```
 */
export interface HandlingMetricsRow extends HandlingCounts, HandlingRates {
  /** Unit id. */
  orgUnit: string;
  /** Unit name. */
  name: string;
  /** Unit tier. */
  kind: OrgUnitKind;
  /** The unit above, or null for the report's root. */
  parentId: string | null;
  /** 0 for the queried unit, 1 for its children, … */
  depth: number;
}

/**
 * What `engine.metrics({ …, by: 'handlingUnit' })` returns: a row for the queried unit and one for every
 * descendant, in tree order, each counting the cases its subtree handled wherever they were raised.
 *
 * @example
 * ```ts
 * const report = await engine.metrics({ orgUnit: 'district', from, to, by: 'handlingUnit' });
 * console.table(report.rows.filter((r) => r.kind === 'department'));
 * ```
 */
export interface HandlingMetricsReport {
  /** The unit the report is for; rows cover it and each unit below. */
  orgUnit: string;
  /** Start of the period (inclusive). */
  from: Date;
  /** End of the period (exclusive). */
  to: Date;
  /** The instant the report reads the world at: `to`, or now for a period not over yet. */
  asOf: Date;
  /** The flow counted, or null for every flow. */
  flow: string | null;
  /** Counted by the units that handled the cases (考核). */
  by: 'handlingUnit';
  /** One row per unit, its subtree included. */
  rows: HandlingMetricsRow[];
}

/**
 * Compute the handling-unit view: read every case that can matter to the period, whatever unit it belongs to
 * (a department handles cases raised anywhere), and count each row's subtree over the cases it touched.
 * Called by `computeMetrics` with `by: 'handlingUnit'`, after it has checked the query.
 *
 * @example
 * ```ts
 * const report = await computeHandlingMetrics({ storage, flows, directory }, { orgUnit: 'district', period });
 * ```
 */
export async function computeHandlingMetrics(
  source: FactsSource & { directory: Directory },
  query: { orgUnit: string; period: MetricsPeriod; flow?: string },
): Promise<HandlingMetricsReport> {
  const { orgUnit, period, flow } = query;
  const tree = await treeOf(source.directory, orgUnit);
  const lineage = new Map(tree.map((node) => [node.unit.id, node.lineage]));
  const touching = new Map<string, CaseFacts[]>();
  for (const { facts } of await collectFacts(source, { period, flow, handling: true })) {
    if (!facts.handling) continue;
    const rows = new Set<string>();
    for (const unit of unitsOf(facts.handling)) for (const row of lineage.get(unit) ?? []) rows.add(row);
    for (const row of rows) {
      const list = touching.get(row);
      if (list) list.push(facts);
      else touching.set(row, [facts]);
    }
  }
  const rows = tree.map(({ unit, depth }): HandlingMetricsRow => {
    const tally = tallyHandling(touching.get(unit.id) ?? [], period, (u) => !!lineage.get(u)?.has(unit.id));
    const { handlingHours: _hours, ...counts } = tally;
    return {
      orgUnit: unit.id,
      name: unit.name,
      kind: unit.kind,
      parentId: unit.parentId,
      depth,
      ...counts,
      ...handlingRates(tally),
    };
  });
  const { from, to, asOf } = period;
  return { orgUnit, from, to, asOf, flow: flow ?? null, by: 'handlingUnit', rows };
}
