import type { FlowDefinition } from '../flow/define-flow.js';
import type { CaseView } from '../case/case-view.js';
import type { JournalEntry } from '../storage/storage.js';
import type { HandlingFacts } from './handling-facts.js';
import type { SignForWindow } from './sign-for-windows.js';

/**
 * The 5-level satisfaction rating (满意度) of a follow-up: 非常满意, 满意, 基本满意, 不满意, 非常不满意.
 *
 * @example
 * ```ts
 * const rating: SatisfactionRating = 'basicallySatisfied';
 * ```
 */
export type SatisfactionRating =
  | 'verySatisfied'
  | 'satisfied'
  | 'basicallySatisfied'
  | 'unsatisfied'
  | 'veryUnsatisfied';

/** The ratings that count as satisfied: 非常满意, 满意 and 基本满意. */
export const SATISFIED_RATINGS: ReadonlySet<string> = new Set([
  'verySatisfied',
  'satisfied',
  'basicallySatisfied',
]);

/**
 * What the metrics need to know about one case, read from its context and journal by a flow's
 * {@link CaseFactsExtractor}. Times are instants; `null` means "has not happened (yet)".
 *
 * @example
 * ```ts
 * const facts: CaseFacts = { receivedAt: new Date('2026-09-21T01:00:00Z'), closedAt: null, dueAt: null,
 *   overdueAt: null, signForWindows: [], rating: null, resolved: null, returns: 0, reopens: 0 };
 * ```
 */
export interface CaseFacts {
  /** When the case came in (受理量 counts it in the period holding this instant). */
  receivedAt: Date;
  /** When it reached a final state, whatever the reason (closed, not accepted, merged, withdrawn). */
  closedAt: Date | null;
  /** The handling deadline still running, if any; an open case past it is overdue even before its timer fires. */
  dueAt: Date | null;
  /** When the case first went past its handling deadline while open; stays set once set. */
  overdueAt: Date | null;
  /** Sign-for (签收) windows, one per dispatch, oldest first; empty when the case never needed a sign-for. */
  signForWindows: SignForWindow[];
  /** The rating standing at the end (a reopening clears the one before). */
  rating: SatisfactionRating | null;
  /** Whether the problem was resolved; null when there is no verdict (withdrawn, duplicate, not accepted). */
  resolved: boolean | null;
  /** Times the case was returned (退单). */
  returns: number;
  /** Times the case was reopened (重办). */
  reopens: number;
  /**
   * When an SLA reminder last went out while the case ran, for the dashboard's "past the reminder point"
   * light; left out (or null) when the flow sends none.
   */
  remindedAt?: Date | null;
  /**
   * Who handled the case, for the handling-unit view (`engine.metrics({ by: 'handlingUnit' })`); when an
   * extractor leaves it out, the engine reads it with `defaultHandlingFacts`.
   */
  handling?: HandlingFacts;
}

/**
 * What an extractor reads: the case as the engine shows it, its whole journal, and its flow version.
 *
 * @example
 * ```ts
 * const facts = workOrderFacts({ case: await engine.getCase(id), journal: await engine.history(id), flow });
 * ```
 */
export interface CaseFactsInput<TContext = Record<string, unknown>> {
  /** The case as it is after the commit. */
  case: CaseView<TContext>;
  /** The case's journal up to and including the commit. */
  journal: readonly JournalEntry[];
  /** The case's flow definition. */
  flow: FlowDefinition;
}

/**
 * Reads a flow's cases into {@link CaseFacts}. Return `null` to leave a case out of every metric. Flows that
 * keep the facts in their context (as `work-order` does) export one next to the flow; the others get
 * `journalFacts`, which reads event types from the journal.
 *
 * @example
 * ```ts
 * const repairFacts: CaseFactsExtractor = (input) => ({ ...journalFacts(input), resolved: input.case.state === 'fixed' });
 * createEngine({ ...options, metrics: { facts: { repair: repairFacts } } });
 * ```
 */
export type CaseFactsExtractor = ((input: CaseFactsInput) => CaseFacts | null) & {
  /**
   * Bump it when the extractor reads cases differently: facts stored by another version are stale and are
   * read again before a report uses them (see `engine.refreshCaseFacts`).
   */
  readonly version?: string | number;
  /**
   * The same reading one journal entry at a time, for the commit path: with it, a commit folds only its own
   * entries into the facts kept from the commit before, whatever the journal's length. Folding a whole
   * journal must give what the extractor reads from it (the extractor stays the reference).
   */
  readonly fold?: CaseFactsFold;
};

/**
 * An extractor read one journal entry at a time: `start` a state, `step` each entry into it (in journal
 * order), and read the {@link CaseFacts} from the state and the case as it stands (`facts` must leave the
 * state as it is and return fresh objects; it may leave `handling` out, the engine then folds the default).
 *
 * @example
 * ```ts
 * const counting: CaseFactsFold<{ returns: number }> = {
 *   start: () => ({ returns: 0 }),
 *   step: (s, entry) => { if (entry.type === 'return') s.returns++; },
 *   facts: (s, { case: view }) => ({ ...baseFacts(view), returns: s.returns }),
 * };
 * ```
 */
export interface CaseFactsFold<TState = unknown> {
  /** A fresh state for a case with no journal yet. */
  start(): TState;
  /** Fold one journal entry into the state, in journal order (mutates the state). */
  step(state: TState, entry: JournalEntry): void;
  /** The facts the full-journal extractor would give for the entries folded so far and the case as it stands. */
  facts(state: TState, input: Omit<CaseFactsInput, 'journal'>): CaseFacts | null;
}

/**
 * Parse an optional ISO instant from a context field; anything else reads as "not happened".
 *
 * @example
 * ```ts
 * instant(context.closedAt); // Date | null
 * ```
 */
export function instant(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/**
 * Narrow a value to a {@link SatisfactionRating}, or null.
 *
 * @example
 * ```ts
 * ratingOf(event.rating); // 'satisfied' | … | null
 * ```
 */
export function ratingOf(value: unknown): SatisfactionRating | null {
  return typeof value === 'string' && RATINGS.has(value) ? (value as SatisfactionRating) : null;
}

const RATINGS: ReadonlySet<string> = new Set([...SATISFIED_RATINGS, 'unsatisfied', 'veryUnsatisfied']);
