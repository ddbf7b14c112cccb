import { createWorkOrderFlow } from './work-order-flow.js';

/**
 * `work-order` version 1 with the default SLA table: a return (退单) goes straight back to dispatch.
 *
 * @example
 * ```ts
 * const engine = createEngine({ ...options, flows: [workOrderFlowV1, workOrderFlowV2] });
 * ```
 */
export const workOrderFlowV1 = createWorkOrderFlow({ version: 1 });
