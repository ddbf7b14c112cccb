/**
 * The rules a district enforces from `work-order` version 3 on (issue 9's 12345 practices): escalation along
 * the handling unit's own chain, with the command centre and its supervisors told of SLA breaches. Version 1
 * and 2 machines are built without them, so running cases keep the rules they started with.
 *
 * @example
 * ```ts
 * buildWorkOrderMachine({ disputeReview: true, slaPolicies: defaultSlaPolicies, escalation, rules: {} });
 * ```
 */
export type WorkOrderRules = Record<string, never>;
