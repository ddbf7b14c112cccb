import { z } from 'zod';
import type { Actor } from '../types.js';
import type { Directory, OrgUnitKind } from '../directory/directory.js';
import { validationError } from '../errors.js';
import { zodFailure } from '../errors.js';
import type { CaseFacts } from './case-facts.js';
import { collectFacts, type FactsSource } from './collect-facts.js';
import {
  type MetricRates,
  type MetricsCounts,
  type MetricsPeriod,
  type MetricsTally,
  median,
  metricRates,
  metricsPeriod,
  tallyCases,
} from './metric-definitions.js';
import { computeHandlingMetrics, type HandlingMetricsReport } from './handling-report.js';
import { type RolledUnit, rollUp } from './roll-up.js';
import { projectedRollUp } from './projected-metrics.js';

/**
 * Arguments of `engine.metrics`: an org unit (its whole subtree is reported), a period `[from, to)`,
 * optionally one flow, and the view: `by: 'area'` (the default: cases under the unit they belong to) or
 * `by: 'handlingUnit'` (考核: cases under the units that handled them; see `docs/en/guide/metrics.md`).
 *
 * @example
 * ```ts
 * await engine.metrics({ orgUnit: 'district', from: new Date('2026-09-01T00:00:00+08:00'),
 *   to: new Date('2026-10-01T00:00:00+08:00'), flow: 'work-order' });
 * ```
 */
export interface MetricsQuery {
  /** The unit to report on; rows cover it and each unit below. */
  orgUnit: string;
  /** Start of the period (inclusive). */
  from: Date;
  /** Exclusive. */
  to: Date;
  /** Only cases of this flow (any version); all flows by default. */
  flow?: string;
  /** When given, the unit must lie in this actor's subtree (`FORBIDDEN` otherwise); residents get no metrics. */
  actor?: Actor;
  /** `area` (default): by the unit a case belongs to; `handlingUnit`: by the units that handled it (考核). */
  by?: 'area' | 'handlingUnit';
}

const metricsQuerySchema = z
  .object({
    orgUnit: z.string().min(1),
    from: z.date(),
    to: z.date(),
    flow: z.string().min(1).optional(),
    by: z.enum(['area', 'handlingUnit']).default('area'),
  })
  .strict()
  .refine((q) => q.from < q.to, { message: 'must be after from', path: ['to'] });

/**
 * One org unit's metrics, covering its whole subtree. Counts are numbers of cases; rates are fractions in
 * [0, 1] or `null` when there was nothing to judge. See `docs/en/guide/metrics.md`.
 *
 * @example
 * ```ts
 * const row: MetricsRow = report.rows[0];
 * console.log(row.name, row.received, row.onTimeRate === null ? '—' : `${(row.onTimeRate * 100).toFixed(1)}%`);
 * ```
 */
export interface MetricsRow extends MetricsCounts, MetricRates {
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
 * What `engine.metrics` returns: a row for the queried unit and one for every descendant, in tree order.
 *
 * @example
 * ```ts
 * const report = await engine.metrics({ orgUnit: 'district', from, to });
 * console.table(report.rows.map((r) => ({ unit: r.name, received: r.received, onTime: r.onTimeRate })));
 * ```
 */
export interface MetricsReport {
  /** The unit the report is for. */
  orgUnit: string;
  /** Start of the period (inclusive). */
  from: Date;
  /** End of the period (exclusive). */
  to: Date;
  /** The instant the report reads the world at: `to`, or now for a period not over yet. */
  asOf: Date;
  /** The flow counted, or null for every flow. */
  flow: string | null;
  /** The view: `area` here; {@link HandlingMetricsReport} is the `handlingUnit` one. */
  by: 'area';
  /** One row per unit, its subtree included. */
  rows: MetricsRow[];
}

/**
 * Compute a {@link MetricsReport} from storage and the directory: with a `projection`, the storage tallies each
 * unit's own cases from the case-facts projection; without one, the facts of every case under the unit are read
 * from its journal and tallied here (the reference way). The tallies are rolled up the tree and turned into
 * rates; or, with
 * `by: 'handlingUnit'`, a {@link HandlingMetricsReport}. `engine.metrics` calls this; it is exported for
 * reports outside an engine.
 *
 * @example
 * ```ts
 * const report = await computeMetrics({ storage, flows, directory, now: new Date() }, { orgUnit: 'district', from, to });
 * ```
 */
export async function computeMetrics(
  source: FactsSource & { directory: Directory; now: Date },
  query: MetricsQuery & { by: 'handlingUnit' },
): Promise<HandlingMetricsReport>;
export async function computeMetrics(
  source: FactsSource & { directory: Directory; now: Date },
  query: MetricsQuery & { by?: 'area' },
): Promise<MetricsReport>;
export async function computeMetrics(
  source: FactsSource & { directory: Directory; now: Date },
  query: MetricsQuery,
): Promise<MetricsReport | HandlingMetricsReport>;
export async function computeMetrics(
  source: FactsSource & { directory: Directory; now: Date },
  query: MetricsQuery,
): Promise<MetricsReport | HandlingMetricsReport> {
  const { actor: _actor, ...rest } = query;
  const parsed = metricsQuerySchema.safeParse(rest);
  if (!parsed.success) throw zodFailure(parsed.error, 'query');
  const { orgUnit, from, to, flow, by } = parsed.data;
  if (!(await source.directory.getUnit(orgUnit)))
    throw validationError('query.orgUnit', 'is not in the directory');
  const period = metricsPeriod(from, to, source.now);
  if (by === 'handlingUnit') return computeHandlingMetrics(source, { orgUnit, period, flow });
  const orgUnits = await source.directory.subtree(orgUnit);
  const rolled = source.projection
    ? await projectedRollUp(source.projection, source.directory, { orgUnit, orgUnits, period, flow })
    : await journalRollUp(source, { orgUnit, orgUnits, period, flow });
  const rows = rolled.map(({ unit, depth, tally, medianHandlingHours }): MetricsRow => {
    const { handlingHours: _hours, ...counts } = tally;
    return {
      orgUnit: unit.id,
      name: unit.name,
      kind: unit.kind,
      parentId: unit.parentId,
      depth,
      ...counts,
      ...metricRates(tally),
      medianHandlingHours,
    };
  });
  return { orgUnit, from, to, asOf: period.asOf, flow: flow ?? null, by, rows };
}

/** The reference way: every case's facts read from its journal, tallied per unit and rolled up here. */
async function journalRollUp(
  source: FactsSource & { directory: Directory },
  query: { orgUnit: string; orgUnits: readonly string[]; period: MetricsPeriod; flow?: string },
): Promise<Array<RolledUnit & { medianHandlingHours: number | null }>> {
  const { orgUnit, orgUnits, period, flow } = query;
  const collected = await collectFacts({ ...source, projection: undefined }, { orgUnits, period, flow });
  const factsByUnit = new Map<string, CaseFacts[]>();
  for (const c of collected) {
    const list = factsByUnit.get(c.orgUnit);
    if (list) list.push(c.facts);
    else factsByUnit.set(c.orgUnit, [c.facts]);
  }
  const byUnit = new Map<string, MetricsTally>();
  for (const [unit, facts] of factsByUnit) byUnit.set(unit, tallyCases(facts, period));
  const rolled = await rollUp(source.directory, orgUnit, byUnit);
  return rolled.map((node) => ({ ...node, medianHandlingHours: median(node.tally.handlingHours) }));
}
