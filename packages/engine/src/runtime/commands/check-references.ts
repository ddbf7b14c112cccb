import { validationError } from '../../errors.js';
import type { FlowReferences, ReferenceKind } from '../../flow/flow-references.js';
import type { EngineContext } from '../engine-context.js';

/**
 * Check every id the flow declares as a reference in this event's payload against the directory and the store.
 * Throws `VALIDATION_FAILED` naming the field (`event.coUnits.1`) at the first dangling one.
 *
 * @example
 * ```ts
 * await checkReferences(ctx, flow.references, 'dispatch', payload, caseId);
 * ```
 */
export async function checkReferences(
  ctx: Pick<EngineContext, 'directory' | 'storage'>,
  references: FlowReferences | undefined,
  eventType: string,
  payload: Record<string, unknown>,
  caseId: string,
): Promise<void> {
  if (!references || !Object.hasOwn(references, eventType)) return;
  const fields = references[eventType]!;
  for (const field of Object.keys(fields)) {
    const value = payload[field];
    if (value === undefined || value === null) continue;
    const ids = Array.isArray(value) ? value : [value];
    for (let i = 0; i < ids.length; i++) {
      const path = Array.isArray(value) ? `event.${field}.${i}` : `event.${field}`;
      const problem = await danglingReason(ctx, fields[field]!, ids[i], caseId);
      if (problem) throw validationError(path, problem);
    }
  }
}

async function danglingReason(
  ctx: Pick<EngineContext, 'directory' | 'storage'>,
  kind: ReferenceKind,
  id: unknown,
  caseId: string,
): Promise<string | null> {
  if (typeof id !== 'string') return 'must be an id';
  switch (kind) {
    case 'unit':
      return (await ctx.directory.getUnit(id)) ? null : `names no org unit in the directory (${id})`;
    case 'department': {
      const unit = await ctx.directory.getUnit(id);
      if (!unit) return `names no org unit in the directory (${id})`;
      return unit.kind === 'department' ? null : `must name a department, not a ${unit.kind} (${id})`;
    }
    case 'member':
      return (await ctx.directory.getMember(id)) ? null : `names no member in the directory (${id})`;
    case 'otherCase':
      if (id === caseId) return 'must name another case, not this one';
      return (await ctx.storage.loadCase(id)) ? null : `names no case (${id})`;
  }
}

/**
 * The org chain (the unit, then its ancestors, nearest first) of every unit or department the event references,
 * for `meta.chains`; undefined when it references none. Units the directory does not know are left out (the
 * reference check refuses them for callers; the system actor is trusted).
 *
 * @example
 * ```ts
 * await referencedChains(ctx, flow.references, 'dispatch', { leadUnit: 'dept-housing' });
 * // { 'dept-housing': ['dept-housing', 'district'] }
 * ```
 */
export async function referencedChains(
  ctx: Pick<EngineContext, 'directory'>,
  references: FlowReferences | undefined,
  eventType: string,
  payload: Record<string, unknown>,
): Promise<Record<string, string[]> | undefined> {
  if (!references || !Object.hasOwn(references, eventType)) return undefined;
  const fields = references[eventType]!;
  const chains: Record<string, string[]> = {};
  for (const field of Object.keys(fields)) {
    if (fields[field] !== 'unit' && fields[field] !== 'department') continue;
    const value = payload[field];
    for (const id of Array.isArray(value) ? value : [value]) {
      if (typeof id !== 'string' || Object.hasOwn(chains, id)) continue;
      if (!(await ctx.directory.getUnit(id))) continue;
      chains[id] = [id, ...(await ctx.directory.ancestors(id)).map((u) => u.id)];
    }
  }
  return Object.keys(chains).length > 0 ? chains : undefined;
}
