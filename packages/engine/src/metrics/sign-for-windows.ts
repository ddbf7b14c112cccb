import type { JournalEntry } from '../storage/storage.js';

/**
 * One sign-for (签收) window: from a dispatch until the unit signs for it, or the order leaves the state it was
 * dispatched into another way (a return, a withdrawal). Times are instants; `null` means "not (yet)".
 *
 * @example
 * ```ts
 * const w: SignForWindow = { openedAt, dueAt: null, signedForAt: null, lateAt: null, endedAt: null };
 * ```
 */
export interface SignForWindow {
  openedAt: Date;
  /** The sign-for deadline, when known: flows keep only the latest window's (e.g. `context.signForDueAt`). */
  dueAt: Date | null;
  signedForAt: Date | null;
  /** When the deadline passed unsigned (the flow's `signFor.overdue` timer fired); only ever before a sign-for. */
  lateAt: Date | null;
  /** When the window closed without a sign-for. */
  endedAt: Date | null;
}

/**
 * Read the sign-for windows of a case from its journal: an entry for which `opens` is true opens a window in
 * the state it leads to; `signFor` signs it, `signFor.overdue` marks it late, and leaving that state by any
 * other event ends it. The last window's `dueAt` is `currentDueAt` (flows keep only the latest deadline).
 *
 * @example
 * ```ts
 * const windows = signForWindowsOf(journal, (e) => e.type === 'dispatch', instant(context.signForDueAt));
 * ```
 */
export function signForWindowsOf(
  journal: readonly JournalEntry[],
  opens: (entry: JournalEntry) => boolean,
  currentDueAt: Date | null,
): SignForWindow[] {
  const windows: Array<SignForWindow & { state: string }> = [];
  for (const entry of journal) {
    const w = windows.at(-1);
    if (opens(entry)) {
      if (w && w.signedForAt === null && w.endedAt === null) w.endedAt = entry.at;
      windows.push({
        state: entry.toState,
        openedAt: entry.at,
        dueAt: null,
        signedForAt: null,
        lateAt: null,
        endedAt: null,
      });
    } else if (w && w.signedForAt === null && w.endedAt === null) {
      if (entry.type === 'signFor') w.signedForAt = entry.at;
      else if (entry.type === 'signFor.overdue') w.lateAt ??= entry.at;
      else if (entry.fromState === w.state && entry.toState !== w.state) w.endedAt = entry.at;
    }
  }
  const last = windows.at(-1);
  if (last) last.dueAt = currentDueAt;
  return windows.map(({ state: _state, ...w }) => w);
}
