import { z } from 'zod';
import { GridflowError } from '../../errors.js';
import type { CaseRecord } from '../../storage/storage.js';
import { type Actor, SYSTEM_ACTOR } from '../../types.js';
import { toCaseView } from '../../case/case-view.js';
import type { EngineContext } from '../engine-context.js';
import { prepareMigration } from './migration-case.js';
import { type CheckedPlan, checkPlan, invalidPlan, mappedState } from './migration-plan.js';
import type {
  MigrateOptions,
  MigrationCaseReport,
  MigrationPlan,
  MigrationReport,
} from './migration-types.js';
import { parseActor } from '../commands/validate-request.js';
import { parseOptions } from '../../errors.js';

const optionsSchema = z
  .object({
    dryRun: z.boolean().optional(),
    batchSize: z.number().int().min(1).max(1000).optional(),
    actor: z.unknown().optional(),
  })
  .strict();

/**
 * Migrate live cases from one flow version to another (see `Engine.migrate`). Everything is checked before the
 * first write: the plan against both machines, then every selected case (mapped state, context transform,
 * target snapshot, timers); any problem throws `MIGRATION_INVALID` and nothing is written. Then cases commit in
 * batches, each in its own transaction with a `gridflow.migrate` journal entry; a case that changed since the
 * check is re-read and re-checked, and a case that no longer fits is reported, not forced.
 *
 * @example
 * ```ts
 * const report = await migrateCases(ctx, { flow: 'repair', from: 1, to: 2, states: { open: 'open' } }, { dryRun: true });
 * ```
 */
export async function migrateCases(
  ctx: EngineContext,
  plan: MigrationPlan,
  options: MigrateOptions = {},
): Promise<MigrationReport> {
  parseOptions(optionsSchema, options);
  const actor: Actor = options.actor ? parseActor(options.actor) : SYSTEM_ACTOR;
  const checked = checkPlan(ctx.flows, plan);
  const selected = await selectCases(ctx, checked);
  const now = ctx.clock.now();
  const previews: MigrationCaseReport[] = [];
  for (const record of selected) {
    const timers = await ctx.storage.listTimers(record.id);
    previews.push(prepareMigration(ctx, checked, record, timers, actor, now).report);
  }
  const bad = previews.filter((r) => !r.ok);
  if (bad.length > 0) {
    const isUnmapped = (r: MigrationCaseReport) => mappedState(checked.plan, r.fromState) === undefined;
    const unmapped = bad.filter(isUnmapped).map((r) => ({ caseId: r.caseId, state: r.fromState }));
    throw invalidPlan(
      bad.map((r) => ({
        field: isUnmapped(r) ? `states.${r.fromState}` : `cases.${r.caseId}`,
        problem: isUnmapped(r) ? `is not mapped, but live case ${r.caseId} is in it` : (r.problem ?? ''),
      })),
      { unmapped, cases: bad },
    );
  }
  const result = (cases: MigrationCaseReport[], dryRun: boolean): MigrationReport => ({
    flow: checked.plan.flow,
    from: checked.plan.from,
    to: checked.plan.to,
    dryRun,
    timers: checked.timers,
    cases,
    counts: {
      selected: cases.length,
      migrated: dryRun ? 0 : cases.filter((c) => c.ok).length,
      failed: cases.filter((c) => !c.ok).length,
    },
  });
  if (options.dryRun) return result(previews, true);
  const batchSize = options.batchSize ?? 100;
  const done: MigrationCaseReport[] = [];
  for (let i = 0; i < selected.length; i += batchSize) {
    const batch = selected.slice(i, i + batchSize);
    done.push(...(await Promise.all(batch.map((r) => migrateOne(ctx, checked, r.id, actor)))));
  }
  return result(done, false);
}

/** Live cases of the source version the plan selects, oldest first. Unknown `filter.caseIds` are a plan error. */
async function selectCases(ctx: EngineContext, checked: CheckedPlan): Promise<CaseRecord[]> {
  const { plan } = checked;
  const orgUnits = plan.filter?.orgUnit ? await ctx.directory.subtree(plan.filter.orgUnit) : undefined;
  const wanted = plan.filter?.caseIds && new Set(plan.filter.caseIds);
  const found: CaseRecord[] = [];
  let cursor: string | null = null;
  do {
    const page = await ctx.storage.queryCases({
      flowId: plan.flow,
      status: 'active',
      orgUnits,
      limit: 1000,
      cursor,
    });
    for (const record of page.items) {
      if (record.flowVersion === plan.from && (!wanted || wanted.has(record.id))) found.push(record);
    }
    cursor = page.nextCursor;
  } while (cursor);
  if (wanted) {
    const missing = [...wanted].filter((id) => !found.some((r) => r.id === id));
    if (missing.length > 0) {
      throw invalidPlan(
        missing.map((id) => ({
          field: 'filter.caseIds',
          problem: `names ${id}, which is not a live ${plan.flow}@${plan.from} case`,
        })),
      );
    }
  }
  return found.reverse();
}

/** Migrate one case in its own commit, re-reading and re-checking it after a version conflict. */
async function migrateOne(
  ctx: EngineContext,
  checked: CheckedPlan,
  caseId: string,
  actor: Actor,
): Promise<MigrationCaseReport> {
  for (let attempt = 0; ; attempt++) {
    const current = await ctx.storage.loadCase(caseId);
    if (!current) throw new GridflowError('CASE_NOT_FOUND', `no case ${caseId}`, { details: { caseId } });
    const timers = await ctx.storage.listTimers(caseId);
    const prepared = prepareMigration(ctx, checked, current, timers, actor, ctx.clock.now());
    if (!prepared.request) return prepared.report;
    const outcome = await ctx.storage.commit(prepared.request);
    if (outcome.status === 'committed') {
      const [entry] = prepared.request.journal;
      if (entry) ctx.events.emit('case.transitioned', { case: toCaseView(prepared.request.case), entry });
      return prepared.report;
    }
    if (attempt >= ctx.tuning.conflictRetries) {
      return {
        ...prepared.report,
        ok: false,
        problem: `case kept changing; gave up after ${attempt + 1} tries`,
      };
    }
    await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
  }
}
