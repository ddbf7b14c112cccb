import type { FlowRegistry } from '../flow/flow-registry.js';
import { toCaseView } from '../case/case-view.js';
import type { CaseRecord, Storage } from '../storage/storage.js';
import type { CaseFacts, CaseFactsExtractor } from './case-facts.js';
import { defaultHandlingFacts } from './handling-facts.js';
import { journalFacts } from './journal-facts.js';
import type { MetricsPeriod } from './metric-definitions.js';
import { type FactsProjection, projectedFacts } from './projected-metrics.js';

/** Cases read per storage page. */
const PAGE_SIZE = 500;

/**
 * What {@link collectFacts} reads from.
 *
 * @example
 * ```ts
 * const source: FactsSource = { storage, flows, facts: { 'work-order': workOrderFacts } };
 * ```
 *
 * @inline
 */
export interface FactsSource {
  storage: Pick<Storage, 'queryCases' | 'readJournal'>;
  flows: FlowRegistry;
  /** Extractors by flow id; flows not listed use {@link journalFacts}. */
  facts?: Readonly<Record<string, CaseFactsExtractor>>;
  /** Read facts from this case-facts projection instead of the journals; without it, the journals (the reference). */
  projection?: FactsProjection;
}

/**
 * The facts of one case with the org unit it counts under.
 *
 * @example
 * ```ts
 * const byUnit = Map.groupBy(collected, (c) => c.orgUnit);
 * ```
 */
export interface UnitFacts {
  caseId: string;
  orgUnit: string;
  facts: CaseFacts;
}

/**
 * Read, page by page, every case of `orgUnits` (every case when omitted) that can matter to `period` and turn
 * it into facts; with `handling`, facts an extractor gave without `handling` get `defaultHandlingFacts`. A case
 * received at or after `to` cannot matter; nor can one that was done before `from` and received before it
 * (it closed before the period, so it is neither received, closed, nor open in it). Each remaining case costs
 * one journal read, unless the source has a `projection`, which answers in one read.
 *
 * @example
 * ```ts
 * const facts = await collectFacts(source, { orgUnits: await directory.subtree('street-east'), period });
 * ```
 */
export async function collectFacts(
  source: FactsSource,
  query: { orgUnits?: readonly string[]; period: MetricsPeriod; flow?: string; handling?: boolean },
): Promise<UnitFacts[]> {
  if (source.projection) return projectedFacts(source.projection, { ...query, flow: query.flow });
  const collected: UnitFacts[] = [];
  let cursor: string | null = null;
  do {
    const page = await source.storage.queryCases({
      orgUnits: query.orgUnits,
      flowId: query.flow,
      createdTo: query.period.to,
      limit: PAGE_SIZE,
      cursor,
    });
    for (const record of page.items) {
      if (!mayMatter(record, query.period)) continue;
      const facts = await factsOf(source, record, query.handling === true);
      if (facts) collected.push({ caseId: record.id, orgUnit: record.orgUnit, facts });
    }
    cursor = page.nextCursor;
  } while (cursor);
  return collected;
}

function mayMatter(record: CaseRecord, period: MetricsPeriod): boolean {
  return !(record.status === 'done' && record.updatedAt < period.from && record.createdAt < period.from);
}

async function factsOf(
  source: FactsSource,
  record: CaseRecord,
  handling: boolean,
): Promise<CaseFacts | null> {
  const flow = source.flows.get(record.flowId, record.flowVersion);
  const extract = source.facts?.[record.flowId] ?? journalFacts;
  const journal = await source.storage.readJournal(record.id);
  const view = toCaseView(record);
  const facts = extract({ case: view, journal, flow });
  if (facts && handling && !facts.handling)
    return { ...facts, handling: defaultHandlingFacts(view, journal, facts.closedAt) };
  return facts;
}
