import type { CaseFactsExtractor } from '../metrics/case-facts.js';
import { workOrderFacts } from './work-order/work-order-facts.js';

/**
 * The metric-facts extractors the built-in flows need, for `createEngine({ metrics: { facts } })`. `work-order`
 * must read its context: its SLA breach is a raised event and a reopening may come from a follow-up, which the
 * journal's event types alone do not tell. `grid-report`, `three-orders` and `micro-wish` are left to the
 * journal-based default (`journalFacts`: their deadlines are `after` delays), which is what
 * `recountFromJournal` checks; `gridReportFacts`, `threeOrdersFacts` and `microWishFacts` read more (verdicts
 * from outcomes, 接单 as the response, declines and disputes as returns and reopenings) for those who want it.
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
