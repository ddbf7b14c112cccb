import type { CaseFacts, CaseFactsInput } from '../../metrics/case-facts.js';
import { instant } from '../../metrics/case-facts.js';
import { journalFacts } from '../../metrics/journal-facts.js';
import type { MicroWishContext } from './micro-wish-context.js';

/**
 * Metric facts of a `micro-wish` case: a confirmed (or auto-confirmed) wish is resolved; a rejected or
 * withdrawn one gives no verdict. A claimer's release counts as a return (退单) and a wisher's dispute as a
 * reopening (重办). Wishes have no SLA deadline and no rating.
 *
 * @example
 * ```ts
 * createEngine({ ...options, metrics: { facts: { 'micro-wish': microWishFacts } } });
 * ```
 */
export function microWishFacts(input: CaseFactsInput): CaseFacts {
  const c = input.case.context as unknown as MicroWishContext;
  const facts = journalFacts(input);
  return {
    ...facts,
    closedAt: facts.closedAt && (instant(c.closedAt) ?? facts.closedAt),
    resolved: c.outcome === 'fulfilled' ? true : null,
    returns: c.releaseCount,
    reopens: c.disputeCount,
  };
}
