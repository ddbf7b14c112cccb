import { createWorkOrderFlow } from './work-order-flow.js';

/**
 * `work-order` version 2 with the default SLA table: a return (退单) goes to dispute review (退单审核), where
 * the command centre either upholds it (back to dispatch) or sends the order back to the unit to sign for.
 *
 * @example
 * ```ts
 * await engine.send({ caseId, actor: dispatcher, event: { type: 'reviewReturn', upheld: false, note: '属贵单位职责' } });
 * ```
 */
export const workOrderFlowV2 = createWorkOrderFlow({ version: 2 });
