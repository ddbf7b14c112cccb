import { createWorkOrderFlow } from './work-order-flow.js';

/**
 * `work-order` version 3 with the default SLA table: version 2's dispute review, and the district's rules
 * ({@link WorkOrderRules}). A case the housing bureau handles escalates to the command centre, not to the
 * resident's community; a breach is told to the command centre and its supervisors.
 *
 * @example
 * ```ts
 * const engine = createEngine({ ...options, flows: [workOrderFlowV1, workOrderFlowV2, workOrderFlowV3] });
 * ```
 */
export const workOrderFlowV3 = createWorkOrderFlow({ version: 3 });
