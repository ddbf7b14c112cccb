import type { CaseFacts, CaseFactsInput } from '../../metrics/case-facts.js';
import { instant } from '../../metrics/case-facts.js';
import { journalFacts } from '../../metrics/journal-facts.js';
import { type SignForEvents, signForWindowsOf } from '../../metrics/sign-for-windows.js';
import { linkedVerdict } from '../grid-report/grid-report-facts.js';
import type { ThreeOrdersContext } from './three-orders-context.js';

/** 下单 opens a take window (re-issuing opens a new one); 接单 answers it; the take limit firing makes it late. */
const TAKE_WINDOW: SignForEvents = {
  opens: (e) => e.type === 'issueOrder',
  signs: (e) => e.type === 'takeOrder',
  late: (e) => e.type.startsWith('xstate.after.takeLimit.'),
};

/**
 * Metric facts of a `three-orders` case. 接单 plays the part of 签收: the response window is the current issue's
 * take limit (`takeDueAt`, `takenAt`). A member's decline counts as a return (退单) and a resident's dispute as
 * a reopening (重办). Solved is resolved, explained is not, withdrawn gives no verdict, and an escalated order
 * takes its work order's. There is no 5-level rating in 三单制, so satisfaction leaves these cases out.
 *
 * @example
 * ```ts
 * createEngine({ ...options, metrics: { facts: { 'three-orders': threeOrdersFacts } } });
 * ```
 */
export function threeOrdersFacts(input: CaseFactsInput): CaseFacts {
  const c = input.case.context as unknown as ThreeOrdersContext;
  const facts = journalFacts(input);
  const resolved =
    c.outcome === 'solved'
      ? true
      : c.outcome === 'explained'
        ? false
        : c.outcome === 'escalated'
          ? linkedVerdict(c.linkedCloseReason)
          : null;
  return {
    ...facts,
    closedAt: facts.closedAt && (instant(c.closedAt) ?? facts.closedAt),
    signForWindows: signForWindowsOf(input.journal, TAKE_WINDOW, instant(c.takeDueAt)),
    resolved,
    returns: c.declineCount,
    reopens: c.disputeCount,
  };
}
