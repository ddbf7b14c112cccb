import type { FlowVersionRecord } from '@gridflow/engine';
import type { StoreContext } from './store-context.js';

/**
 * Record a flow version unless `(id, version)` exists; return what is stored either way, so every process
 * agrees on one hash per version.
 *
 * @example
 * ```ts
 * const stored = await ensureFlowVersion(ctx, { flowId: 'work-order', version: 1, hash: 'sha256:…' });
 * if (stored.hash !== mine.hash) throw new Error('another machine was registered under this version');
 * ```
 */
export async function ensureFlowVersion(
  ctx: StoreContext,
  record: FlowVersionRecord,
): Promise<FlowVersionRecord> {
  const values = [ctx.tenantId, record.flowId, record.version, record.hash];
  const inserted = await ctx.driver.query(
    `insert into ${ctx.t.flowVersions} (tenant_id, flow_id, version, hash) values ($1, $2, $3, $4)
on conflict (tenant_id, flow_id, version) do nothing returning hash`,
    values,
    true,
  );
  if (inserted.length > 0) return { ...record };
  const [stored] = await ctx.driver.query<{ hash: string }>(
    `select hash from ${ctx.t.flowVersions} where tenant_id = $1 and flow_id = $2 and version = $3`,
    values.slice(0, 3),
    true,
  );
  return { flowId: record.flowId, version: record.version, hash: stored!.hash };
}
