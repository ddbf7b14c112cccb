import { assign, cancel, enqueueActions, raise, setup } from 'xstate';
import { z } from 'zod';
import { defineFlow } from '../flow/define-flow.js';
import type { GridflowEvent } from '../types.js';

const HOUR = 3_600_000;

interface ProbeContext {
  caseId: string;
  orgUnit: string;
  requesterId: string | null;
  assignee: string | null;
  leadUnit: string | null;
  handlingUnits: string[];
  summoned: string[];
  whistles: number;
  /** Deadline marks, one per timer that fired (a timer event must change something to be journalled). */
  marks: number;
}

const id = z.string().min(1).max(64);
const text = z.string().min(1).max(200);
const rating = z.enum(['verySatisfied', 'satisfied', 'basicallySatisfied', 'unsatisfied', 'veryUnsatisfied']);

/** The lead and everyone summoned may act on the case. */
const units = (leadUnit: string | null, summoned: readonly string[]) => ({
  leadUnit,
  summoned: [...summoned],
  handlingUnits: [...new Set([...(leadUnit ? [leadUnit] : []), ...summoned])],
});

/**
 * A small flow that speaks the handling events by the work order's names (`dispatch`, `signFor` with a
 * 2-hour limit marked by `signFor.overdue`, `return`, `whistle`/`reportIn` with a 4-hour limit marked by
 * `whistle.late`, `rate`, `appealRating`, `decideAppeal`, `close`) and a 24-hour `slaDeadline`, so that the
 * metrics conformance group drives the handling-unit view through the engine on any storage.
 */
const probeMachine = setup({
  types: {} as { context: ProbeContext; events: GridflowEvent; input: Record<string, unknown> },
  delays: { slaDeadline: 24 * HOUR },
}).createMachine({
  id: 'handling-probe',
  context: ({ input }) => ({
    caseId: input.caseId as string,
    orgUnit: input.orgUnit as string,
    requesterId: null,
    assignee: null,
    ...units(null, []),
    whistles: 0,
    marks: 0,
  }),
  initial: 'active',
  states: {
    active: {
      initial: 'open',
      after: { slaDeadline: { actions: assign({ marks: ({ context }) => context.marks + 1 }) } },
      on: {
        whistle: {
          actions: enqueueActions(({ context, event, enqueue }) => {
            const whistleId = `w${context.whistles + 1}`;
            const departments = event.departments as string[];
            enqueue.assign({
              whistles: context.whistles + 1,
              ...units(context.leadUnit, [...context.summoned, ...departments]),
            });
            for (const unit of departments) {
              const late = { type: 'whistle.late', whistleId, unit } as unknown as GridflowEvent;
              enqueue.raise(late, { id: `reportIn:${whistleId}:${unit}`, delay: 4 * HOUR });
            }
          }),
        },
        reportIn: {
          actions: enqueueActions(({ event, enqueue }) => {
            enqueue.cancel(`reportIn:${event.whistleId as string}:${event.meta.actor.orgUnit}`);
          }),
        },
        'whistle.late': { actions: assign({ marks: ({ context }) => context.marks + 1 }) },
      },
      states: {
        open: {
          on: {
            dispatch: {
              target: 'dispatched',
              actions: assign(({ context, event }) => units(event.leadUnit as string, context.summoned)),
            },
          },
        },
        dispatched: {
          entry: raise({ type: 'signFor.overdue' } as unknown as GridflowEvent, {
            id: 'signFor',
            delay: 2 * HOUR,
          }),
          exit: cancel('signFor'),
          on: {
            signFor: {
              target: 'working',
              actions: assign(({ event }) => ({ assignee: event.meta.actor.id })),
            },
            return: {
              target: 'open',
              actions: assign(({ context }) => ({ ...units(null, context.summoned), assignee: null })),
            },
            'signFor.overdue': { actions: assign({ marks: ({ context }) => context.marks + 1 }) },
          },
        },
        working: { on: { rate: 'rated' } },
        rated: { on: { appealRating: 'appealing', close: '#handling-probe.closed' } },
        appealing: { on: { decideAppeal: 'rated' } },
      },
    },
    closed: { type: 'final' },
  },
});

/**
 * The `handling-probe` flow (see the machine above); internal to `@gridflow/engine/testing`.
 *
 * @example
 * ```ts
 * createTestEngine({ flows: [handlingProbeFlow], storage, directory: probeDirectory });
 * ```
 */
export const handlingProbeFlow = defineFlow({
  id: 'handling-probe',
  version: 1,
  machine: probeMachine,
  events: {
    dispatch: z.object({ leadUnit: id }).strict(),
    signFor: z.object({}).strict(),
    return: z.object({ reason: text }).strict(),
    whistle: z.object({ departments: z.array(id).min(1).max(5) }).strict(),
    reportIn: z.object({ whistleId: id }).strict(),
    rate: z.object({ rating }).strict(),
    appealRating: z.object({ reason: text }).strict(),
    decideAppeal: z.object({ upheld: z.boolean(), note: text }).strict(),
    close: z.object({ reason: z.enum(['resolved', 'explained']) }).strict(),
  },
  permissions: {
    create: ['dispatcher'],
    events: {
      dispatch: ['dispatcher'],
      signFor: ['departmentHandler'],
      return: ['departmentHandler'],
      whistle: ['dispatcher'],
      reportIn: ['departmentHandler'],
      rate: ['dispatcher'],
      appealRating: ['departmentHandler'],
      decideAppeal: ['dispatcher'],
      close: ['dispatcher'],
    },
  },
  deadlines: ['slaDeadline'],
});
