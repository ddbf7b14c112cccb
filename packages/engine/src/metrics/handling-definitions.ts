import { type CaseFacts, SATISFIED_RATINGS } from './case-facts.js';
import { type HandlingFacts, leadAt, type UnitWindow } from './handling-facts.js';
import {
  before,
  emptyTally,
  type MetricRates,
  type MetricsCounts,
  type MetricsPeriod,
  metricRates,
  overdueBy,
  ratio,
  within,
  windowVerdict,
} from './metric-definitions.js';

/**
 * The counts of the handling-unit view (考核): the area view's names, read for the unit that handled each case
 * (see `docs/en/guide/metrics.md`), plus the appeals and the report-ins (报到). Each is a number of cases, except the
 * report-in counts, which count summonses.
 *
 * @example
 * ```ts
 * const reportInRate = c.reportedInOnTime / c.reportInDue;
 * ```
 */
export interface HandlingCounts extends MetricsCounts {
  /** Closed in the period after an upheld appeal (申诉) of the unit took its rating out of `rated`. */
  appealsUpheld: number;
  /** Summonses (吹哨) of the unit opened in the period with a report-in verdict at its end. */
  reportInDue: number;
  /** Of those, reported in (报到) no later than the report-in deadline. */
  reportedInOnTime: number;
}

/**
 * A {@link HandlingCounts} with the unit's handling times, in hours from taking the lead to the close.
 *
 * @example
 * ```ts
 * const tally = tallyHandling(facts, period, (unit) => unit === 'dept-housing');
 * ```
 */
export interface HandlingTally extends HandlingCounts {
  /** Working hours from assignment to reply, per handled case (for the median). */
  handlingHours: number[];
}

/**
 * The rates of a {@link HandlingTally}: the area view's, with `returnRate` over `received` (the cases the unit
 * was given, not those closed), plus 报到及时率.
 *
 * @example
 * ```ts
 * handlingRates(tally).reportInRate; // null when no summons was due
 * ```
 */
export interface HandlingRates extends MetricRates {
  /** 报到及时率: reportedInOnTime ÷ reportInDue. */
  reportInRate: number | null;
}

const HOUR_MS = 3_600_000;

/** The verdict on the newest of `windows` opened before the period's end. */
function lastVerdict(windows: readonly UnitWindow[], period: MetricsPeriod) {
  const w = windows.filter((x) => x.openedAt < period.to).at(-1);
  return w ? windowVerdict(w, period) : null;
}

/** Since when a unit matching `mine` had led the case without a break, as of `at`; null if none led it then. */
function leadingSince(h: HandlingFacts, at: Date, mine: (unit: string) => boolean): Date | null {
  let since: Date | null = null;
  for (const change of h.leads) {
    if (change.from > at) break;
    const ours = change.unit !== null && mine(change.unit);
    if (!ours) since = null;
    else since ??= change.from;
  }
  return since;
}

/** Add one case's share to a unit's tally (0 or 1 to each count, summonses aside). */
function addCase(
  t: HandlingTally,
  f: CaseFacts,
  h: HandlingFacts,
  p: MetricsPeriod,
  mine: (u: string) => boolean,
) {
  const given = h.dispatches.filter((w) => mine(w.unit));
  const firstInPeriod = given.find((w) => within(w.openedAt, p));
  if (firstInPeriod) {
    t.received++;
    const response = lastVerdict(given, p);
    if (response !== null) t.signForDue++;
    if (response === 'onTime') t.signedForOnTime++;
    if (h.returns.some((r) => mine(r.unit) && r.at >= firstInPeriod.openedAt && r.at < p.to)) t.returned++;
  }
  const closingLead = f.closedAt && leadAt(h, f.closedAt);
  if (within(f.closedAt, p) && closingLead && mine(closingLead)) {
    t.closed++;
    if (f.overdueAt === null || f.overdueAt >= f.closedAt) t.closedOnTime++;
    // A flow may also clear the rating on an upheld appeal: the appeal counts either way.
    const appealed = h.appealUpheld !== null && mine(h.appealUpheld.unit) && h.appealUpheld.at < p.to;
    if (appealed) t.appealsUpheld++;
    else if (f.rating !== null) {
      t.rated++;
      if (SATISFIED_RATINGS.has(f.rating)) t.satisfied++;
    }
    if (f.resolved !== null) {
      t.withVerdict++;
      if (f.resolved) t.resolved++;
    }
    if (f.reopens > 0) t.reopened++;
    const since = leadingSince(h, f.closedAt, mine) ?? f.receivedAt;
    t.handlingHours.push((f.closedAt.getTime() - since.getTime()) / HOUR_MS);
  } else if (before(f.receivedAt, p.to) && !before(f.closedAt, p.to) && overdueBy(f, p)) {
    const lead = leadAt(h, p.to, { before: true });
    if (lead && mine(lead)) t.openOverdue++;
  }
  for (const w of h.reportIns) {
    if (!mine(w.unit) || !within(w.openedAt, p)) continue;
    const verdict = windowVerdict(w, p);
    if (verdict !== null) t.reportInDue++;
    if (verdict === 'onTime') t.reportedInOnTime++;
  }
}

/**
 * Count the handling-unit view for a set of cases and the units `mine` accepts (one unit, or a subtree read as
 * one: a case handled by two of its units still counts once). A case without `handling` facts counts for no
 * unit. Definitions: `docs/en/guide/metrics.md`, "The handling-unit view".
 *
 * @example
 * ```ts
 * const tally = tallyHandling(facts, metricsPeriod(from, to, now), (unit) => unit === 'dept-housing');
 * ```
 */
export function tallyHandling(
  cases: readonly CaseFacts[],
  period: MetricsPeriod,
  mine: (unit: string) => boolean,
): HandlingTally {
  const t: HandlingTally = { ...emptyTally(), appealsUpheld: 0, reportInDue: 0, reportedInOnTime: 0 };
  for (const f of cases) if (f.handling) addCase(t, f, f.handling, period, mine);
  return t;
}

/**
 * The rates of a {@link HandlingTally}; see {@link HandlingRates}.
 *
 * @example
 * ```ts
 * handlingRates(tallyHandling(facts, period, mine)).satisfaction; // after appeals
 * ```
 */
export function handlingRates(t: HandlingTally): HandlingRates {
  return {
    ...metricRates(t),
    returnRate: ratio(t.returned, t.received),
    reportInRate: ratio(t.reportedInOnTime, t.reportInDue),
  };
}

/**
 * Every unit a case's handling facts name: leads, dispatches, returns, summonses and appeals.
 *
 * @example
 * ```ts
 * unitsOf(facts.handling); // Set { 'dept-housing', 'dept-water' }
 * ```
 */
export function unitsOf(h: HandlingFacts): Set<string> {
  const units = new Set<string>();
  for (const l of h.leads) if (l.unit) units.add(l.unit);
  for (const w of [...h.dispatches, ...h.reportIns]) units.add(w.unit);
  for (const r of h.returns) units.add(r.unit);
  if (h.appealUpheld) units.add(h.appealUpheld.unit);
  return units;
}
