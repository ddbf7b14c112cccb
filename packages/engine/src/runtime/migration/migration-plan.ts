import { type AnyStateMachine, type AnyStateNode, pathToStateValue, type StateValue } from 'xstate';
import { z } from 'zod';
import { GridflowError } from '../../errors.js';
import type { FlowDefinition } from '../../flow/define-flow.js';
import type { FlowRegistry } from '../../flow/flow-registry.js';
import type { MigrationPlan, MigrationTimerPolicy } from './migration-types.js';

/**
 * A plan that passed every check that needs no case: both versions exist, every mapped state exists.
 *
 * @example
 * ```ts
 * const { source, target, timers } = checkPlan(engine.flows, plan);
 * ```
 */
export interface CheckedPlan {
  plan: MigrationPlan;
  source: FlowDefinition;
  target: FlowDefinition;
  timers: MigrationTimerPolicy;
}

/**
 * One thing wrong with a plan, named by its dotted field (`states.inProgress`).
 *
 * @example
 * ```ts
 * const p: PlanProblem = { field: 'states.returned', problem: 'targets state "review", which does not exist' };
 * ```
 */
export interface PlanProblem {
  field: string;
  problem: string;
}

const planSchema = z.object({
  flow: z.string().min(1),
  from: z.number().int().positive(),
  to: z.number().int().positive(),
  states: z.record(z.string().min(1), z.string().min(1)),
  context: z.custom<MigrationPlan['context']>((v) => v === undefined || typeof v === 'function').optional(),
  timers: z.enum(['replan', 'keep', 'drop']).optional(),
  filter: z
    .object({ caseIds: z.array(z.string().min(1)).optional(), orgUnit: z.string().min(1).optional() })
    .strict()
    .optional(),
});

/**
 * A `MIGRATION_INVALID` error listing every problem; `details.field` names the first.
 *
 * @example
 * ```ts
 * throw invalidPlan([{ field: 'to', problem: 'must differ from `from`' }]);
 * ```
 */
export function invalidPlan(problems: PlanProblem[], extra: Record<string, unknown> = {}): GridflowError {
  const first = problems[0] ?? { field: 'plan', problem: 'is invalid' };
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return new GridflowError('MIGRATION_INVALID', `migration ${first.field} ${first.problem}${more}`, {
    details: { field: first.field, problems, ...extra },
  });
}

/**
 * The state node at a dotted path (`inProgress.suspended`), or undefined.
 *
 * @example
 * ```ts
 * stateNodeAt(flow.machine, 'inProgress.suspended')?.id; // 'work-order.inProgress.suspended'
 * ```
 */
export function stateNodeAt(machine: AnyStateMachine, path: string): AnyStateNode | undefined {
  let node: AnyStateNode | undefined = machine.root;
  for (const key of path.split('.'))
    node = node && Object.hasOwn(node.states, key) ? node.states[key] : undefined;
  return node;
}

/** True when every leaf of a state path (parallel leaves joined by `,`) names a state of the machine. */
function exists(machine: AnyStateMachine, path: string): boolean {
  return path.split(',').every((leaf) => stateNodeAt(machine, leaf) !== undefined);
}

/**
 * Check a plan against the registry and the target machine before any case is read. Throws
 * `MIGRATION_INVALID` naming every bad entry.
 *
 * @example
 * ```ts
 * checkPlan(flows, { flow: 'repair', from: 1, to: 2, states: { assigned: 'working' } });
 * ```
 */
export function checkPlan(flows: FlowRegistry, raw: MigrationPlan): CheckedPlan {
  const parsed = planSchema.safeParse(raw);
  if (!parsed.success) {
    throw invalidPlan(
      parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'plan', problem: i.message })),
    );
  }
  const plan = { ...raw, ...parsed.data } as MigrationPlan;
  const problems: PlanProblem[] = [];
  if (plan.from === plan.to) problems.push({ field: 'to', problem: 'must differ from `from`' });
  for (const field of ['from', 'to'] as const) {
    if (!flows.has(plan.flow, plan[field])) {
      problems.push({ field, problem: `names ${plan.flow}@${plan[field]}, which is not registered` });
    }
  }
  if (problems.length > 0) throw invalidPlan(problems);
  const source = flows.get(plan.flow, plan.from);
  const target = flows.get(plan.flow, plan.to);
  for (const [from, to] of Object.entries(plan.states)) {
    if (!exists(source.machine, from)) {
      problems.push({
        field: `states.${from}`,
        problem: `maps a state that does not exist in ${plan.flow}@${plan.from}`,
      });
    }
    if (!exists(target.machine, to)) {
      problems.push({
        field: `states.${from}`,
        problem: `targets state "${to}", which does not exist in ${plan.flow}@${plan.to}`,
      });
    }
  }
  if (problems.length > 0) throw invalidPlan(problems);
  return { plan, source, target, timers: plan.timers ?? 'replan' };
}

/**
 * The target of a source state path in the plan, or undefined when it is not mapped.
 *
 * @example
 * ```ts
 * mappedState({ ...plan, states: { assigned: 'working' } }, 'assigned'); // 'working'
 * ```
 */
export function mappedState(plan: MigrationPlan, state: string): string | undefined {
  return Object.hasOwn(plan.states, state) ? plan.states[state] : undefined;
}

/**
 * The XState state value of a state path; the leaves of a parallel path merge.
 *
 * @example
 * ```ts
 * stateValueOf('p.a.x,p.b.y'); // { p: { a: 'x', b: 'y' } }
 * ```
 */
export function stateValueOf(path: string): StateValue {
  return path
    .split(',')
    .map((leaf) => pathToStateValue(leaf.split('.')))
    .reduce((merged, value) => merge(merged, value));
}

/** Merge two state values of one parallel configuration. */
function merge(a: StateValue, b: StateValue): StateValue {
  if (typeof a === 'string' || typeof b === 'string') return b;
  const out: Record<string, StateValue> = { ...(a as Record<string, StateValue>) };
  for (const [key, value] of Object.entries(b)) {
    const existing = out[key];
    out[key] = existing === undefined || value === undefined ? (value as StateValue) : merge(existing, value);
  }
  return out;
}
