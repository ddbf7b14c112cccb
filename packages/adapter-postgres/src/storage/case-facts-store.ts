import type {
  FactsTally,
  FactsTallyQuery,
  OpenCasesQuery,
  OpenCasesRow,
  StoredCaseFacts,
} from '@gridflow/engine';
import { factsRowJson, reviveFacts } from './case-facts-rows.js';
import { toDate } from './row-mappers.js';
import { rowMedians } from './row-medians.js';
import type { SqlRunner } from '../client/sql-driver.js';
import type { StoreContext } from './store-context.js';
import { scopedFactsSql, tallySql, type TallyRow } from './case-facts-tally-sql.js';

/**
 * Upsert projection rows in one statement (`gf_save_facts`), never over a newer case version.
 *
 * @example
 * ```ts
 * await saveCaseFacts(ctx, rows);
 * ```
 */
export async function saveCaseFacts(ctx: StoreContext, rows: readonly StoredCaseFacts[]): Promise<void> {
  if (rows.length === 0) return;
  await ctx.driver.query(`select ${ctx.t.saveFactsFunction}($1, $2::jsonb)`, [
    ctx.tenantId,
    JSON.stringify(rows.map((row, i) => factsRowJson(row, i))),
  ]);
}

/**
 * Ids of cases whose projection row is missing or was read by another extractor.
 *
 * @example
 * ```ts
 * const ids = await staleCaseFacts(ctx, { extractors: { 'work-order': 'workOrderFacts@1' }, limit: 500 });
 * ```
 */
export async function staleCaseFacts(
  ctx: StoreContext,
  query: {
    extractors: Readonly<Record<string, string>>;
    orgUnits?: readonly string[];
    createdTo?: Date;
    afterId?: string | null;
    limit: number;
  },
): Promise<string[]> {
  const flows = Object.keys(query.extractors);
  const values: unknown[] = [ctx.tenantId, flows, flows.map((flow) => query.extractors[flow])];
  const where = ['c.tenant_id = $1'];
  if (query.orgUnits) where.push(`c.org_unit = any($${values.push([...query.orgUnits])}::text[])`);
  if (query.createdTo)
    where.push(`c.created_at < $${values.push(query.createdTo.toISOString())}::timestamptz`);
  if (query.afterId != null) where.push(`c.id > $${values.push(query.afterId)}`);
  const rows = await ctx.driver.query<{ id: string }>(
    `select c.id from ${ctx.t.cases} c
left join ${ctx.t.caseFacts} f on f.tenant_id = c.tenant_id and f.case_id = c.id
left join unnest($2::text[], $3::text[]) as v(flow_id, extractor) on v.flow_id = c.flow_id
where ${where.join(' and ')}
  and (f.case_id is null or f.extractor is distinct from v.extractor)
order by c.id limit $${values.push(query.limit)}`,
    values,
  );
  return rows.map((row) => row.id);
}

/**
 * The area report's counts by unit and medians by rolled-up row, in one set-based statement (an index-only
 * scan of `case_facts_tally_idx`); each unit's handling times are sorted here and merged into each rolled-up
 * row's median.
 *
 * @example
 * ```ts
 * const tally = await tallyCaseFacts(ctx, { orgUnits, rollUp, period });
 * ```
 */
export async function tallyCaseFacts(ctx: StoreContext, query: FactsTallyQuery): Promise<FactsTally> {
  const { text, values } = tallySql(ctx, query);
  const unitRows = await ctx.driver.transaction(async (tx) => {
    // JIT would compile this statement on every report (half a second on a district year) to save less.
    await tx.query('set local jit = off');
    return tx.query<TallyRow>(text, values);
  });
  const n = (value: unknown) => Number(value ?? 0);
  return {
    units: unitRows.map((r) => ({
      orgUnit: r.org_unit,
      received: n(r.received),
      closed: n(r.closed),
      closedOnTime: n(r.closed_on_time),
      openOverdue: n(r.open_overdue),
      signForDue: n(r.sign_for_due),
      signedForOnTime: n(r.signed_for_on_time),
      rated: n(r.rated),
      satisfied: n(r.satisfied),
      withVerdict: n(r.with_verdict),
      resolved: n(r.resolved),
      returned: n(r.returned),
      reopened: n(r.reopened),
    })),
    medians: rowMedians(query.rollUp, new Map(unitRows.map((r) => [r.org_unit, sortedHours(r.handling_ms)]))),
  };
}

