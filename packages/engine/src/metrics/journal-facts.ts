import { deadlineName } from '../flow/deadline-name.js';
import type { CaseFacts, CaseFactsInput } from './case-facts.js';
import { instant, ratingOf } from './case-facts.js';
import { defaultHandlingFacts } from './handling-facts.js';
import { journalFactsFold } from './journal-facts-fold.js';
import { signForWindowsOf } from './sign-for-windows.js';

/**
 * The default {@link CaseFactsExtractor}: reads a case's facts from journal event types, for flows that do not
 * export their own. It understands the glossary's events: `dispatch`/`reassign` (a new sign-for window),
 * `signFor` (签收), `return` (退单), `reopen` (重办, clears the rating), `rate` and `followUp` with a
 * `rating`, `reply` with `solved`, `close` with a `reason` (`resolved` is resolved, any other reason is not).
 * The case is closed when its status is `done`, at the time of its last journal entry; it went overdue when
 * a timer of a delay listed in the flow's `deadlines` fired (`after` delays); the sign-for deadline is read
 * from `context.signForDueAt` when the flow keeps one. The handling-unit facts come from the same events
 * (`defaultHandlingFacts`).
 *
 * @example
 * ```ts
 * const facts = journalFacts({ case: view, journal: await engine.history(view.id), flow });
 * ```
 */
export function journalFacts({ case: view, journal, flow }: CaseFactsInput): CaseFacts {
  const facts: CaseFacts = {
    receivedAt: view.createdAt,
    closedAt: null,
    dueAt: view.status === 'active' ? view.dueAt : null,
    overdueAt: null,
    signForWindows: signForWindowsOf(
      journal,
      { opens: (e) => e.type === 'dispatch' || e.type === 'reassign' },
      instant((view.context as { signForDueAt?: unknown }).signForDueAt),
    ),
    rating: null,
    resolved: null,
    returns: 0,
    reopens: 0,
  };
  let replySolved: boolean | null = null;
  let closeResolved: boolean | null = null;
  let last: Date | null = null;
  for (const entry of journal) {
    if (entry.type === 'gridflow.migrate') continue;
    last = entry.at;
    const event = entry.event as Record<string, unknown>;
    if (entry.type.startsWith('xstate.after.') && flow.deadlines.includes(deadlineName(entry.type))) {
      facts.overdueAt ??= entry.at;
    } else if (entry.type === 'return') {
      facts.returns++;
    } else if (entry.type === 'reopen') {
      facts.reopens++;
      facts.rating = null;
    } else if (entry.type === 'rate' || entry.type === 'followUp') {
      facts.rating = ratingOf(event.rating) ?? facts.rating;
    } else if (entry.type === 'reply' && typeof event.solved === 'boolean') {
      replySolved = event.solved;
    } else if (entry.type === 'close' && typeof event.reason === 'string') {
      closeResolved = event.reason === 'resolved';
    }
  }
  if (view.status === 'done') facts.closedAt = last ?? view.updatedAt;
  facts.resolved = closeResolved ?? replySolved;
  facts.handling = defaultHandlingFacts(view, journal, facts.closedAt);
  return facts;
}

/** The same reading one entry at a time, for the commit path (this function stays the reference). */
journalFacts.fold = journalFactsFold;
