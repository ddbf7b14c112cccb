import type { CaseView, Engine, PointsLedger } from '@gridflow/engine';
import type { WorkOrderContext } from '@gridflow/engine/flows';
import type { District } from './district.js';

/**
 * What happened in a simulated district, read back from storage at the end: how every case ended (or where
 * it stands), and the phenomena a command centre watches. Plain data with a fixed key order, so two runs of
 * one seed compare equal.
 *
 * @example
 * ```ts
 * const summary = await summarize(engine, district, ledger);
 * summary.workOrders.slaBreaches; // e.g. 41
 * ```
 */
export interface DemoSummary {
  cases: Record<string, number>;
  /** Per flow: final outcome (close reason, outcome or final state) or `open: <state>` → count. */
  outcomes: Record<string, Record<string, number>>;
  workOrders: {
    byChannel: Record<string, number>;
    slaBreaches: number;
    escalations: Record<string, number>;
    returns: number;
    returnReviews: { upheld: number; rejected: number };
    reopenings: number;
    whistles: number;
    summoned: number;
    lateDepartments: Record<string, number>;
    suspensions: number;
    extensions: { requested: number; approved: number };
    urges: number;
    supervisions: number;
    signForOverdue: number;
  };
  gridReports: { communityOverdue: number };
  threeOrders: { declined: number; disputed: number; takeOverdue: number; solveOverdue: number };
  wishes: { fulfilled: number; released: number; pointsAwarded: number; peopleAwarded: number };
}

const inc = (map: Record<string, number>, key: string, by = 1) => {
  map[key] = (map[key] ?? 0) + by;
};
const sorted = (map: Record<string, number>) =>
  Object.fromEntries(Object.entries(map).sort(([a], [b]) => a.localeCompare(b)));

/**
 * Read every case and the points ledger into a {@link DemoSummary}.
 *
 * @example
 * ```ts
 * console.log(formatSummary(await summarize(engine, district, ledger)));
 * ```
 */
export async function summarize(
  engine: Engine,
  district: District,
  ledger: PointsLedger,
): Promise<DemoSummary> {
  const s: DemoSummary = {
    cases: {},
    outcomes: {},
    workOrders: {
      byChannel: {},
      slaBreaches: 0,
      escalations: {},
      returns: 0,
      returnReviews: { upheld: 0, rejected: 0 },
      reopenings: 0,
      whistles: 0,
      summoned: 0,
      lateDepartments: {},
      suspensions: 0,
      extensions: { requested: 0, approved: 0 },
      urges: 0,
      supervisions: 0,
      signForOverdue: 0,
    },
    gridReports: { communityOverdue: 0 },
    threeOrders: { declined: 0, disputed: 0, takeOverdue: 0, solveOverdue: 0 },
    wishes: { fulfilled: 0, released: 0, pointsAwarded: 0, peopleAwarded: 0 },
  };
  let cursor: string | null = null;
  do {
    const page = await engine.query({ limit: 200, cursor });
    for (const view of page.items) count(s, view);
    cursor = page.nextCursor;
  } while (cursor);
  const claimers = district.communities.flatMap((c) => [
    ...district.actors(c.id, 'partyMember'),
    ...district.actors(c.id, 'volunteer'),
  ]);
  for (const person of claimers) {
    const balance = await ledger.balance(person.id);
    s.wishes.pointsAwarded += balance;
    if (balance > 0) s.wishes.peopleAwarded++;
  }
  s.cases = sorted(s.cases);
  s.outcomes = Object.fromEntries(
    Object.entries(s.outcomes)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([flow, outcomes]) => [flow, sorted(outcomes)]),
  );
  s.workOrders.byChannel = sorted(s.workOrders.byChannel);
  s.workOrders.escalations = sorted(s.workOrders.escalations);
  s.workOrders.lateDepartments = sorted(s.workOrders.lateDepartments);
  return s;
}

function count(s: DemoSummary, view: CaseView): void {
  const ctx = view.context as Record<string, unknown>;
  inc(s.cases, view.flowId);
  s.outcomes[view.flowId] ??= {};
  const ending = (ctx.closeReason ?? ctx.outcome ?? view.state) as string;
  inc(s.outcomes[view.flowId]!, view.status === 'done' ? ending : `open: ${view.state}`);
  if (view.flowId === 'work-order') countWorkOrder(s.workOrders, view.context as unknown as WorkOrderContext);
  if (view.flowId === 'grid-report' && ctx.communityOverdue) s.gridReports.communityOverdue++;
  if (view.flowId === 'three-orders') {
    s.threeOrders.declined += ctx.declineCount as number;
    s.threeOrders.disputed += ctx.disputeCount as number;
    if (ctx.takeOverdue) s.threeOrders.takeOverdue++;
    if (ctx.solveOverdue) s.threeOrders.solveOverdue++;
  }
  if (view.flowId === 'micro-wish') {
    if (ctx.outcome === 'fulfilled') s.wishes.fulfilled++;
    s.wishes.released += ctx.releaseCount as number;
  }
}

function countWorkOrder(w: DemoSummary['workOrders'], c: WorkOrderContext): void {
  inc(w.byChannel, c.request.channel ?? 'unknown');
  if (c.sla.breachedAt) w.slaBreaches++;
  for (const step of c.escalation.steps) inc(w.escalations, step.trigger);
  w.returns += c.returnCount;
  for (const r of c.returns) {
    if (r.review?.upheld === true) w.returnReviews.upheld++;
    if (r.review?.upheld === false) w.returnReviews.rejected++;
  }
  w.reopenings += c.reopenCount;
  w.whistles += c.whistles.length;
  for (const summons of c.whistles.flatMap((x) => x.summons)) {
    w.summoned++;
    if (summons.late) inc(w.lateDepartments, summons.unit);
  }
  w.suspensions += c.suspensions.length;
  w.extensions.requested += c.extensions.length;
  w.extensions.approved += c.extensions.filter((e) => e.decision === 'approved').length;
  w.urges += c.urges.length;
  w.supervisions += c.supervisions.length;
  if (c.signForOverdue) w.signForOverdue++;
}
