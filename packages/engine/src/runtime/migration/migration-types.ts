import type { Actor } from '../../types.js';
import type { CaseView } from '../../case/case-view.js';

/**
 * What a migration does with a case's pending timers. The default is `'replan'`.
 *
 * - `'replan'`: a pending timer whose delayed event the target state still has (same delay name on the same
 *   state, or on the state the plan maps its state to) keeps its original due time, so a migration never resets
 *   an SLA clock; every other pending timer is cancelled; `after` delays of the target state that have no timer
 *   running are started, counted from the migration instant, as if the case had just entered that state.
 * - `'keep'`: as `'replan'`, but starts nothing new.
 * - `'drop'`: cancels every pending timer and starts nothing.
 *
 * @example
 * ```ts
 * await engine.migrate({ flow: 'work-order', from: 1, to: 2, states, timers: 'keep' });
 * ```
 */
export type MigrationTimerPolicy = 'replan' | 'keep' | 'drop';

/**
 * A migration of live cases from one flow version to another. `states` maps every source state path a live case
 * may be in (`case.state`, e.g. `inProgress.suspended`) to a target state path. Map a parent state too
 * (`inProgress: 'working'`) to carry timers that run on the parent across a rename.
 *
 * @example
 * ```ts
 * const plan: MigrationPlan = { flow: 'work-order', from: 1, to: 2,
 *   states: { returned: 'disputeReview', inProgress: 'inProgress' },
 *   context: (ctx) => ({ ...ctx, disputes: [] }) };
 * ```
 */
export interface MigrationPlan {
  /** Flow id of the cases to move. */
  flow: string;
  /** Version the cases run on now. */
  from: number;
  /** Version to move them to; must be registered. */
  to: number;
  /** Source state path → target state path. Every live case's state must be a key. */
  states: Record<string, string>;
  /** Turn the source context into the target's; gets a copy. Defaults to the context unchanged. */
  context?: (context: Record<string, unknown>, info: { case: CaseView }) => Record<string, unknown>;
  /** Defaults to `'replan'`; see {@link MigrationTimerPolicy}. */
  timers?: MigrationTimerPolicy;
  /** Migrate only these cases; the others keep running on `from`. */
  filter?: {
    caseIds?: readonly string[];
    /** Cases of this org unit's subtree. */
    orgUnit?: string;
  };
}

/**
 * Options of `engine.migrate`.
 *
 * @example
 * ```ts
 * const preview = await engine.migrate(plan, { dryRun: true });
 * ```
 */
export interface MigrateOptions {
  /** Check and report per case, write nothing. */
  dryRun?: boolean;
  /** Cases committed concurrently per batch. Default 100. */
  batchSize?: number;
  /** Recorded on each case's journal entry; defaults to the system actor. */
  actor?: Actor;
}

/**
 * A timer a migration keeps, starts or cancels.
 *
 * @example
 * ```ts
 * const t: MigrationTimer = { key: 'xstate.after.sla.work-order.inProgress', dueAt: new Date() };
 * ```
 */
export interface MigrationTimer {
  /** The timer's XState delayed-event id. */
  key: string;
  /** When it is due. */
  dueAt: Date;
}

/**
 * What a migration did (or, in a dry run, would do) to one case.
 *
 * @example
 * ```ts
 * for (const c of report.cases) if (!c.ok) console.warn(c.caseId, c.problem);
 * ```
 */
export interface MigrationCaseReport {
  /** The case. */
  caseId: string;
  /** State before the migration. */
  fromState: string;
  /** State after it (mapped by the plan). */
  toState: string;
  /** Timers kept, started and cancelled for this case. */
  timers: { kept: MigrationTimer[]; started: MigrationTimer[]; cancelled: MigrationTimer[] };
  /** False when the case could not be migrated; see `problem`. */
  ok: boolean;
  /** Why the case could not be migrated. */
  problem?: string;
}

/**
 * The result of `engine.migrate`: a report per selected case and the counts.
 *
 * @example
 * ```ts
 * const { counts } = await engine.migrate(plan);
 * console.log(`${counts.migrated}/${counts.selected} migrated, ${counts.failed} failed`);
 * ```
 */
export interface MigrationReport {
  /** Flow id migrated. */
  flow: string;
  /** Version migrated from. */
  from: number;
  /** Version migrated to. */
  to: number;
  /** True when nothing was written. */
  dryRun: boolean;
  /** How timers were treated. */
  timers: MigrationTimerPolicy;
  /** One report per selected case. */
  cases: MigrationCaseReport[];
  /** Cases selected, migrated and failed. */
  counts: { selected: number; migrated: number; failed: number };
}
