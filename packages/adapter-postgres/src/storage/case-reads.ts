import type { CaseRecord, IdempotencyRecord, JournalEntry } from '@gridflow/engine';
import {
  CASE_COLUMNS,
  IDEMPOTENCY_COLUMNS,
  JOURNAL_COLUMNS,
  toCaseRecord,
  toIdempotencyRecord,
  toJournalEntry,
} from './row-mappers.js';
import type { StoreContext } from './store-context.js';

/**
 * Load one case of the tenant.
 *
 * @example
 * ```ts
 * const record = await loadCase(ctx, 'c-1');
 * ```
 */
export async function loadCase(ctx: StoreContext, caseId: string): Promise<CaseRecord | null> {
  const [row] = await ctx.driver.query(
    `select ${CASE_COLUMNS} from ${ctx.t.cases} where tenant_id = $1 and id = $2`,
    [ctx.tenantId, caseId],
    true,
  );
  return row ? toCaseRecord(row) : null;
}

/**
 * Load several cases of the tenant in one statement (the timer loop's batches).
 *
 * @example
 * ```ts
 * const records = await loadCases(ctx, ['c-1', 'c-2']);
 * ```
 */
export async function loadCases(ctx: StoreContext, caseIds: readonly string[]): Promise<CaseRecord[]> {
  if (caseIds.length === 0) return [];
  const rows = await ctx.driver.query(
    `select ${CASE_COLUMNS} from ${ctx.t.cases} where tenant_id = $1 and id = any($2::text[])`,
    [ctx.tenantId, [...new Set(caseIds)]],
    true,
  );
  return rows.map(toCaseRecord);
}

/**
 * A case's journal in `seq` order, after `afterSeq` and up to `limit` rows when given.
 *
 * @example
 * ```ts
 * const entries = await readJournal(ctx, 'c-1', { afterSeq: 3 });
 * ```
 */
export async function readJournal(
  ctx: StoreContext,
  caseId: string,
  options: { afterSeq?: number; limit?: number } = {},
): Promise<JournalEntry[]> {
  const rows = await ctx.driver.query(
    `select ${JOURNAL_COLUMNS} from ${ctx.t.journal}
where tenant_id = $1 and case_id = $2 and seq > $3 order by seq limit $4`,
    [ctx.tenantId, caseId, options.afterSeq ?? 0, options.limit ?? null],
    true,
  );
  return rows.map(toJournalEntry);
}

/**
 * The journals of several cases in one statement, each in `seq` order.
 *
 * @example
 * ```ts
 * const journals = await readJournals(ctx, ['c-1', 'c-2']);
 * ```
 */
export async function readJournals(
  ctx: StoreContext,
  caseIds: readonly string[],
): Promise<Map<string, JournalEntry[]>> {
  const journals = new Map<string, JournalEntry[]>(caseIds.map((id) => [id, []]));
  const rows = await ctx.driver.query(
    `select ${JOURNAL_COLUMNS} from ${ctx.t.journal}
where tenant_id = $1 and case_id = any($2::text[]) order by case_id, seq`,
    [ctx.tenantId, [...caseIds]],
  );
  for (const entry of rows.map(toJournalEntry)) journals.get(entry.caseId)?.push(entry);
  return journals;
}

/**
 * The stored answer to an idempotency key, if any.
 *
 * @example
 * ```ts
 * const seen = await findIdempotencyKey(ctx, 'hotline:GD2026-0001');
 * ```
 */
export async function findIdempotencyKey(ctx: StoreContext, key: string): Promise<IdempotencyRecord | null> {
  const [row] = await ctx.driver.query(
    `select ${IDEMPOTENCY_COLUMNS} from ${ctx.t.idempotencyKeys} where tenant_id = $1 and key = $2`,
    [ctx.tenantId, key],
    true,
  );
  return row ? toIdempotencyRecord(row) : null;
}
