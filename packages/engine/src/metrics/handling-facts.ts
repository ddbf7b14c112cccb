import type { CaseView } from '../case/case-view.js';
import type { JournalEntry } from '../storage/storage.js';
import { instant } from './case-facts.js';
import { type SignForWindow, signForWindowsOf } from './sign-for-windows.js';

/**
 * An answer window that belongs to one handling unit: a sign-for (签收) window of a dispatch to the unit as
 * lead (主办), or a report-in (报到) window of a whistle (吹哨) summoning it (`signedForAt` is then the report-in).
 *
 * @example
 * ```ts
 * const w: UnitWindow = { unit: 'dept-housing', openedAt, dueAt: null, signedForAt: null, lateAt: null, endedAt: null };
 * ```
 */
export interface UnitWindow extends SignForWindow {
  /** The handling unit. */
  unit: string;
}

/**
 * What the handling-unit view (考核) needs to know about one case, beside its `CaseFacts`: who led the
 * handling when, the dispatches and returns of each unit, the whistles' summons, and whether an upheld appeal
 * (申诉) took the rating out of a unit's satisfaction. Times are instants.
 *
 * @example
 * ```ts
 * const h: HandlingFacts = { leads: [{ unit: 'dept-housing', from: dispatchedAt }], dispatches: [], returns: [],
 *   reportIns: [], appealUpheld: null };
 * ```
 */
export interface HandlingFacts {
  /** The lead unit from each instant on, oldest first; `null` while no unit leads (after a return). */
  leads: Array<{ unit: string | null; from: Date }>;
  /** One sign-for window per dispatch (dispatch, reassignment, a rejected return), with the lead unit. */
  dispatches: UnitWindow[];
  /** Returns (退单), with the unit that returned the case. */
  returns: Array<{ unit: string; at: Date }>;
  /** One report-in window per summoned unit per whistle. */
  reportIns: UnitWindow[];
  /**
   * The upheld appeal that took the standing rating out of `unit`'s satisfaction, decided at `at`; null when
   * none did, or a later rating (or a reopening) replaced the rating appealed.
   */
  appealUpheld: { unit: string; at: Date } | null;
}

/**
 * How {@link handlingFactsOf} reads a journal: which entries open a sign-for window (default: `dispatch`,
 * `reassign` and a `reviewReturn` that is not upheld, the entries that name a lead), and the deadlines the flow
 * keeps in its context.
 *
 * @example
 * ```ts
 * const options: HandlingJournalOptions = { opens: (e) => e.toState === 'dispatched', signForDueAt: null };
 * ```
 */
export interface HandlingJournalOptions {
  /** True for an entry that opens a handling window; default: one that names a lead unit. */
  opens?(entry: JournalEntry): boolean;
  /** The latest sign-for window's deadline (flows keep only that one). */
  signForDueAt?: Date | null;
  /** A summons' report-in deadline, by whistle id (`w1`, `w2`, … in whistle order) and unit. */
  reportInDueAt?(whistleId: string, unit: string): Date | null;
}

type Event = Record<string, unknown>;
const isDispatch = (e: JournalEntry) => e.type === 'dispatch' || e.type === 'reassign';
const isRejectedReturn = (e: JournalEntry) =>
  e.type === 'reviewReturn' && (e.event as Event).upheld === false;
const namesLead = (e: JournalEntry) => isDispatch(e) || isRejectedReturn(e);

/** Entries that set or clear the standing rating, and with it any appeal of the rating before. */
function changesRating(e: JournalEntry): boolean {
  const event = e.event as Event;
  if (e.type === 'reopen' || e.type === 'rate') return true;
  if (e.type !== 'followUp') return false;
  return e.toState.startsWith('inProgress') || (event.reached !== false && typeof event.rating === 'string');
}

/**
 * Read a case's {@link HandlingFacts} from its journal, in the glossary's events: `dispatch`/`reassign` name
 * the lead unit (`leadUnit`); `return` is the lead unit's (or, with none, the sender's unit) and leaves no
 * lead; a `reviewReturn` that is not `upheld` gives the case back to the unit that returned it; `whistle`
 * summons its `departments` (ids `w1`, `w2`, … in order), `reportIn` answers the sender's unit's newest open
 * summons (or `whistleId`'s), `whistle.late` marks one late; the case closing ends the summons still open.
 * `appealRating` (申诉, by the handling unit: the lead, or the sender's unit with none) appeals the standing
 * rating and `decideAppeal` with `upheld: true` takes it out of that unit's satisfaction; a `reopen`, `rate`
 * or `followUp` with a rating replaces the rating, and with it any appeal of the one before.
 *
 * @example
 * ```ts
 * const handling = handlingFactsOf(journal, { signForDueAt: instant(context.signForDueAt) }, closedAt);
 * ```
 */
