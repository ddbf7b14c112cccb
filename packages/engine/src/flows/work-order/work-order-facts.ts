import {
  type CaseFacts,
  type CaseFactsFold,
  type CaseFactsInput,
  instant,
  ratingOf,
} from '../../metrics/case-facts.js';
import { type SignForFoldState, signForFold } from '../../metrics/sign-for-fold.js';
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
  return contextFacts(
    view,
    signForWindowsOf(journal, { opens: opensSignFor }, instant(signForDueAt(view))),
    () => lastReminderAt(journal),
  );
}

const windows = signForFold({ opens: opensSignFor });

/**
 * {@link workOrderFacts} one journal entry at a time (its `fold`, for the commit path): the sign-for windows and
 * the last reminder are folded, the rest is read from the context as it stands.
 *
 * @example
 * ```ts
 * const state = workOrderFactsFold.start();
 * for (const entry of journal) workOrderFactsFold.step(state, entry);
 * workOrderFactsFold.facts(state, { case: view, flow }); // as workOrderFacts({ case: view, journal, flow })
 * ```
 */
export const workOrderFactsFold: CaseFactsFold<{ signFor: SignForFoldState; remindedAt: Date | null }> = {
  start: () => ({ signFor: windows.start(), remindedAt: null }),
  step(state, entry) {
    windows.step(state.signFor, entry);
    if (entry.type === 'sla.reminder') state.remindedAt = entry.at;
  },
  facts: (state, { case: view }) =>
    contextFacts(view, windows.windows(state.signFor, instant(signForDueAt(view))), () => state.remindedAt),
};
workOrderFacts.fold = workOrderFactsFold;

const signForDueAt = (view: CaseFactsInput['case']) =>
  (view.context as unknown as WorkOrderContext).signForDueAt;

function contextFacts(
  view: CaseFactsInput['case'],
  signForWindows: CaseFacts['signForWindows'],
  remindedAt: () => Date | null,
): CaseFacts {
  const c = view.context as unknown as WorkOrderContext;
  const reason = c.closeReason;
  return {
    receivedAt: view.createdAt,
    closedAt: view.status === 'done' ? (instant(c.closedAt) ?? view.updatedAt) : null,
    dueAt: view.status === 'active' ? view.dueAt : null,
    overdueAt: instant(c.sla?.breachedAt),
    signForWindows,
    rating: ratingOf(c.rating),
    resolved: reason === null || NO_VERDICT.has(reason) ? null : reason === 'resolved',
    returns: c.returnCount ?? 0,
    reopens: c.reopenCount ?? 0,
    remindedAt: view.status === 'active' && (c.sla?.remindersSent?.length ?? 0) > 0 ? remindedAt() : null,
  };
}

function lastReminderAt(journal: CaseFactsInput['journal']): Date | null {
  for (let i = journal.length - 1; i >= 0; i--)
    if (journal[i]?.type === 'sla.reminder') return journal[i]!.at;
  return null;
}