/** A unit's handling times (ms) as hours in ascending order, the same doubles as the engine's. */
function sortedHours(ms: unknown): Float64Array {
  const hours = Float64Array.from(floats(ms)).sort();
  for (let i = 0; i < hours.length; i++) hours[i] = (hours[i] as number) / 3_600_000;
  return hours;
}

/**
 * Projection rows that can matter to a period, for reports computed in the engine (the handling view).
 *
 * @example
 * ```ts
 * const rows = await readCaseFacts(ctx, { period });
 * ```
 */
export async function readCaseFacts(
  ctx: StoreContext,
  query: { period: FactsTallyQuery['period']; orgUnits?: readonly string[]; flowId?: string },
): Promise<StoredCaseFacts[]> {
  const { text, values } = scopedFactsSql(ctx, query);
  const rows = await ctx.driver.query<Record<string, unknown>>(
    `select case_id, flow_id, org_unit, state, status, case_version, created_at, updated_at, extractor, facts
from ${ctx.t.caseFacts} where ${text}`,
    values,
  );
  return rows.map((r) => ({
    caseId: r.case_id as string,
    flowId: r.flow_id as string,
    orgUnit: r.org_unit as string,
    state: r.state as string,
    status: r.status as StoredCaseFacts['status'],
    caseVersion: Number(r.case_version),
    createdAt: toDate(r.created_at),
    updatedAt: toDate(r.updated_at),
    extractor: r.extractor as string,
    facts: reviveFacts(typeof r.facts === 'string' ? JSON.parse(r.facts) : r.facts),
  }));
}

/**
 * Open cases of the units by state and SLA light, in one statement over the projection's open-case index.
 *
 * @example
 * ```ts
 * const rows = await countOpenCases(ctx, { orgUnits: ['comm-a'], now: new Date() });
 * ```
 */
export async function countOpenCases(ctx: StoreContext, query: OpenCasesQuery): Promise<OpenCasesRow[]> {
  const values: unknown[] = [ctx.tenantId, [...query.orgUnits], query.now.toISOString()];
  const flow = query.flowId === undefined ? '' : ` and flow_id = $${values.push(query.flowId)}`;
  const rows = await withoutJit(ctx, (tx) =>
    tx.query<Record<string, unknown>>(
      `select state,
  count(*) filter (where overdue) as overdue,
  count(*) filter (where not overdue and reminded_at is not null) as past_reminder,
  count(*) filter (where not overdue and reminded_at is null) as in_time
from (select state, reminded_at, (overdue_at is not null or coalesce(due_at < $3::timestamptz, false)) as overdue
  from ${ctx.t.caseFacts}
  where tenant_id = $1 and status = 'active' and org_unit = any($2::text[])${flow}) open
group by state order by state collate "C"`,
      values,
    ),
  );
  return rows.map((r) => ({
    state: r.state as string,
    overdue: Number(r.overdue),
    pastReminder: Number(r.past_reminder),
    inTime: Number(r.in_time),
  }));
}

/** Run statements in a transaction with JIT off: a dashboard's counts are cheaper to run than to compile. */
function withoutJit<T>(ctx: StoreContext, work: (tx: SqlRunner) => Promise<T>): Promise<T> {
  return ctx.driver.transaction(async (tx) => {
    await tx.query('set local jit = off');
    return work(tx);
  });
}

/** A float8[] as the driver gives it: numbers (pg), or strings / a `{…}` literal from other clients. */
function floats(value: unknown): number[] {
  if (Array.isArray(value)) return value.map(Number);
  if (typeof value === 'string') return value.replace(/[{}]/g, '').split(',').filter(Boolean).map(Number);
  return [];
}
