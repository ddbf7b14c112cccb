import type { CaseFactsExtractor } from '../metrics/case-facts.js';
import { workOrderFacts } from './work-order/work-order-facts.js';

/**
 * The metric-facts extractors of the built-in flows, for `createEngine({ metrics: { facts } })`. `work-order`
 * reads its context (its SLA breach is a raised event and its reopenings may come from a follow-up, which the
 * journal's event types alone do not tell); `grid-report`, `three-orders` and `micro-wish` are read well
 * enough by the default, `journalFacts` (their deadlines are `after` delays).
 *
 * @example
 * ```ts
 * const engine = createEngine({ storage, directory, flows: [workOrderFlowV2, gridReportFlow],
 *   metrics: { facts: builtInFacts } });
 * ```
 */
export const builtInFacts: Readonly<Record<string, CaseFactsExtractor>> = Object.freeze({
  'work-order': workOrderFacts,
});
