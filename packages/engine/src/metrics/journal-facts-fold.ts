import { deadlineName } from '../flow/deadline-name.js';
import type { JournalEntry } from '../storage/storage.js';
import { type CaseFactsFold, instant, ratingOf, type SatisfactionRating } from './case-facts.js';
import { type SignForFoldState, signForFold } from './sign-for-fold.js';

/**
 * What {@link journalFactsFold} keeps between entries. The first firing of each `after` delay is kept by
 * name (with its position), since which delays are deadlines is the flow's, read at the end.
 *
 * @example
 * ```ts
 * const state: JournalFactsState = journalFactsFold.start();
 * ```
 */
export interface JournalFactsState {
  /** Journal entries folded so far. */
  entries: number;
  /** Per deadline name, the first entry after which it fired (its index and time). */
  firstAfter: Map<string, { index: number; at: Date }>;
  /** The sign-for windows folded so far. */
  signFor: SignForFoldState;
  /** The latest satisfaction rating, or `null` before one (or after a reopening cleared it). */
  rating: SatisfactionRating | null;
  /** Returns (退单) taken so far. */
  returns: number;
  /** Reopenings (重办) so far. */
  reopens: number;
  /** Whether the last reply said the problem was solved, or `null` before a reply. */
  replySolved: boolean | null;
  /** Whether the close gave `resolved` as its reason, or `null` before a close. */
  closeResolved: boolean | null;
  /** The time of the last entry folded. */
  last: Date | null;
}

const windows = signForFold({ opens: (e) => e.type === 'dispatch' || e.type === 'reassign' });

/**
 * `journalFacts` one journal entry at a time (its `fold`): the same facts, with `handling` left to the
 * engine's default fold. Folding a whole journal gives what `journalFacts` reads from it.
 *
 * @example
 * ```ts
 * const state = journalFactsFold.start();
 * for (const entry of journal) journalFactsFold.step(state, entry);
 * journalFactsFold.facts(state, { case: view, flow });
 * ```
 */
export const journalFactsFold: CaseFactsFold<JournalFactsState> = {
  start: () => ({
    entries: 0,
    firstAfter: new Map(),
    signFor: windows.start(),
    rating: null,
    returns: 0,
    reopens: 0,
    replySolved: null,
    closeResolved: null,
    last: null,
  }),

  step(s: JournalFactsState, entry: JournalEntry): void {
    const index = s.entries++;
    windows.step(s.signFor, entry);
    if (entry.type === 'gridflow.migrate') return;
    s.last = entry.at;
    const event = entry.event as Record<string, unknown>;
    if (entry.type.startsWith('xstate.after.')) {
      const name = deadlineName(entry.type);
      if (!s.firstAfter.has(name)) s.firstAfter.set(name, { index, at: entry.at });
    } else if (entry.type === 'return') {
      s.returns++;
    } else if (entry.type === 'reopen') {
      s.reopens++;
      s.rating = null;
    } else if (entry.type === 'rate' || entry.type === 'followUp') {
      s.rating = ratingOf(event.rating) ?? s.rating;
    } else if (entry.type === 'reply' && typeof event.solved === 'boolean') {
      s.replySolved = event.solved;
    } else if (entry.type === 'close' && typeof event.reason === 'string') {
      s.closeResolved = event.reason === 'resolved';
    }
  },

  facts(s: JournalFactsState, { case: view, flow }) {
    let overdue: { index: number; at: Date } | null = null;
    for (const name of flow.deadlines) {
      const first = s.firstAfter.get(name);
      if (first && (!overdue || first.index < overdue.index)) overdue = first;
    }
    return {
      receivedAt: view.createdAt,
      closedAt: view.status === 'done' ? (s.last ?? view.updatedAt) : null,
      dueAt: view.status === 'active' ? view.dueAt : null,
      overdueAt: overdue?.at ?? null,
      signForWindows: windows.windows(
        s.signFor,
        instant((view.context as { signForDueAt?: unknown }).signForDueAt),
      ),
      rating: s.rating,
      resolved: s.closeResolved ?? s.replySolved,
      returns: s.returns,
      reopens: s.reopens,
    };
  },
};
