import type { CaseQuery, CaseRecord, Page } from '@gridflow/engine';
import { decodeCursor, encodeCursor, pageSize } from './page-cursor.js';
import { CASE_COLUMNS, toCaseRecord } from './row-mappers.js';
import type { StoreContext } from './store-context.js';

/**
 * Query one tenant's cases, newest first, with keyset pagination. The statement text depends only on which
 * filters are present, so each shape becomes one prepared statement; values always travel as parameters.
 *
 * @example
 * ```ts
 * const page = await queryCases(ctx, { orgUnits: ['comm-1'], state: 'inProgress', limit: 50 });
 * ```
 */
export async function queryCases(ctx: StoreContext, query: CaseQuery): Promise<Page<CaseRecord>> {
  const limit = pageSize(query.limit);
  const values: unknown[] = [ctx.tenantId];
  const where = ['tenant_id = $1'];
  const param = (value: unknown): string => {
    values.push(value);
    return `$${values.length}`;
  };

  if (query.flowId !== undefined) where.push(`flow_id = ${param(query.flowId)}`);
  if (query.state !== undefined) {
    // The "C" collation lets the prefix LIKE use the worklist index.
    where.push(`(state = ${param(query.state)} or state like ${param(`${escapeLike(query.state)}.%`)})`);
  }
  if (query.status !== undefined) where.push(`status = ${param(query.status)}`);
  if (query.orgUnits !== undefined) {
    where.push(
      query.orgUnits.length === 1
        ? `org_unit = ${param(query.orgUnits[0])}`
        : `org_unit = any(${param([...query.orgUnits])}::text[])`,
    );
  }
  if (query.assignee !== undefined) where.push(`assignee = ${param(query.assignee)}`);
  if (query.requesterId !== undefined) where.push(`requester_id = ${param(query.requesterId)}`);
  if (query.overdue) {
    where.push(
      `status = 'active' and due_at < ${param((query.now ?? new Date()).toISOString())}::timestamptz`,
    );
  }
  if (query.createdFrom) where.push(`created_at >= ${param(query.createdFrom.toISOString())}::timestamptz`);
  if (query.createdTo) where.push(`created_at < ${param(query.createdTo.toISOString())}::timestamptz`);
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    where.push(`(created_at, id) < (${param(after.at.toISOString())}::timestamptz, ${param(after.id)})`);
  }

  const text = `select ${CASE_COLUMNS} from ${ctx.t.cases} where ${where.join(' and ')}
order by created_at desc, id desc limit ${param(limit + 1)}`;
  const rows = await ctx.driver.query(text, values, true);
  const items = rows.slice(0, limit).map(toCaseRecord);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null };
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}
