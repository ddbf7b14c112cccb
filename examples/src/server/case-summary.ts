import { type CaseView, caseCategory, type Engine } from '@gridflow/engine';
import type { z } from 'zod';
import type { caseSummarySchema } from './api-schemas.js';
import { caseStateLabel, FLOW_LABELS } from './display-names.js';
import { slaLight } from './sla-light.js';

/**
 * A case as lists show it.
 *
 * @example
 * ```ts
 * const row: CaseSummary = await summarizeCase(engine, view);
 * ```
 */
export type CaseSummary = z.infer<typeof caseSummarySchema>;

const text = (v: unknown) => (typeof v === 'string' ? v : null);

/**
 * The list row of `view` (already masked for its reader), with its SLA light at the engine's now.
 *
 * @example
 * ```ts
 * const rows = await Promise.all(page.items.map((v) => summarizeCase(engine, v)));
 * ```
 */
export async function summarizeCase(
  engine: Pick<Engine, 'directory' | 'clock' | 'calendar' | 'flows'>,
  view: CaseView,
): Promise<CaseSummary> {
  // Work orders keep what was asked under `request`; the other flows at the top of their context.
  const ctx = { ...view.context, ...((view.context.request as Record<string, unknown> | undefined) ?? {}) };
  return {
    id: view.id,
    flowId: view.flowId,
    flowLabel: FLOW_LABELS[view.flowId] ?? view.flowId,
    state: view.state,
    stateLabel: caseStateLabel(engine, view),
    status: view.status,
    orgUnit: view.orgUnit,
    unitName: (await engine.directory.getUnit(view.orgUnit))?.name ?? view.orgUnit,
    title: text(ctx.title) ?? text(ctx.wish) ?? text(ctx.description) ?? text(ctx.summary),
    category: caseCategory({ context: view.context }),
    dueAt: view.dueAt?.toISOString() ?? null,
    createdAt: view.createdAt.toISOString(),
    updatedAt: view.updatedAt.toISOString(),
    sla: slaLight(view, engine.clock.now(), engine.calendar),
  };
}
