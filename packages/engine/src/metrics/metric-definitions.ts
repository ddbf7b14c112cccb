import { type CaseFacts, SATISFIED_RATINGS } from './case-facts.js';
import type { SignForWindow } from './sign-for-windows.js';

/**
 * The period a report covers: `[from, to)`, read as the world stood at its end. Anything a case's facts place
 * at or after `to` has not happened yet for the report, so a past period reads the same whenever it is
 * computed (as long as the journal is not rewritten). Deadlines still pending are judged at `asOf` =
 * min(`to`, now): a deadline in the future has not passed, even when the period has.
 *
 * @example
 * ```ts
 * const period = metricsPeriod(new Date('2026-09-01T00:00:00+08:00'), new Date('2026-10-01T00:00:00+08:00'), clock.now());
 * ```
 */
export interface MetricsPeriod {
  /** Start of the period (inclusive). */
  from: Date;
  /** End of the period (exclusive). */
  to: Date;
  /** The time open cases are judged at (overdue or not). */
  asOf: Date;
}

/**
 * Build a {@link MetricsPeriod}; `asOf` is `to`, or `now` when the period has not ended yet.
 *
 * @example
 * ```ts
 * metricsPeriod(from, to, engine.clock.now()).asOf;
 * ```
 */
export function metricsPeriod(from: Date, to: Date, now: Date): MetricsPeriod {
  return { from, to, asOf: now < to ? now : to };
}

/**
 * The counts behind every rate. Each is a number of cases; see `docs/en/guide/metrics.md` for the definitions.
 *
 * @example
 * ```ts
 * const onTimeRate = c.closedOnTime / (c.closed + c.openOverdue);
 * ```
 */
export interface MetricsCounts {
  /** 受理量: received in the period. */
  received: number;
  /** 办结量: closed (reached a final state) in the period. */
  closed: number;
  /** Closed in the period before going past the handling deadline. */
  closedOnTime: number;
  /** Open at the period's end and past the handling deadline by then, whenever received (backlog counts). */
  openOverdue: number;
  /** Received in the period with a sign-for verdict at its end (see `responseBy`). */
  signForDue: number;
  /** Of those, signed for (签收) no later than the sign-for deadline. */
  signedForOnTime: number;
  /** Closed in the period with a rating. */
  rated: number;
  /** Of those, rated 非常满意, 满意 or 基本满意. */
  satisfied: number;
  /** Closed in the period with a resolved/unresolved verdict. */
  withVerdict: number;
  /** Of those, resolved. */
  resolved: number;
  /** Closed in the period after at least one return (退单). */
  returned: number;
  /** Closed in the period after at least one reopening (重办). */
  reopened: number;
}

/**
 * The counts of a set of cases, plus the handling times (hours from received to closed) of those closed.
 *
 * @example
 * ```ts
 * const tally = tallyCases(facts, period);
 * ```
 */
export interface MetricsTally extends MetricsCounts {
  /** Working hours from assignment to reply, per case (for the median). */
  handlingHours: number[];
}

/**
 * The rates of a tally. Every rate is a fraction in [0, 1], or `null` when its denominator is 0 (nothing to
 * judge reads as "no data", never as 0% or 100%).
 *
 * @example
 * ```ts
 * const { onTimeRate } = metricRates(tally); // null when nothing closed and nothing is overdue
 * ```
 */
export interface MetricRates {
  /** 按期办结率: closedOnTime ÷ (closed + openOverdue). */
  onTimeRate: number | null;
  /** 响应率 (签收及时率): signedForOnTime ÷ signForDue. */
  responseRate: number | null;
  /** 满意率: satisfied ÷ rated. */
  satisfaction: number | null;
  /** 解决率: resolved ÷ withVerdict. */
  resolutionRate: number | null;
  /** 退单率: returned ÷ closed. */
  returnRate: number | null;
  /** 重办率: reopened ÷ closed. */
  reopenRate: number | null;
  /** Median of (closedAt − receivedAt) in clock hours over the cases closed in the period. */
  medianHandlingHours: number | null;
}

const HOUR_MS = 3_600_000;

/** True when `at` lies in the period. */
export const within = (at: Date | null, p: MetricsPeriod): at is Date =>
  at !== null && at >= p.from && at < p.to;
/** True when `at` came before `limit`. */
export const before = (at: Date | null, limit: Date): at is Date => at !== null && at < limit;

/**
 * Whether a case was past its handling deadline at the end of the period: a breach recorded before `to`, or,
 * for a case still open, a pending deadline before `asOf`.
 *
 * @example
 * ```ts
 * overdueBy(facts, metricsPeriod(from, to, engine.clock.now())); // true or false
 * ```
 */
export function overdueBy(facts: CaseFacts, period: MetricsPeriod): boolean {
  return before(facts.overdueAt, period.to) || (facts.closedAt === null && before(facts.dueAt, period.asOf));
}

/**
 * The sign-for verdict of a case at the end of the period, judged on its last window opened before `to`:
 * `onTime` when signed for before `to` with no deadline passed first; `late` when signed for after its
 * deadline, or unsigned when the deadline passed (the late timer fired before `to`, or a known deadline is
 * before `asOf` while the window is still open); `null` when there is nothing to judge yet or any more (no
 * dispatch, the window still within its deadline, or ended by a return or withdrawal before it).
 *
 * @example
 * ```ts
 * responseBy(facts, metricsPeriod(from, to, now)); // 'onTime' | 'late' | null
 * ```
 */
