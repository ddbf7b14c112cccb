import type { FlowRefusals } from '../../flow/define-flow.js';
import type { WorkingDuration } from '../sla/sla-policy.js';
import type { WorkOrderRules } from './work-order-rules.js';

const words = (d: WorkingDuration) =>
  `${d.amount} ${d.unit === 'workingDays' ? 'working day' : 'working hour'}${d.amount === 1 ? '' : 's'}`;

/**
 * Why a work order refuses an event its state has a transition for (`EVENT_NOT_ACCEPTED` with the reason), by
 * the guard that stopped it.
 *
 * @internal
 * @example
 * ```ts
 * defineFlow({ ...config, refusals: workOrderRefusals(rules) });
 * ```
 */
export function workOrderRefusals(rules: WorkOrderRules | null): FlowRefusals {
  return {
    beforeDeadline: 'an extension (延期) is requested before the deadline, which has passed',
    summoned: 'a report-in (报到) answers a whistle that summoned this unit and is still waiting for it',
    ...(rules
      ? {
          suspensionWithinLimit: `a suspension (挂起) is at most ${words(rules.suspension.max)}`,
          grantWithinLimit: `a suspension (挂起) is approved for at most ${words(rules.suspension.max)}`,
          withinReturnLimit: ({ context }) =>
            `退单时限: a return is accepted within ${rules.returnWithin ? words(rules.returnWithin) : 'the limit'} of dispatch, until ${(context as { returnDueAt?: string }).returnDueAt}; it has passed`,
          appealable: 'an appeal (申诉) is of an unsatisfied rating, once for each rating',
          verificationSkipped:
            'the reply is verified (核查) before the requester rates it or is called back; this category does not skip verification',
        }
      : {}),
  };
}
