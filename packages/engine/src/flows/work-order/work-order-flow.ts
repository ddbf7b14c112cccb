import { defineFlow } from '../../flow/define-flow.js';
import { parseOptions } from '../../errors.js';
import type { EscalationConfig } from '../escalation/escalation-ladder.js';
import { SLA_DEADLINE } from '../sla/sla-clock.js';
import {
  defaultSlaPolicies,
  type SlaPolicy,
  slaPolicySchema,
  type WorkingDuration,
} from '../sla/sla-policy.js';
import { suspendAtOnce, V3_EVENTS, type WorkOrderEventType, workOrderEvents } from './work-order-events.js';
import { workOrderInputSchema } from './work-order-input.js';
import { buildWorkOrderMachine } from './work-order-machine.js';
import { workOrderPermissions } from './work-order-permissions.js';
import { workOrderRefusals } from './work-order-refusals.js';
import { type WorkOrderRules, workOrderRulesSchema } from './work-order-rules.js';
import { PLATFORM_WRITE_BACK_EFFECT } from './work-order-write-back.js';
import { WORK_ORDER_LABELS } from '../built-in-labels.js';

/**
 * Options of {@link createWorkOrderFlow}: a district's own SLA table, escalation rules and (version 3) the
 * limits of its 12345 practice.
 *
 * @example
 * ```ts
 * const options: WorkOrderFlowOptions = { version: 3, slaPolicies: myTable, escalation: { on: { returns: 3 } },
 *   suspension: { max: { amount: 20, unit: 'workingDays' }, onLimit: 'alert' } };
 * ```
 */
export interface WorkOrderFlowOptions {
  /**
   * 1: a return goes straight back to dispatch. 2: a return goes to dispute review first. 3 (default): version 2
   * with the district's rules ({@link WorkOrderRules}): escalation along the handling unit's chain, the command
   * centre told of breaches and late report-ins, suspension by approval with a limit.
   */
  version?: 1 | 2 | 3;
  /** Defaults to {@link defaultSlaPolicies}. */
  slaPolicies?: readonly SlaPolicy[];
  /** Defaults to escalating on SLA breach, on every 2nd return, and on a case marked hard. */
  escalation?: EscalationConfig;
  /** v3: the longest approved suspension (default 10 working days) and what its end does (default `resume`). */
  suspension?: { max?: WorkingDuration; onLimit?: 'resume' | 'alert' };
  /** v3: request categories whose replies go to follow-up without verification (核查); default none. */
  skipVerification?: readonly string[];
  /** v3: 退单时限, the time after dispatch within which a unit may return the order (default 1 working day; null: no limit). */
  returnWithin?: WorkingDuration | null;
}

const DESCRIPTIONS = {
  1: '接诉即办 work order; a return (退单) goes straight back to dispatch',
  2: '接诉即办 work order; a return (退单) goes to dispute review before re-dispatch',
  3: "接诉即办 work order with the district's rules: escalation along the handling unit's chain, suspension by approval",
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

/** The events a version has: v2 adds dispute review, v3 the suspension's approval; `markHard` when it escalates. */
function eventsOf(version: 1 | 2 | 3, escalation: EscalationConfig) {
  const events: Partial<typeof workOrderEvents> = { ...workOrderEvents };
  if (!escalation.on.hard) delete events.markHard;
  if (version < 2) delete events.reviewReturn;
  if (version < 3) {
    for (const type of V3_EVENTS) delete events[type];
    events.suspend = suspendAtOnce as unknown as typeof workOrderEvents.suspend;
  }
  return events as typeof workOrderEvents;
}

/**
 * Define a `work-order` flow version (接诉即办) with a district's SLA table and escalation rules. The table is
 * part of the machine's configuration, so a different table is a different content hash.
 *
 * @example
 * ```ts
 * const engine = createEngine({ ...options, flows: [createWorkOrderFlow({ version: 3, slaPolicies: myTable })] });
 * ```
 */
export function createWorkOrderFlow(options: WorkOrderFlowOptions = {}) {
  const version = options.version ?? 3;
  const slaPolicies = slaPolicySchema
    .array()
    .min(1)
    .parse(options.slaPolicies ?? defaultSlaPolicies);
  const escalation = options.escalation ?? defaultWorkOrderEscalation;
  const rules: WorkOrderRules | null =
    version >= 3
      ? parseOptions(workOrderRulesSchema, {
          suspension: options.suspension,
          skipVerification: options.skipVerification,
          returnWithin: options.returnWithin,
        })
      : null;
  const machine = buildWorkOrderMachine({ disputeReview: version >= 2, slaPolicies, escalation, rules });
  const events = eventsOf(version, escalation);
  const has = ([type]: [string, unknown]) => Object.hasOwn(events, type);
  return defineFlow({
    id: 'work-order',
    version,
    machine,
    events,
    input: workOrderInputSchema,
    permissions: {
      create: workOrderPermissions.create,
      events: Object.fromEntries(Object.entries(workOrderPermissions.events).filter(has)) as Partial<
        Record<WorkOrderEventType, (typeof workOrderPermissions.events)['accept']>
      >,
      scopes: Object.fromEntries(Object.entries(workOrderPermissions.scopes).filter(has)),
    },
    references: {
      merge: { masterCaseId: 'otherCase' },
      dispatch: { leadUnit: 'unit', coUnits: 'unit' },
      reassign: { leadUnit: 'unit', coUnits: 'unit' },
      return: { suggestedUnit: 'unit' },
      whistle: { departments: 'department' },
    },
    refusals: workOrderRefusals(rules),
    effects: ['notify', 'gridflow.sendEvent', PLATFORM_WRITE_BACK_EFFECT],
    deadlines: [SLA_DEADLINE],
    labels: WORK_ORDER_LABELS,
    description: DESCRIPTIONS[version],
  });
}
