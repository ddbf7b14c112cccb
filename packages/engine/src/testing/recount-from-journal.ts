import type { FlowDefinition } from '../flow/define-flow.js';
import type { MetricsQuery } from '../metrics/metrics-report.js';
import type { Engine } from '../runtime/engine-types.js';
import type { CaseRecord, JournalEntry } from '../storage/storage.js';

/**
 * One org unit's numbers as {@link recountFromJournal} counts them; same names as a `MetricsRow`.
 *
 * @example
 * ```ts
 * const row: RecountRow = (await recountFromJournal(engine, query))['street-east'];
 * ```
 */
export interface RecountRow {
  /** Cases created in the period. */
  received: number;
  /** Cases closed in the period. */
  closed: number;
  /** Of those, closed by their deadline. */
  closedOnTime: number;
  /** Cases open and past their deadline at the end of the period. */
  openOverdue: number;
  /** Sign-for windows due in the period (the response rate's denominator). */
  signForDue: number;
  /** Of those, signed for in time. */
  signedForOnTime: number;
  /** Cases rated in the period. */
  rated: number;
  /** Of those, rated satisfied. */
  satisfied: number;
  /** Cases given a resolution verdict in the period. */
  withVerdict: number;
  /** Of those, resolved. */
  resolved: number;
  /** Cases returned (退单) in the period. */
  returned: number;
  /** Cases reopened (重办) in the period. */
  reopened: number;
  /** closedOnTime ÷ (closed + openOverdue), or null with nothing to count. */
  onTimeRate: number | null;
  /** signedForOnTime ÷ signForDue, or null. */
  responseRate: number | null;
  /** satisfied ÷ rated, or null. */
  satisfaction: number | null;
  /** resolved ÷ withVerdict, or null. */
  resolutionRate: number | null;
  /** returned ÷ received, or null. */
  returnRate: number | null;
  /** reopened ÷ closed, or null. */
  reopenRate: number | null;
  /** Median working hours of handling, or null. */
  medianHandlingHours: number | null;
}

/** What one case's journal says up to the period's end. */
interface Story {
  orgUnit: string;
  received: number;
  closed: number | null;
  overdue: number | null;
  dispatched: boolean;
  signed: number | null;
  signLate: number | null;
  rating: string | null;
  resolved: boolean | null;
  returns: number;
  reopens: number;
}

const SATISFIED = ['verySatisfied', 'satisfied', 'basicallySatisfied'];
const RATINGS = [...SATISFIED, 'unsatisfied', 'veryUnsatisfied'];
const NO_VERDICT = ['withdraw', 'merge', 'notAccepted'];

/**
 * Recount `engine.metrics` from the journal alone, independently of the metrics code, to check it: every case
 * under the unit is read, its journal walked entry by entry, and each unit counted over its subtree. It knows
 * the built-in flows' vocabulary: a top-level final `toState` closes; `sla.breach` or the firing of an `after`
 * delay listed in `deadlines` is overdue (a case closed at that same instant is still on time); entering `dispatched` opens a sign-for window that `signFor` answers
 * and `signFor.overdue` makes late; `return`; `reopen`, or a `followUp` back to `inProgress`, reopens and
 * clears the rating; `rate`/`followUp` ratings; `close`/`answerOnSpot` reasons and `reply.solved` resolve.
 * Open cases count as overdue only once their deadline fired, so flush timers before comparing.
 *
 * @example
 * ```ts
 * const report = await engine.metrics(query);
 * const recount = await recountFromJournal(engine, query);
 * for (const row of report.rows) expect(row).toMatchObject(recount[row.orgUnit]);
 * ```
 */
export async function recountFromJournal(
  engine: Engine,
  query: MetricsQuery,
): Promise<Record<string, RecountRow>> {
  const from = query.from.getTime();
  const to = query.to.getTime();
  const units = await engine.directory.subtree(query.orgUnit);
  const stories: Story[] = [];
  let cursor: string | null = null;
  do {
    const page = await engine.storage.queryCases({ orgUnits: units, limit: 200, cursor });
    for (const record of page.items) {
      if (query.flow && record.flowId !== query.flow) continue;
      const flow = engine.flows.get(record.flowId, record.flowVersion);
      const journal = await engine.storage.readJournal(record.id);
      stories.push(tell(record, flow, journal, to));
    }
    cursor = page.nextCursor;
  } while (cursor);

  const rows: Record<string, RecountRow> = {};
  for (const unit of units) {
    const mine: Story[] = [];
    for (const s of stories) if (await engine.directory.isWithin(s.orgUnit, unit)) mine.push(s);
    rows[unit] = count(mine, from, to);
  }
  return rows;
}

