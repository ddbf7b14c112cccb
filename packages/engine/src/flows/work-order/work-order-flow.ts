import { defineFlow } from '../../flow/define-flow.js';
import type { EscalationConfig } from '../escalation/escalation-ladder.js';
import { SLA_DEADLINE } from '../sla/sla-clock.js';
import { defaultSlaPolicies, type SlaPolicy, slaPolicySchema } from '../sla/sla-policy.js';
import { type WorkOrderEventType, workOrderEvents } from './work-order-events.js';
import { workOrderInputSchema } from './work-order-input.js';
import { buildWorkOrderMachine } from './work-order-machine.js';
import { workOrderPermissions } from './work-order-permissions.js';
import type { WorkOrderRules } from './work-order-rules.js';

/**
 * Options of {@link createWorkOrderFlow}: a district's own SLA table and escalation rules.
 *
 * @example
 * ```ts
 * const options: WorkOrderFlowOptions = { version: 2, slaPolicies: myTable, escalation: { on: { returns: 3 } } };
 * ```
 */
export interface WorkOrderFlowOptions {
  /**
   * 1: a return goes straight back to dispatch. 2: a return goes to dispute review first. 3 (default): version 2
   * with the district's rules ({@link WorkOrderRules}): escalation along the handling unit's chain and the
   * command centre told of SLA breaches.
   */
  version?: 1 | 2 | 3;
  /** Defaults to {@link defaultSlaPolicies}. */
  slaPolicies?: readonly SlaPolicy[];
  /** Defaults to escalating on SLA breach, on every 2nd return, and on a case marked hard. */
  escalation?: EscalationConfig;
}

const DESCRIPTIONS = {
  1: '接诉即办 work order; a return (退单) goes straight back to dispatch',
  2: '接诉即办 work order; a return (退单) goes to dispute review before re-dispatch',
  3: "接诉即办 work order with the district's rules: escalation along the handling unit's chain",
} as const;

/**
 * The default escalation of `work-order`.
 *
 * @example
 * ```ts
 * createWorkOrderFlow({ escalation: { on: { ...defaultWorkOrderEscalation.on, signForOverdue: true } } });
 * ```
 */
export const defaultWorkOrderEscalation: EscalationConfig = {
  on: { slaBreach: true, returns: 2, hard: true },
};

/**
 * Define a `work-order` flow version (接诉即办) with a district's SLA table and escalation rules. The table is
 * part of the machine's configuration, so a different table is a different content hash.
 *
 * @example
 * ```ts
 * const engine = createEngine({ ...options, flows: [createWorkOrderFlow({ version: 2, slaPolicies: myTable })] });
 * ```
 */
export function createWorkOrderFlow(options: WorkOrderFlowOptions = {}) {
  const version = options.version ?? 3;
  const slaPolicies = slaPolicySchema
    .array()
    .min(1)
    .parse(options.slaPolicies ?? defaultSlaPolicies);
  const escalation = options.escalation ?? defaultWorkOrderEscalation;
  const rules: WorkOrderRules | null = version >= 3 ? {} : null;
  const machine = buildWorkOrderMachine({ disputeReview: version >= 2, slaPolicies, escalation, rules });
  const { reviewReturn, markHard, ...common } = workOrderEvents;
  const events = {
    ...common,
    ...(escalation.on.hard ? { markHard } : {}),
    ...(version >= 2 ? { reviewReturn } : {}),
  };
  const { reviewReturn: reviewRoles, markHard: hardRoles, ...roles } = workOrderPermissions.events;
  return defineFlow({
    id: 'work-order',
    version,
    machine,
    events: events as Partial<typeof workOrderEvents> as typeof workOrderEvents,
    input: workOrderInputSchema,
    permissions: {
      create: workOrderPermissions.create,
      events: {
        ...roles,
        ...(escalation.on.hard ? { markHard: hardRoles } : {}),
        ...(version >= 2 ? { reviewReturn: reviewRoles } : {}),
      } as Partial<Record<WorkOrderEventType, typeof roles.accept>>,
      scopes: Object.fromEntries(
        Object.entries(workOrderPermissions.scopes).filter(([type]) => Object.hasOwn(events, type)),
      ),
    },
    references: {
      merge: { masterCaseId: 'otherCase' },
      dispatch: { leadUnit: 'unit', coUnits: 'unit' },
      reassign: { leadUnit: 'unit', coUnits: 'unit' },
      return: { suggestedUnit: 'unit' },
      whistle: { departments: 'department' },
    },
    effects: ['notify', 'gridflow.sendEvent'],
    deadlines: [SLA_DEADLINE],
    description: DESCRIPTIONS[version],
  });
}
