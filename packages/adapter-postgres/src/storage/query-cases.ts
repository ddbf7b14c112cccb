import {
  type CaseQuery,
  type CaseRecord,
  type CountOptions,
  GridflowError,
  type Page,
} from '@gridflow/engine';
import { decodeCursor, encodeCursor, pageSize } from './page-cursor.js';
import { CASE_COLUMNS, toCaseRecord } from './row-mappers.js';
import { CASE_CATEGORY_SQL } from '../migrations/0013-category-index.js';
import type { StoreContext } from './store-context.js';

/**
 * Query one tenant's cases, newest first, with keyset pagination. Values always travel as parameters, in an
 * unnamed statement, so every page is planned for its own units and bounds (no generic plan).
 *
 * @example
 * ```ts
 * const page = await queryCases(ctx, { orgUnits: ['comm-1'], state: 'inProgress', limit: 50 });
 * ```
 */
export async function queryCases(ctx: StoreContext, query: CaseQuery): Promise<Page<CaseRecord>> {
  const limit = pageSize(query.limit);
  const { where, overdueAt, values, param } = caseFilters(ctx, query);
  let breachedAfter = '';
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    const [at, id] = [param(after.at.toISOString()), param(after.id)];
    where.push(`(created_at, id) < (${at}::timestamptz, ${id})`);
    // The facts row's created_at is its case's: the same bound, where the breached arm walks its index.
    breachedAfter = ` and (f.created_at, f.case_id collate "C") < (${at}::timestamptz, ${id})`;
  }
  const limited = `limit ${param(limit + 1)}`;
  const newestFirst = `order by "createdAt" desc, id desc ${limited}`;
  const select = (terms: string[]) =>
    `select ${CASE_COLUMNS} from ${ctx.t.cases} where ${terms.join(' and ')} ${newestFirst}`;
  // Overdue: two arms, each a page of its own and each index-driven: a running deadline passed (planned for its
  // own selectivity: few, from the deadline index then sorted; many, down migration 12's newest-first index of
  // open cases with a deadline), and a breach recorded, walked newest first in the facts' partial index. The
  // union's newest make the page. (The arms overlap; made disjoint, the second could skip the whole first.)
  const text = overdueAt
    ? `select * from ((${select([...where, `status = 'active' and due_at < ${overdueAt}::timestamptz`])})
  union (${breachedCases(ctx, where, breachedAfter)} order by breached_at desc, breached_id collate "C" desc ${limited})) overdue
  ${newestFirst}`
    : select(where);
  // Unnamed, so planned with this call's values: a named statement goes generic after a few community pages
  // (the worklist index with `org_unit = any`, then a sort of the whole subtree) and stays slow for a district.
  const rows = await ctx.driver.query(text, values, false);
  const items = rows.slice(0, limit).map(toCaseRecord);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null };
}

/**
 * The open cases matching `where` whose facts recorded an SLA breach, driven from migration 12's facts index (newest
 * first), so a page stops after its rows instead of joining every breached case of the tenant.
 */
function breachedCases(ctx: StoreContext, where: string[], after: string, columns = CASE_COLUMNS): string {
  return `select ${columns} from ${ctx.t.cases} join (select f.case_id as breached_id, f.created_at as breached_at
    from ${ctx.t.caseFacts} f
    where f.tenant_id = $1 and f.status = 'active' and f.overdue_at is not null${after}) breached on id = breached_id
  where ${[...where, `status = 'active'`].join(' and ')}`;
}

/**
 * How many cases match a query's filters (its cursor and limit ignored), in one unnamed statement: the total
 * beside a worklist page. With `upTo` the count stops there (a `limit` inside the count), so a subtree of a
 * hundred thousand cases costs `upTo` index entries instead of all of them.
 *
 * @example
 * ```ts
 * const total = await countCases(ctx, { orgUnits: ['comm-1'], overdue: true, now: new Date() });
 * const shown = await countCases(ctx, { orgUnits: ['district'] }, { upTo: 1001 });
 * ```
 */
