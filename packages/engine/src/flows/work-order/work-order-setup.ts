import { setup } from 'xstate';
import { effect } from '../../flow/define-flow.js';
import type { CaseEventPayload } from '../../runtime/commands/linked-cases.js';
import type { EventMeta } from '../../types.js';
import { startLadder } from '../escalation/escalation-ladder.js';
import type { Notice } from '../../effects/notice.js';
import { idleSla } from '../sla/sla-clock.js';
import { resolveSla, type SlaPolicy, type WorkingDuration } from '../sla/sla-policy.js';
import { toWorkingHours } from '../sla/sla-time.js';
import type { WorkOrderContext } from './work-order-context.js';
import type { WorkOrderRules } from './work-order-rules.js';
import { type WorkOrderInput, workOrderInputSchema } from './work-order-input.js';
import { PLATFORM_WRITE_BACK_EFFECT, type PlatformWriteBack } from './work-order-write-back.js';
import {
  appealableRating,
  isUnsatisfied,
  openSummons,
  type WorkOrderMachineEvent,
} from './work-order-records.js';

/**
 * What the engine hands a work-order machine at creation.
 *
 * @example
 * ```ts
 * const input: WorkOrderMachineInput = { title: '路灯不亮', requestType: 'help', urgency: 'normal',
 *   caseId: 'c-1', orgUnit: 'grid-01', requesterId: 'r-1', meta };
 * ```
 */
export type WorkOrderMachineInput = WorkOrderInput & {
  caseId: string;
  orgUnit: string;
  requesterId?: string | null;
  /** The unit and its ancestors from the directory, nearest first; the engine adds it at creation. */
  orgChain?: string[];
  meta: EventMeta;
};

// Built once: zod compiles an object schema on its first parse, so a schema made per case is compiled per case.
const strippedInputSchema = workOrderInputSchema.strip();

/**
 * The context a work order starts with: the resolved SLA policy and the escalation ladder are fixed here, so a
 * later change to the district's table does not move running cases.
 *
 * @example
 * ```ts
 * const context = initialWorkOrderContext(input, defaultSlaPolicies);
 * ```
 */
export function initialWorkOrderContext(
  input: WorkOrderMachineInput,
  policies: readonly SlaPolicy[],
): WorkOrderContext {
  const { caseId, orgUnit, requesterId, meta, ladder, orgChain, ...rest } = input;
  // Defaults apply here too, so a machine driven without the engine's input validation behaves the same;
  // stripping (not rejecting) unknown keys keeps a future engine-added input field from breaking creation.
  const request = strippedInputSchema.parse(rest);
  return {
    caseId,
    orgUnit,
    requesterId: requesterId ?? null,
    createdBy: meta.actor.id,
    createdAt: meta.at,
    request,
    assignee: null,
    handlingUnits: [],
    leadUnit: null,
    coUnits: [],
    sla: idleSla(resolveSla(policies, request)),
    // An explicit ladder (from intake) wins; otherwise climb the org tree the engine handed us.
    escalation: startLadder(orgUnit, ladder ?? orgChain),
    hard: false,
    acceptedAt: null,
    dispatches: [],
    dispatchedAt: null,
    signForDueAt: null,
    signForOverdue: false,
    signedForAt: null,
    signedForOnTime: null,
    returns: [],
    returnCount: 0,
    suspensions: [],
    extensions: [],
    whistles: [],
    urges: [],
    supervisions: [],
    repliedAt: null,
    reply: null,
    verifications: [],
    followUps: [],
    rating: null,
    unitAtFault: null,
    reopenCount: 0,
    reopens: [],
    notAcceptedReason: null,
    masterCaseId: null,
    onSpotAnswer: null,
    closedAt: null,
    closeReason: null,
    closeNote: null,
    onTime: null,
  };
}

/** `a` is no longer than `b`; across units, by the office hours of the next working day (in a transition). */
const atMost = (a: WorkingDuration, b: WorkingDuration) =>
  a.unit === b.unit ? a.amount <= b.amount : toWorkingHours(a) <= toWorkingHours(b);

/**
 * The XState `setup` shared by every work-order version: types, the `notify` effect, and guards (the limits of
 * `rules` in v3).
 *
 * @example
 * ```ts
 * const machine = workOrderSetup(rules).createMachine({ ... });
 * ```
 */
export function workOrderSetup(rules: WorkOrderRules | null = null) {
  const withinSuspensionLimit = (length: WorkingDuration | undefined) =>
    !rules || !length || atMost(length, rules.suspension.max);
  return setup({
    types: {} as { context: WorkOrderContext; events: WorkOrderMachineEvent; input: WorkOrderMachineInput },
    actions: {
      notify: effect<Notice>(),
      'gridflow.sendEvent': effect<CaseEventPayload>(),
      [PLATFORM_WRITE_BACK_EFFECT]: effect<PlatformWriteBack>({ orderingKey: 'case' }),
    },
    guards: {
      beforeDeadline: ({ context, event }) =>
        context.sla.deadline !== null && Date.parse(event.meta.at) < Date.parse(context.sla.deadline),
      verifyPassed: ({ event }) => event.type === 'verify' && event.passed,
      returnUpheld: ({ event }) => event.type === 'reviewReturn' && event.upheld,
      ratedUnsatisfied: ({ context }) => isUnsatisfied(context.rating),
      unsatisfiedForUnitReasons: ({ event }) =>
        event.type === 'followUp' &&
        event.reached &&
        isUnsatisfied(event.rating) &&
        event.unitAtFault === true,
      extensionPending: ({ context }) => context.extensions.at(-1)?.decision === 'pending',
      /** 报到: the actor's unit has a summons still open (to the whistle named, or any). */
      summoned: ({ context, event }) =>
        event.type === 'reportIn' && !!openSummons(context, event.meta.actor.orgUnit, event.whistleId),
      /** v3 (申诉): the standing rating is unsatisfied and not yet appealed. */
      appealable: ({ context }) => appealableRating(context) !== undefined,
      /** v3 (退单时限): the return comes before the limit set at dispatch. */
      withinReturnLimit: ({ context, event }) =>
        !context.returnDueAt || Date.parse(event.meta.at) < Date.parse(context.returnDueAt),
      /** v3: the request's category goes to follow-up without verification (核查); v1 and v2 never verify first. */
      verificationSkipped: ({ context }) =>
        !rules || (!!context.request.category && rules.skipVerification.includes(context.request.category)),
      /** v3: a suspension asked for no longer than the flow's limit. */
      suspensionWithinLimit: ({ event }) => event.type !== 'suspend' || withinSuspensionLimit(event.length),
      /** v3: a suspension approved for no longer than the flow's limit. */
      grantWithinLimit: ({ event }) =>
        event.type !== 'approveSuspension' || withinSuspensionLimit(event.length),
    },
  });
}