function tell(record: CaseRecord, flow: FlowDefinition, journal: readonly JournalEntry[], to: number): Story {
  const finals = flow.machine.root.states as Record<string, { type: string }>;
  const s: Story = {
    orgUnit: record.orgUnit,
    received: journal[0]?.at.getTime() ?? record.createdAt.getTime(),
    closed: null,
    overdue: null,
    dispatched: false,
    signed: null,
    signLate: null,
    rating: null,
    resolved: null,
    returns: 0,
    reopens: 0,
  };
  let solved: boolean | null = null;
  let reason: string | null = null;
  for (const entry of journal) {
    const at = entry.at.getTime();
    if (at >= to) break;
    const e = entry.event;
    const afterDelay = entry.type.startsWith('xstate.after.') ? entry.type.split('.')[2] : undefined;
    if (entry.type === 'sla.breach' || (afterDelay && flow.deadlines.includes(afterDelay))) s.overdue ??= at;
    if (entry.toState === 'dispatched' && (entry.fromState !== 'dispatched' || entry.type === 'reassign')) {
      Object.assign(s, { dispatched: true, signed: null, signLate: null });
    }
    if (entry.type === 'signFor') s.signed = at;
    if (entry.type === 'signFor.overdue' && s.signed === null) s.signLate ??= at;
    if (entry.type === 'return') s.returns++;
    const rating = e.reached === false ? undefined : e.rating;
    if ((entry.type === 'rate' || entry.type === 'followUp') && RATINGS.includes(String(rating))) {
      s.rating = String(rating);
    }
    if (entry.type === 'reopen' || (entry.type === 'followUp' && entry.toState.startsWith('inProgress'))) {
      s.reopens++;
      s.rating = null;
    }
    if (entry.type === 'reply' && typeof e.solved === 'boolean') solved = e.solved;
    if ((entry.type === 'close' || entry.type === 'answerOnSpot') && typeof e.reason === 'string') {
      reason = e.reason;
    }
    if (finals[entry.toState]?.type === 'final' && s.closed === null) {
      s.closed = at;
      if (NO_VERDICT.includes(entry.type)) reason = 'none';
    }
  }
  s.resolved = reason === 'none' ? null : reason !== null ? reason === 'resolved' : solved;
  return s;
}

function count(stories: readonly Story[], from: number, to: number): RecountRow {
  const inPeriod = (t: number | null) => t !== null && t >= from && t < to;
  const received = stories.filter((s) => inPeriod(s.received));
  const closed = stories.filter((s) => inPeriod(s.closed));
  const due = received.filter((s) => s.dispatched && (s.signed !== null || s.signLate !== null));
  const rated = closed.filter((s) => s.rating !== null);
  const judged = closed.filter((s) => s.resolved !== null);
  const hours = closed.map((s) => ((s.closed as number) - s.received) / 3_600_000).sort((a, b) => a - b);
  const n = {
    received: received.length,
    closed: closed.length,
    // Closing at the very instant the deadline fires is on time: the deadline is inclusive.
    closedOnTime: closed.filter((s) => s.overdue === null || s.overdue >= (s.closed as number)).length,
    openOverdue: stories.filter((s) => s.closed === null && s.overdue !== null).length,
    signForDue: due.length,
    signedForOnTime: due.filter((s) => s.signed !== null && s.signLate === null).length,
    rated: rated.length,
    satisfied: rated.filter((s) => SATISFIED.includes(s.rating as string)).length,
    withVerdict: judged.length,
    resolved: judged.filter((s) => s.resolved).length,
    returned: closed.filter((s) => s.returns > 0).length,
    reopened: closed.filter((s) => s.reopens > 0).length,
  };
  const rate = (a: number, b: number) => (b === 0 ? null : a / b);
  const mid = hours.length >> 1;
  return {
    ...n,
    onTimeRate: rate(n.closedOnTime, n.closed + n.openOverdue),
    responseRate: rate(n.signedForOnTime, n.signForDue),
    satisfaction: rate(n.satisfied, n.rated),
    resolutionRate: rate(n.resolved, n.withVerdict),
    returnRate: rate(n.returned, n.closed),
    reopenRate: rate(n.reopened, n.closed),
    medianHandlingHours:
      hours.length === 0
        ? null
        : hours.length % 2
          ? (hours[mid] as number)
          : ((hours[mid - 1] as number) + (hours[mid] as number)) / 2,
  };
}