export async function countCases(
  ctx: StoreContext,
  query: CaseQuery,
  options: CountOptions = {},
): Promise<number> {
  const { where, overdueAt, values, param } = caseFilters(ctx, query);
  const bound = options.upTo === undefined ? '' : ` limit ${param(countBound(options.upTo))}`;
  const matching = (terms: string[]) => `select id from ${ctx.t.cases} where ${terms.join(' and ')}${bound}`;
  // Overdue counts two disjoint arms, so `union all` needs no de-duplication and streams: the running deadline
  // passed, then the recorded breaches whose deadline has not (those are in the first arm). With a bound the
  // second arm runs only if the first stays under it, and then it skips fewer rows than the first counted.
  const text = overdueAt
    ? `select count(*) as total from ((${matching([...where, `status = 'active' and due_at < ${overdueAt}::timestamptz`])})
  union all (${breachedCases(ctx, [...where, `(due_at is null or due_at >= ${overdueAt}::timestamptz)`], '', 'id')}${bound})${bound}) m`
    : `select count(*) as total from (${matching(where)}) m`;
  const [row] = await ctx.driver.query<{ total: unknown }>(text, values, false);
  return Number(row?.total ?? 0);
}

function countBound(upTo: number): number {
  if (!Number.isInteger(upTo) || upTo < 1) {
    throw new GridflowError('VALIDATION_FAILED', 'countCases upTo must be a positive integer', {
      details: { field: 'upTo', value: upTo },
    });
  }
  return upTo;
}

/** The WHERE terms of a query's filters, with their parameters (`$1` is the tenant). */
function caseFilters(ctx: StoreContext, query: CaseQuery) {
  const values: unknown[] = [ctx.tenantId];
  const where = ['tenant_id = $1'];
  const param = (value: unknown): string => {
    values.push(value);
    return `$${values.length}`;
  };

  if (query.flowId !== undefined) where.push(`flow_id = ${param(query.flowId)}`);
  if (query.flowIds !== undefined) where.push(`flow_id = any(${param([...query.flowIds])}::text[])`);
  if (query.state !== undefined) where.push(stateMatch(query.state, param));
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
  if (query.handlingUnit !== undefined) {
    where.push(`handling_units @> array[${param(query.handlingUnit)}]::text[]`);
  }
  if (query.category !== undefined) where.push(`${CASE_CATEGORY_SQL} = ${param(query.category)}::text`);
  // Overdue is open and past the deadline: the running one, or a breach the case's facts recorded (a fired SLA
  // timer leaves no due_at), as the metrics count open and overdue cases. The two are separate arms (see
  // `queryCases`), each index-driven; an `or` of them could only be checked row by row down the whole subtree.
  const overdueAt = query.overdue ? param((query.now ?? new Date()).toISOString()) : null;
  if (query.createdFrom) where.push(`created_at >= ${param(query.createdFrom.toISOString())}::timestamptz`);
  if (query.createdTo) where.push(`created_at < ${param(query.createdTo.toISOString())}::timestamptz`);
  return { where, overdueAt, values, param };
}

/**
 * `state` is the wanted state or lies below it, in any parallel leaf. The first two arms are ranges on the
 * "C"-collated worklist index (`s.` ≤ state < `s/`, since '/' follows '.'); the third only looks at parallel
 * states (`a.x,b.y`), which a partial index keeps apart, so the whole test stays index-driven.
 */
function stateMatch(state: string, param: (value: unknown) => string): string {
  const like = escapeLike(state);
  return `(state = ${param(state)} or (state >= ${param(`${state}.`)} and state < ${param(`${state}/`)})
  or (state like '%,%' and (',' || state || ',' like ${param(`%,${like},%`)} or ',' || state like ${param(`%,${like}.%`)})))`;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}
