import type { Directory } from '../directory/directory.js';
import type { Storage } from '../storage/storage.js';
import type { UnitFacts } from './collect-facts.js';
import type { FactsKeeper } from './facts-keeper.js';
import { ensureFreshFacts } from './facts-refresh.js';
import type { MetricsPeriod, MetricsTally } from './metric-definitions.js';
import { type RolledUnit, rollUp, treeOf } from './roll-up.js';

/**
 * Where projection-based reports read: a storage with `capabilities.caseFacts` and the keeper that knows
 * which extractor versions are current.
 *
 * @example
 * ```ts
 * const projection: FactsProjection = { storage, keeper: new FactsKeeper(flows, builtInFacts) };
 * ```
 */
export interface FactsProjection {
  /** The storage that keeps the projection (`capabilities.caseFacts`). */
  storage: Storage;
  /** Knows each flow's extractor and its version, so stale rows are recomputed before a report. */
  keeper: FactsKeeper;
}

/**
 * The projection, when the storage keeps one and answers reports from it.
 *
 * @example
 * ```ts
 * const projection = projectionOf(storage, keeper); // undefined on a storage without case facts
 * ```
 */
export function projectionOf(storage: Storage, keeper: FactsKeeper): FactsProjection | undefined {
  return storage.capabilities.caseFacts && storage.tallyCaseFacts && storage.readCaseFacts
    ? { storage, keeper }
    : undefined;
}

/**
 * The area view's rolled-up tallies from the projection: stale or missing rows are read again first (never
 * mixed in; see {@link ensureFreshFacts}), then the storage counts each unit's own cases and the medians of each row's subtree in a
 * few set-based statements, and the counts are added up the tree here. Each tally carries its median in
 * `medianHandlingHours` (its `handlingHours` stay empty).
 *
 * @example
 * ```ts
 * const rolled = await projectedRollUp(projection, directory, { orgUnit: 'district', orgUnits, period });
 * ```
 */
export async function projectedRollUp(
  projection: FactsProjection,
  directory: Directory,
  query: { orgUnit: string; orgUnits: readonly string[]; period: MetricsPeriod; flow?: string },
): Promise<Array<RolledUnit & { medianHandlingHours: number | null }>> {
  const { storage, keeper } = projection;
  const { orgUnit, orgUnits, period, flow } = query;
  await ensureFreshFacts(storage, keeper);
  const tree = await treeOf(directory, orgUnit);
  const pairs = tree.flatMap(({ unit, lineage }) => [...lineage].map((row) => ({ row, unit: unit.id })));
  const tally = await storage.tallyCaseFacts!({ orgUnits, rollUp: pairs, flowId: flow, period });
  const own = new Map<string, MetricsTally>(
    tally.units.map(({ orgUnit: unit, ...counts }) => [unit, { ...counts, handlingHours: [] }]),
  );
  const medians = new Map(tally.medians.map((m) => [m.row, m.medianHandlingHours]));
  const rolled = await rollUp(directory, orgUnit, own);
  return rolled.map((node) => ({ ...node, medianHandlingHours: medians.get(node.unit.id) ?? null }));
}

/**
 * Every case's facts that can matter to `period`, from the projection (stale rows read again first): what
 * the handling view counts, without a journal read per case.
 *
 * @example
 * ```ts
 * const facts = await projectedFacts(projection, { period, flow: 'work-order' });
 * ```
 */
export async function projectedFacts(
  projection: FactsProjection,
  query: { period: MetricsPeriod; orgUnits?: readonly string[]; flow?: string },
): Promise<UnitFacts[]> {
  const { storage, keeper } = projection;
  await ensureFreshFacts(storage, keeper);
  const rows = await storage.readCaseFacts!({
    period: query.period,
    orgUnits: query.orgUnits,
    flowId: query.flow,
  });
  const collected: UnitFacts[] = [];
  for (const row of rows) {
    if (row.facts) collected.push({ caseId: row.caseId, orgUnit: row.orgUnit, facts: row.facts });
  }
  return collected;
}
