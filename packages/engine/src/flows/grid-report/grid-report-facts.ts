import type { CaseFacts, CaseFactsInput } from '../../metrics/case-facts.js';
import { instant } from '../../metrics/case-facts.js';
import { journalFacts } from '../../metrics/journal-facts.js';
import type { GridReportContext } from './grid-report-context.js';

/** Close reasons of a linked work order that give no verdict on the problem. */
const NO_VERDICT = new Set(['withdrawn', 'duplicate', 'notAccepted', 'merged']);

/**
 * The verdict a linked work order's close reason gives: `resolved` yes, a no-verdict reason (withdrawn,
 * duplicate, not accepted, merged) or none null, anything else (explained, not responsible, …) no.
 *
 * @example
 * ```ts
 * linkedVerdict('resolved'); // true
 * ```
 */
export function linkedVerdict(closeReason: string | null): boolean | null {
  if (closeReason === null || NO_VERDICT.has(closeReason)) return null;
  return closeReason === 'resolved';
}

/**
 * Metric facts of a `grid-report` case: the journal's facts (overdue when the community limit fired) with the
 * close time and the verdict from the context. Fixed on the spot and resolved by the community count as
 * resolved; a withdrawn report gives no verdict; a tracked work order gives its own.
 *
 * @example
 * ```ts
 * createEngine({ ...options, metrics: { facts: { 'grid-report': gridReportFacts } } });
 * ```
 */
export function gridReportFacts(input: CaseFactsInput): CaseFacts {
  const c = input.case.context as unknown as GridReportContext;
  const facts = journalFacts(input);
  const resolved =
    c.outcome === 'fixedOnSpot' || c.outcome === 'resolvedByCommunity'
      ? true
      : c.outcome === 'closedByWorkOrder'
        ? linkedVerdict(c.linkedCloseReason)
        : null;
  return { ...facts, closedAt: facts.closedAt && (instant(c.closedAt) ?? facts.closedAt), resolved };
}
