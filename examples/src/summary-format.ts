import type { DemoSummary } from './summary.js';

const list = (map: Record<string, number>) =>
  Object.entries(map)
    .map(([key, n]) => `${key} ${n}`)
    .join(', ') || 'none';
const total = (map: Record<string, number>) => Object.values(map).reduce((a, b) => a + b, 0);

/**
 * A few lines saying what happened: cases per flow and how they ended, then the phenomena.
 *
 * @example
 * ```ts
 * console.log(formatSummary(summary));
 * ```
 */
export function formatSummary(s: DemoSummary): string {
  const w = s.workOrders;
  const lines = [
    `cases            ${total(s.cases)} (${list(s.cases)})`,
    `work orders in   ${list(w.byChannel)}`,
    ...Object.entries(s.outcomes).map(([flow, outcomes]) => `${flow.padEnd(16)} ${list(outcomes)}`),
    `SLA breaches     ${w.slaBreaches} work orders past their deadline; ${w.signForOverdue} not signed for in time`,
    `escalations      ${total(w.escalations)} (${list(w.escalations)})`,
    `returns          ${w.returns} (dispute review: ${w.returnReviews.upheld} upheld, ${w.returnReviews.rejected} sent back)`,
    `reopenings       ${w.reopenings}`,
    `whistles         ${w.whistles}, ${w.summoned} departments summoned, ${total(w.lateDepartments)} late (${list(w.lateDepartments)})`,
    `handling         ${w.suspensions} suspensions, ${w.extensions.requested} extensions asked (${w.extensions.approved} approved), ${w.urges} urged, ${w.supervisions} supervised`,
    `grid reports     ${s.gridReports.communityOverdue} past the community's limit`,
    `three orders     ${s.threeOrders.declined} declined, ${s.threeOrders.takeOverdue} taken late, ${s.threeOrders.solveOverdue} solved late, ${s.threeOrders.disputed} disputed`,
    `wishes           ${s.wishes.fulfilled} fulfilled (${s.wishes.released} given back once), ${s.wishes.pointsAwarded} points to ${s.wishes.peopleAwarded} ${s.wishes.peopleAwarded === 1 ? 'person' : 'people'}`,
  ];
  return lines.join('\n');
}
