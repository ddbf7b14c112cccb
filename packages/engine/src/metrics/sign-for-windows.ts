import type { JournalEntry } from '../storage/storage.js';
import { signForFold } from './sign-for-fold.js';

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
  /** When the window opened (the dispatch). */
  openedAt: Date;
  /** The sign-for deadline, when known: flows keep only the latest window's (e.g. `context.signForDueAt`). */
  dueAt: Date | null;
  /** When the case was signed for, or null if not (yet). */
  signedForAt: Date | null;
  /** When the deadline passed unsigned (the flow's late timer fired); only ever before a sign-for. */
  lateAt: Date | null;
  /** When the window closed without a sign-for. */
  endedAt: Date | null;
}

/**
 * How a flow's journal shows its sign-for windows. `signs` defaults to a `signFor` event and `late` to the
 * `signFor.overdue` timer event.
 *
 * @example
 * ```ts
 * const take: SignForEvents = { opens: (e) => e.type === 'issueOrder', signs: (e) => e.type === 'takeOrder',
 *   late: (e) => e.type.startsWith('xstate.after.takeLimit.') };
 * ```
 */
export interface SignForEvents {
  /** True for an entry that opens a sign-for window (a dispatch, an issued order). */
  opens(entry: JournalEntry): boolean;
  /** True for the entry that signs for the case (签收); default: a `signFor` event. */
  signs?(entry: JournalEntry): boolean;
  /** True for the timer entry that marks the window late; default: a `signFor.overdue` event. */
  late?(entry: JournalEntry): boolean;
}

/**
 * Read the sign-for windows of a case from its journal: an entry that `opens` a window does so in the state it
 * leads to; one that `signs` signs it, one that is `late` marks it late, and leaving that state by any other
 * event ends it. The last window's `dueAt` is `currentDueAt` (flows keep only the latest deadline).
 *
 * @example
 * ```ts
 * const windows = signForWindowsOf(journal, { opens: (e) => e.type === 'dispatch' }, instant(context.signForDueAt));
 * ```
 */
export function signForWindowsOf(
  journal: readonly JournalEntry[],
  events: SignForEvents,
  currentDueAt: Date | null,
): SignForWindow[] {
  const fold = signForFold(events);
  const state = fold.start();
  for (const entry of journal) fold.step(state, entry);
  return fold.windows(state, currentDueAt);
}
