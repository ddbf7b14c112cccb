import { z } from 'zod';

/**
 * When a flow moves a case up one tier of its ladder: on SLA breach, on every n-th return (退单), when a handler
 * marks it hard (难事联办), or when a dispatched order is not signed for in time.
 *
 * @example
 * ```ts
 * const escalation: EscalationConfig = { on: { slaBreach: true, returns: 2, hard: true } };
 * ```
 */
export type EscalationConfig = z.infer<typeof escalationConfigSchema>;

/**
 * Schema of {@link EscalationConfig}.
 *
 * @example
 * ```ts
 * escalationConfigSchema.parse({ on: { returns: 3 } });
 * ```
 */
export const escalationConfigSchema = z
  .object({
    on: z
      .object({
        slaBreach: z.boolean().optional(),
        returns: z.number().int().positive().optional(),
        hard: z.boolean().optional(),
        signForOverdue: z.boolean().optional(),
      })
      .strict(),
  })
  .strict();

/**
 * What made a case move up.
 *
 * @example
 * ```ts
 * const why: EscalationTrigger = 'slaBreach';
 * ```
 */
export type EscalationTrigger = 'slaBreach' | 'returns' | 'hard' | 'signForOverdue';

/**
 * One move up the ladder (or an attempt at the top, where `to` is null), kept in context for metrics and audit.
 *
 * @example
 * ```ts
 * const step: EscalationStep = { trigger: 'hard', from: 'comm-1', to: 'street-east', at: '2026-09-30T02:00:00Z',
 *   by: 'u-li' };
 * ```
 */
export interface EscalationStep {
  /** What caused it: an SLA breach, repeated returns, a hard case or a missed sign-for. */
  trigger: EscalationTrigger;
  /** The unit responsible before. */
  from: string;
  /** The unit responsible after, or null when the ladder had no tier left. */
  to: string | null;
  /** When it happened (ISO-8601). */
  at: string;
  /** Member id of the actor whose event triggered it. */
  by: string;
}

/**
 * A case's place on its ladder: the unit chain (grid → community → street → district command centre →
 * department), bottom first, and the index of the tier now responsible.
 *
 * @example
 * ```ts
 * const state: EscalationState = { ladder: ['grid-01', 'comm-1', 'street-east', 'district'], tier: 0, steps: [] };
 * ```
 */
export interface EscalationState {
  /** Unit ids from the case's own unit up, bottom first. */
  ladder: string[];
  /** Index in `ladder` of the tier responsible now. */
  tier: number;
  /** Every escalation so far, oldest first. */
  steps: EscalationStep[];
}

/**
 * The ladder a case starts on. Machine code is pure and cannot read the directory, so the chain comes with the
 * case's input (an intake adapter or the creating flow fills it from `directory.ancestors(orgUnit)`); without
 * it the ladder is just the case's own unit and escalation stops there, recorded as such.
 *
 * @example
 * ```ts
 * startLadder('grid-01', ['grid-01', 'comm-1', 'street-east', 'district', 'dept-city']);
 * ```
 */
export function startLadder(orgUnit: string, ladder: readonly string[] = []): EscalationState {
  const chain = ladder[0] === orgUnit ? [...ladder] : [orgUnit, ...ladder.filter((unit) => unit !== orgUnit)];
  return { ladder: chain, tier: 0, steps: [] };
}

/**
 * The facts a trigger is judged on.
 *
 * @example
 * ```ts
 * const facts: EscalationFacts = { returns: 2 };
 * ```
 */
export interface EscalationFacts {
  /** Returns (退单) so far, including the one being handled. */
  returns: number;
}

/**
 * What a machine must offer to escalate: the slice of XState's `enqueue` used, structurally typed so any
 * machine's `enqueue` fits.
 *
 * @example
 * ```ts
 * enqueueActions(({ context, event, enqueue }) =>
 *   ladder.escalate(enqueue as unknown as EscalationEnqueue, context, 'hard', event.meta, { returns: 0 }));
 * ```
 */
export interface EscalationEnqueue {
  /** Write the new escalation state and handling units to the context. */
  assign(patch: { escalation: EscalationState; handlingUnits: string[] }): void;
}

/**
 * The context fields escalation reads and writes.
 *
 * @example
 * ```ts
 * const c: EscalationContext = { escalation: startLadder('grid-01'), handlingUnits: [] };
 * ```
 */
export interface EscalationContext {
  /** Where the case is on its ladder. */
  escalation: EscalationState;
  /** The units handling the case; an escalation moves them to the next tier. */
  handlingUnits: string[];
}

/**
 * The machine piece made from a flow's declarative `escalation` config. Flows call `escalate` from one named
 * action at every trigger point; whether a trigger escalates is decided here, from the config, not per state.
 *
 * @example
 * ```ts
 * const ladder = escalationLadder({ on: { slaBreach: true, returns: 2, hard: true } });
 * setup({ actions: { escalate: enqueueActions(({ context, event, enqueue }, p: { trigger: EscalationTrigger }) =>
 *   ladder.escalate(enqueue, context, p.trigger, event.meta, { returns: context.returnCount })) } });
 * ```
 */
export interface EscalationLadder {
  /** The declarative config the ladder was made from. */
  readonly config: EscalationConfig;
  /** True when the config says `trigger` escalates given `facts`. */
  applies(trigger: EscalationTrigger, facts: EscalationFacts): boolean;
  /**
   * Move up one tier if the trigger applies: record the step and add the new tier's unit to the handling units
   * (so its staff may act). At the top, record the step with `to: null`. Returns the step, or null when the
   * trigger does not apply; telling the new tier is the flow's part, with its own topics.
   */
  escalate(
    enqueue: EscalationEnqueue,
    context: EscalationContext,
    trigger: EscalationTrigger,
    meta: { actor: { id: string }; at: string },
    facts: EscalationFacts,
  ): EscalationStep | null;
}

/**
 * Turn a declarative escalation config into the {@link EscalationLadder} piece a machine uses.
 *
 * @example
 * ```ts
 * const ladder = escalationLadder({ on: { slaBreach: true, returns: 2 } });
 * ladder.applies('returns', { returns: 1 }); // false
 * ```
 */
export function escalationLadder(config: EscalationConfig): EscalationLadder {
  const parsed = escalationConfigSchema.parse(config);
  const applies = (trigger: EscalationTrigger, facts: EscalationFacts) => {
    // Every n-th return moves up again: a case bounced four times with `returns: 2` is two tiers up.
    if (trigger === 'returns')
      return parsed.on.returns !== undefined && facts.returns % parsed.on.returns === 0;
    return parsed.on[trigger] === true;
  };
  return {
    config: parsed,
    applies,
    escalate(enqueue, context, trigger, meta, facts) {
      if (!applies(trigger, facts)) return null;
      const { ladder, tier } = context.escalation;
      const from = ladder[tier] ?? ladder[0] ?? '';
      const to = ladder[tier + 1] ?? null;
      const step: EscalationStep = { trigger, from, to, at: meta.at, by: meta.actor.id };
      enqueue.assign({
        escalation: { ladder, tier: to ? tier + 1 : tier, steps: [...context.escalation.steps, step] },
        handlingUnits:
          to && !context.handlingUnits.includes(to) ? [...context.handlingUnits, to] : context.handlingUnits,
      });
      return step;
    },
  };
}