export function responseBy(facts: CaseFacts, period: MetricsPeriod): 'onTime' | 'late' | null {
  const w = facts.signForWindows.filter((x) => x.openedAt < period.to).at(-1);
  return w ? windowVerdict(w, period) : null;
}

/**
 * The verdict on one answer window (a sign-for after a dispatch, a report-in after a whistle) at the end of
 * the period: `onTime` when answered before `to` with no deadline passed first; `late` when answered after
 * its deadline, or unanswered when the deadline passed (the late mark recorded before `to`, or a known
 * deadline before `asOf` while the window is open); `null` while still within its deadline, or when it ended
 * unanswered before the deadline.
 *
 * @example
 * ```ts
 * windowVerdict(facts.signForWindows[0], metricsPeriod(from, to, now)); // 'onTime' | 'late' | null
 * ```
 */
export function windowVerdict(w: SignForWindow, period: MetricsPeriod): 'onTime' | 'late' | null {
  if (before(w.signedForAt, period.to)) {
    // A late mark is only ever recorded before the sign-for, so it makes the sign-for late.
    return w.lateAt !== null || (w.dueAt !== null && w.signedForAt > w.dueAt) ? 'late' : 'onTime';
  }
  if (before(w.lateAt, period.to)) return 'late';
  return !before(w.endedAt, period.to) && before(w.dueAt, period.asOf) ? 'late' : null;
}

/**
 * Count every metric for a set of cases. Each case adds 0 or 1 to each count, so tallies of disjoint sets add.
 *
 * @example
 * ```ts
 * const tally = tallyCases([facts1, facts2], metricsPeriod(from, to, now));
 * ```
 */
export function tallyCases(cases: readonly CaseFacts[], period: MetricsPeriod): MetricsTally {
  const t = emptyTally();
  const { to } = period;
  for (const f of cases) {
    if (within(f.receivedAt, period)) {
      t.received++;
      const response = responseBy(f, period);
      if (response !== null) t.signForDue++;
      if (response === 'onTime') t.signedForOnTime++;
    }
    if (within(f.closedAt, period)) {
      t.closed++;
      if (f.overdueAt === null || f.overdueAt >= f.closedAt) t.closedOnTime++;
      if (f.rating !== null) {
        t.rated++;
        if (SATISFIED_RATINGS.has(f.rating)) t.satisfied++;
      }
      if (f.resolved !== null) {
        t.withVerdict++;
        if (f.resolved) t.resolved++;
      }
      if (f.returns > 0) t.returned++;
      if (f.reopens > 0) t.reopened++;
      t.handlingHours.push((f.closedAt.getTime() - f.receivedAt.getTime()) / HOUR_MS);
    } else if (before(f.receivedAt, to) && !before(f.closedAt, to) && overdueBy(f, period)) {
      t.openOverdue++;
    }
  }
  return t;
}

/**
 * A tally of no cases.
 *
 * @example
 * ```ts
 * const total = tallies.reduce(addTallies, emptyTally());
 * ```
 */
export function emptyTally(): MetricsTally {
  return {
    received: 0,
    closed: 0,
    closedOnTime: 0,
    openOverdue: 0,
    signForDue: 0,
    signedForOnTime: 0,
    rated: 0,
    satisfied: 0,
    withVerdict: 0,
    resolved: 0,
    returned: 0,
    reopened: 0,
    handlingHours: [],
  };
}

/**
 * The tally of two disjoint sets of cases (roll-up of a unit's children into the unit).
 *
 * @example
 * ```ts
 * const street = addTallies(tallyOfCommunityA, tallyOfCommunityB);
 * ```
 */
export function addTallies(a: MetricsTally, b: MetricsTally): MetricsTally {
  const sum = emptyTally();
  for (const key of Object.keys(sum) as Array<keyof MetricsCounts>) sum[key] = a[key] + b[key];
  sum.handlingHours = [...a.handlingHours, ...b.handlingHours];
  return sum;
}

/**
 * The rates of a tally; see {@link MetricRates}.
 *
 * @example
 * ```ts
 * metricRates(tallyCases(facts, period)).satisfaction;
 * ```
 */
export function metricRates(t: MetricsTally): MetricRates {
  return {
    onTimeRate: ratio(t.closedOnTime, t.closed + t.openOverdue),
    responseRate: ratio(t.signedForOnTime, t.signForDue),
    satisfaction: ratio(t.satisfied, t.rated),
    resolutionRate: ratio(t.resolved, t.withVerdict),
    returnRate: ratio(t.returned, t.closed),
    reopenRate: ratio(t.reopened, t.closed),
    medianHandlingHours: median(t.handlingHours),
  };
}

/**
 * `part ÷ whole`, or null when `whole` is 0.
 *
 * @example
 * ```ts
 * ratio(3, 4); // 0.75
 * ratio(0, 0); // null
 * ```
 */
export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/**
 * The median (mean of the two middle values for an even count), or null for no values.
 *
 * @example
 * ```ts
 * median([4, 1, 3]); // 3
 * median([1, 2, 3, 4]); // 2.5
 * ```
 */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
