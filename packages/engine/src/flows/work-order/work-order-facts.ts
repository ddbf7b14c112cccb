import { type CaseFacts, type CaseFactsInput, instant, ratingOf } from '../../metrics/case-facts.js';
import { signForWindowsOf } from '../../metrics/sign-for-windows.js';
import type { JournalEntry } from '../../storage/storage.js';
import type { WorkOrderContext } from './work-order-context.js';

/** Entering `dispatched` (or re-entering it by reassignment) starts a new sign-for window. */
const opensSignFor = (e: JournalEntry) =>
  e.toState === 'dispatched' && (e.fromState !== 'dispatched' || e.type === 'reassign');

/** Close reasons that carry no verdict on the problem: the case was withdrawn or was a duplicate. */
const NO_VERDICT = new Set(['withdrawn', 'duplicate']);

/**
 * Read a `work-order` case's metric facts from its context, which keeps them as the case runs: closed at
 * `closedAt` (any final state: closed, not accepted, merged), overdue from `sla.breachedAt` (suspension and
 * extensions already accounted for by the SLA clock), a sign-for window from each entry into `dispatched`
 * (dispatch, reassignment, a return the review rejected) to the sign-for, a return or a withdrawal, late when
 * `signFor.overdue` fired in it; the standing rating (a reopening clears it), `returnCount` and `reopenCount`. Resolved is the close reason:
 * `resolved` yes; `partiallyResolved`, `explained`, `notResponsible` and `referred` no; `withdrawn`,
 * `duplicate` and not accepted give no verdict.
 *
 * @example
 * ```ts
 * createEngine({ ...options, flows: [workOrderFlowV1, workOrderFlowV2], metrics: { facts: { 'work-order': workOrderFacts } } });
 * ```
 */
export function workOrderFacts({ case: view, journal }: CaseFactsInput): CaseFacts {
  const c = view.context as unknown as WorkOrderContext;
  const reason = c.closeReason;
  return {
    receivedAt: view.createdAt,
    closedAt: view.status === 'done' ? (instant(c.closedAt) ?? view.updatedAt) : null,
    dueAt: view.status === 'active' ? view.dueAt : null,
    overdueAt: instant(c.sla?.breachedAt),
    signForWindows: signForWindowsOf(journal, { opens: opensSignFor }, instant(c.signForDueAt)),
    rating: ratingOf(c.rating),
    resolved: reason === null || NO_VERDICT.has(reason) ? null : reason === 'resolved',
    returns: c.returnCount ?? 0,
    reopens: c.reopenCount ?? 0,
    remindedAt:
      view.status === 'active' && (c.sla?.remindersSent?.length ?? 0) > 0 ? lastReminderAt(journal) : null,
  };
}

function lastReminderAt(journal: CaseFactsInput['journal']): Date | null {
  for (let i = journal.length - 1; i >= 0; i--)
    if (journal[i]?.type === 'sla.reminder') return journal[i]!.at;
  return null;
}
