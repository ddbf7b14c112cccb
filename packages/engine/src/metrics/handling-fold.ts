import type { CaseView } from '../case/case-view.js';
import type { JournalEntry } from '../storage/storage.js';
import { instant } from './case-facts.js';
import { type HandlingFacts, reportIn, type UnitWindow } from './handling-facts.js';
import { type SignForFoldState, signForFold } from './sign-for-fold.js';

type Event = Record<string, unknown>;
type Summons = UnitWindow & { whistleId: string };

/**
 * What {@link handlingFold} keeps between entries: the facts read so far, with the report-in deadlines left
 * for the end (they are read from the case's context as it stands then).
 *
 * @example
 * ```ts
 * const state: HandlingFoldState = handlingFold.start();
 * ```
 */
export interface HandlingFoldState {
  /** The lead unit from each instant on, oldest first (`null` while none leads). */
  leads: HandlingFacts['leads'];
  /** Returns (退单) so far, with the unit that returned the case and when. */
  returns: HandlingFacts['returns'];
  /** Report-ins (吹哨报到) summoned so far, by whistle and unit. */
  summons: Map<string, Summons>;
  /** The unit an upheld appeal went against and when, or `null`. */
  appealUpheld: HandlingFacts['appealUpheld'];
  /** The unit each sign-for window was opened for (`null` when the entry named none). */
  windowUnits: Array<string | null>;
  /** The sign-for windows folded so far. */
  windows: SignForFoldState;
  /** The current lead unit, or `null` before a dispatch. */
  lead: string | null;
  /** The unit that returned the case last (its lead again if the return is rejected). */
  returnedBy: string | null;
  /** The unit an appeal under review is against, or `null`. */
  appealBy: string | null;
  /** Whistles blown so far. */
  whistles: number;
}

const isDispatch = (e: JournalEntry) => e.type === 'dispatch' || e.type === 'reassign';
const isRejectedReturn = (e: JournalEntry) =>
  e.type === 'reviewReturn' && (e.event as Event).upheld === false;
const namesLead = (e: JournalEntry) => isDispatch(e) || isRejectedReturn(e);
const windowsFold = signForFold({ opens: namesLead });

function changesRating(e: JournalEntry): boolean {
  const event = e.event as Event;
  if (e.type === 'reopen' || e.type === 'rate') return true;
  if (e.type !== 'followUp') return false;
  return e.toState.startsWith('inProgress') || (event.reached !== false && typeof event.rating === 'string');
}

/**
 * `defaultHandlingFacts` one journal entry at a time, for the commit path: `step` folds an entry into the
 * state, `facts` reads the handling facts from it and the case as it stands (fresh objects; the state is left
 * as it is). Folding a whole journal gives what `defaultHandlingFacts` reads from it (the reference).
 *
 * @example
 * ```ts
 * const state = handlingFold.start();
 * for (const entry of journal) handlingFold.step(state, entry);
 * handlingFold.facts(state, view, closedAt); // as defaultHandlingFacts(view, journal, closedAt)
 * ```
 */
export const handlingFold = {
  start: (): HandlingFoldState => ({
    leads: [],
    returns: [],
    summons: new Map(),
    appealUpheld: null,
    windowUnits: [],
    windows: windowsFold.start(),
    lead: null,
    returnedBy: null,
    appealBy: null,
    whistles: 0,
  }),

  step(s: HandlingFoldState, entry: JournalEntry): void {
    const event = entry.event as Event;
    const setLead = (unit: string | null) => {
      s.lead = unit;
      s.leads.push({ unit, from: entry.at });
    };
    if (changesRating(entry)) {
      s.appealUpheld = null;
      s.appealBy = null;
    }
    if (isDispatch(entry) && typeof event.leadUnit === 'string') setLead(event.leadUnit);
    else if (entry.type === 'return') {
      s.returnedBy = s.lead ?? entry.actor.orgUnit;
      s.returns.push({ unit: s.returnedBy, at: entry.at });
      setLead(null);
    } else if (isRejectedReturn(entry) && s.returnedBy) {
      setLead(s.returnedBy);
    } else if (entry.type === 'whistle' && Array.isArray(event.departments)) {
      const whistleId = `w${++s.whistles}`;
      for (const unit of new Set(event.departments.filter((u): u is string => typeof u === 'string'))) {
        s.summons.set(`${whistleId}:${unit}`, {
          whistleId,
          unit,
          openedAt: entry.at,
          dueAt: null,
          signedForAt: null,
          lateAt: null,
          endedAt: null,
        });
      }
    } else if (entry.type === 'reportIn') {
      reportIn(s.summons, entry);
    } else if (entry.type === 'whistle.late') {
      const w = s.summons.get(`${String(event.whistleId)}:${String(event.unit)}`);
      if (w && w.signedForAt === null) w.lateAt ??= entry.at;
    } else if (entry.type === 'appealRating') {
      s.appealBy = s.lead ?? entry.actor.orgUnit;
    } else if (entry.type === 'decideAppeal' && s.appealBy !== null) {
      if (event.upheld === true) s.appealUpheld = { unit: s.appealBy, at: entry.at };
      s.appealBy = null;
    }
    if (namesLead(entry)) s.windowUnits.push(s.lead);
    windowsFold.step(s.windows, entry);
  },

  facts(s: HandlingFoldState, view: Pick<CaseView, 'context'>, closedAt: Date | null): HandlingFacts {
    const context = (view.context ?? {}) as { signForDueAt?: unknown; whistles?: unknown };
    const whistles = Array.isArray(context.whistles) ? (context.whistles as unknown[]) : [];
    const reportInDueAt = (whistleId: string, unit: string): Date | null => {
      const whistle = whistles.find((w) => (w as { id?: unknown })?.id === whistleId) as
        | { summons?: unknown }
        | undefined;
      const list = Array.isArray(whistle?.summons) ? (whistle.summons as Array<Record<string, unknown>>) : [];
      return instant(list.find((x) => x?.unit === unit)?.dueAt);
    };
    const dispatches: UnitWindow[] = [];
    windowsFold.windows(s.windows, instant(context.signForDueAt)).forEach((w, i) => {
      const unit = s.windowUnits[i];
      if (unit) dispatches.push({ ...w, unit });
    });
    const reportIns = [...s.summons.values()].map(({ whistleId, ...w }) => {
      const window: UnitWindow = { ...w, dueAt: reportInDueAt(whistleId, w.unit) };
      if (closedAt && window.signedForAt === null && window.lateAt === null) window.endedAt = closedAt;
      return window;
    });
    return {
      leads: s.leads.map((l) => ({ ...l })),
      dispatches,
      returns: s.returns.map((r) => ({ ...r })),
      reportIns,
      appealUpheld: s.appealUpheld && { ...s.appealUpheld },
    };
  },
};