export function handlingFactsOf(
  journal: readonly JournalEntry[],
  options: HandlingJournalOptions,
  closedAt: Date | null,
): HandlingFacts {
  const opens = options.opens ?? namesLead;
  const facts: HandlingFacts = { leads: [], dispatches: [], returns: [], reportIns: [], appealUpheld: null };
  const windowUnits: Array<string | null> = [];
  const summons = new Map<string, UnitWindow>();
  let lead: string | null = null;
  let returnedBy: string | null = null;
  let appealBy: string | null = null;
  let whistles = 0;
  const setLead = (unit: string | null, at: Date) => {
    lead = unit;
    facts.leads.push({ unit, from: at });
  };
  for (const entry of journal) {
    const event = entry.event as Event;
    if (changesRating(entry)) {
      facts.appealUpheld = null;
      appealBy = null;
    }
    if (isDispatch(entry) && typeof event.leadUnit === 'string') setLead(event.leadUnit, entry.at);
    else if (entry.type === 'return') {
      returnedBy = lead ?? entry.actor.orgUnit;
      facts.returns.push({ unit: returnedBy, at: entry.at });
      setLead(null, entry.at);
    } else if (isRejectedReturn(entry) && returnedBy) {
      setLead(returnedBy, entry.at);
    } else if (entry.type === 'whistle' && Array.isArray(event.departments)) {
      const id = `w${++whistles}`;
      for (const unit of new Set(event.departments.filter((u): u is string => typeof u === 'string'))) {
        const dueAt = options.reportInDueAt?.(id, unit) ?? null;
        const w = { unit, openedAt: entry.at, dueAt, signedForAt: null, lateAt: null, endedAt: null };
        summons.set(`${id}:${unit}`, w);
        facts.reportIns.push(w);
      }
    } else if (entry.type === 'reportIn') {
      reportIn(summons, entry);
    } else if (entry.type === 'whistle.late') {
      const w = summons.get(`${String(event.whistleId)}:${String(event.unit)}`);
      if (w && w.signedForAt === null) w.lateAt ??= entry.at;
    } else if (entry.type === 'appealRating') {
      appealBy = lead ?? entry.actor.orgUnit;
    } else if (entry.type === 'decideAppeal' && appealBy !== null) {
      if (event.upheld === true) facts.appealUpheld = { unit: appealBy, at: entry.at };
      appealBy = null;
    }
    if (opens(entry)) windowUnits.push(lead);
  }
  const windows = signForWindowsOf(journal, { opens }, options.signForDueAt ?? null);
  windows.forEach((w, i) => {
    const unit = windowUnits[i];
    if (unit) facts.dispatches.push({ ...w, unit });
  });
  for (const w of facts.reportIns) {
    if (closedAt && w.signedForAt === null && w.lateAt === null) w.endedAt = closedAt;
  }
  return facts;
}

/** 报到: answer the sender's unit's newest open summons (of `whistleId` when the event names one). */
export function reportIn(summons: ReadonlyMap<string, UnitWindow>, entry: JournalEntry): void {
  const unit = entry.actor.orgUnit;
  const whistleId = (entry.event as Event).whistleId;
  const id = typeof whistleId === 'string' ? whistleId : undefined;
  const open = [...summons.entries()]
    .filter(([key, w]) => w.unit === unit && w.signedForAt === null && (!id || key === `${id}:${unit}`))
    .at(-1)?.[1];
  if (open) open.signedForAt = entry.at;
}

/**
 * The handling facts of a case read the default way: {@link handlingFactsOf} on its journal, with the sign-for
 * deadline from `context.signForDueAt` and report-in deadlines from `context.whistles[].summons[].dueAt`
 * when the flow keeps them (as `work-order` does). `engine.metrics` uses it for any extractor that leaves
 * `handling` out.
 *
 * @example
 * ```ts
 * const facts = { ...myFacts(input), handling: defaultHandlingFacts(input.case, input.journal, closedAt) };
 * ```
 */
export function defaultHandlingFacts(
  view: Pick<CaseView, 'context'>,
  journal: readonly JournalEntry[],
  closedAt: Date | null,
): HandlingFacts {
  const context = (view.context ?? {}) as { signForDueAt?: unknown; whistles?: unknown };
  const whistles = Array.isArray(context.whistles) ? (context.whistles as unknown[]) : [];
  const reportInDueAt = (whistleId: string, unit: string): Date | null => {
    const whistle = whistles.find((w) => (w as { id?: unknown })?.id === whistleId) as
      | { summons?: unknown }
      | undefined;
    const list = Array.isArray(whistle?.summons) ? (whistle.summons as Array<Record<string, unknown>>) : [];
    return instant(list.find((s) => s?.unit === unit)?.dueAt);
  };
  return handlingFactsOf(journal, { signForDueAt: instant(context.signForDueAt), reportInDueAt }, closedAt);
}

/**
 * The unit leading a case's handling at `at`, or null when none did. A change at `at` itself counts unless
 * `before` is set: a case closes after its last change, while a period's end (exclusive) sees none at it.
 *
 * @example
 * ```ts
 * leadAt(facts.handling, facts.closedAt); // 'dept-housing'
 * leadAt(facts.handling, period.to, { before: true });
 * ```
 */
export function leadAt(handling: HandlingFacts, at: Date, options: { before?: boolean } = {}): string | null {
  let unit: string | null = null;
  for (const change of handling.leads) {
    if (change.from < at || (!options.before && change.from.getTime() === at.getTime())) unit = change.unit;
  }
  return unit;
}
