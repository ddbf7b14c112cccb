import type { JournalEntry } from '../storage/storage.js';
import type { SignForEvents, SignForWindow } from './sign-for-windows.js';

/**
 * Sign-for windows read so far, entry by entry: what {@link signForWindowsOf} keeps while it reads a journal.
 *
 * @example
 * ```ts
 * const state: SignForFoldState = { windows: [] };
 * ```
 */
export interface SignForFoldState {
  /** Every window opened so far, with the state it was opened in. */
  windows: Array<SignForWindow & { state: string }>;
}

/**
 * {@link signForWindowsOf} one entry at a time: `step` folds a journal entry into the windows read so far, so a
 * commit costs its own entries, not the journal's length. `signForWindowsOf` is this fold over a whole journal.
 *
 * @example
 * ```ts
 * const fold = signForFold({ opens: (e) => e.type === 'dispatch' });
 * const state = fold.start();
 * for (const entry of journal) fold.step(state, entry);
 * fold.windows(state, instant(context.signForDueAt)); // as signForWindowsOf(journal, …)
 * ```
 */
export function signForFold(events: SignForEvents) {
  const signs = events.signs ?? ((e: JournalEntry) => e.type === 'signFor');
  const late = events.late ?? ((e: JournalEntry) => e.type === 'signFor.overdue');
  return {
    start: (): SignForFoldState => ({ windows: [] }),
    step(state: SignForFoldState, entry: JournalEntry): void {
      const w = state.windows.at(-1);
      if (events.opens(entry)) {
        if (w && w.signedForAt === null && w.endedAt === null) w.endedAt = entry.at;
        state.windows.push({
          state: entry.toState,
          openedAt: entry.at,
          dueAt: null,
          signedForAt: null,
          lateAt: null,
          endedAt: null,
        });
      } else if (w && w.signedForAt === null && w.endedAt === null) {
        if (signs(entry)) w.signedForAt = entry.at;
        else if (late(entry)) w.lateAt ??= entry.at;
        else if (entry.fromState === w.state && entry.toState !== w.state) w.endedAt = entry.at;
      }
    },
    /** Fresh copies of the windows (the state stays as it is), the last one due at `currentDueAt`. */
    windows(state: SignForFoldState, currentDueAt: Date | null): SignForWindow[] {
      const windows = state.windows.map(({ state: _state, ...w }) => ({ ...w }));
      const last = windows.at(-1);
      if (last) last.dueAt = currentDueAt;
      return windows;
    },
  };
}
