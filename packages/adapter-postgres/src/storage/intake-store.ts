import type {
  CursorRecord,
  CursorWrite,
  IntakeState,
  IntakeStateLookup,
  Page,
  QuarantineEntry,
  QuarantineQuery,
  QuarantineRecord,
  QuarantineSettlement,
} from '@gridflow/engine';
import { decodeCursor, encodeCursor, pageSize } from './page-cursor.js';
import { IDEMPOTENCY_COLUMNS, toDate, toIdempotencyRecord } from './row-mappers.js';
import type { StoreContext } from './store-context.js';

const COLUMNS = `id, source, external_id, raw, reason_code, reason_field, reason_message, status, attempts,
case_id, note, created_at, updated_at`;

// biome-ignore lint/suspicious/noExplicitAny: rows come untyped from the driver; the mapper names its fields.
function toQuarantine(row: Record<string, any>): QuarantineRecord {
  const reason = { code: row.reason_code, message: row.reason_message };
  return {
    id: row.id,
    source: row.source,
    externalId: row.external_id,
    raw: row.raw,
    reason: row.reason_field === null ? reason : { ...reason, field: row.reason_field },
    status: row.status,
    attempts: row.attempts,
    caseId: row.case_id,
    note: row.note,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

/**
 * Insert a quarantine row, or update the one of the same source and outside id in the same statement, so
 * racing refusals of one record leave one row with every attempt counted.
 *
 * @example
 * ```ts
 * const row = await recordQuarantine(ctx, { id, source: 'hotline', externalId: 'GD-1', raw, reason, at });
 * ```
 */
export async function recordQuarantine(ctx: StoreContext, entry: QuarantineEntry): Promise<QuarantineRecord> {
  const q = ctx.t.intakeQuarantine;
  const [row] = await ctx.driver.query(
    `insert into ${q} as q (tenant_id, id, source, external_id, raw, reason_code, reason_field, reason_message,
  status, attempts, created_at, updated_at)
values ($1, $2, $3, $4, $5::json, $6, $7, $8, 'open', 1, $9::timestamptz, $9::timestamptz)
on conflict (tenant_id, source, external_id) do update set status = 'open', raw = excluded.raw,
  reason_code = excluded.reason_code, reason_field = excluded.reason_field,
  reason_message = excluded.reason_message, attempts = q.attempts + 1, note = null,
  updated_at = excluded.updated_at
returning ${COLUMNS}`,
    [
      ctx.tenantId,
      entry.id,
      entry.source,
      entry.externalId,
      JSON.stringify(entry.raw),
      entry.reason.code,
      entry.reason.field ?? null,
      entry.reason.message,
      entry.at.toISOString(),
    ],
    true,
  );
  return toQuarantine(row!);
}

/**
 * One quarantine row by id, or null.
 *
 * @example
 * ```ts
 * const row = await getQuarantine(ctx, 'q-1');
 * ```
 */
export async function getQuarantine(ctx: StoreContext, id: string): Promise<QuarantineRecord | null> {
  const [row] = await ctx.driver.query(
    `select ${COLUMNS} from ${ctx.t.intakeQuarantine} where tenant_id = $1 and id = $2`,
    [ctx.tenantId, id],
    true,
  );
  return row ? toQuarantine(row) : null;
}

/**
 * The quarantine row of one outside record, or null.
 *
 * @example
 * ```ts
 * const row = await findQuarantine(ctx, 'hotline', 'GD-1');
 * ```
 */
export async function findQuarantine(
  ctx: StoreContext,
  source: string,
  externalId: string,
): Promise<QuarantineRecord | null> {
  const [row] = await ctx.driver.query(
    `select ${COLUMNS} from ${ctx.t.intakeQuarantine}
where tenant_id = $1 and source = $2 and external_id = $3`,
    [ctx.tenantId, source, externalId],
    true,
  );
  return row ? toQuarantine(row) : null;
}

/**
 * An outside record's idempotency key and quarantine row in one statement (one round trip): `engine.ingest`
 * asks this before applying every record. Each comes back as JSON built on the server, read by the same mappers.
 *
 * @example
 * ```ts
 * const { idempotency, quarantine } = await findIntakeState(ctx, { key: 'intake:hotline:GD-1', source: 'hotline', externalId: 'GD-1' });
 * ```
 */
export async function findIntakeState(ctx: StoreContext, lookup: IntakeStateLookup): Promise<IntakeState> {
  const [row] = await ctx.driver.query(
    `select
  (select to_jsonb(k) from (select ${IDEMPOTENCY_COLUMNS} from ${ctx.t.idempotencyKeys}
    where tenant_id = $1 and key = $2) k) as idempotency,
  (select to_jsonb(q) from (select ${COLUMNS} from ${ctx.t.intakeQuarantine}
    where tenant_id = $1 and source = $3 and external_id = $4) q) as quarantine`,
    [ctx.tenantId, lookup.key, lookup.source, lookup.externalId],
    true,
  );
  return {
    idempotency: row?.idempotency ? toIdempotencyRecord(row.idempotency) : null,
    quarantine: row?.quarantine ? toQuarantine(row.quarantine) : null,
  };
}

/**
 * Quarantine rows oldest first, filtered by source and status, keyset-paged.
 *
 * @example
 * ```ts
 * const page = await listQuarantine(ctx, { source: 'hotline', status: 'open', limit: 50 });
 * ```
 */
export async function listQuarantine(
  ctx: StoreContext,
  query: QuarantineQuery,
): Promise<Page<QuarantineRecord>> {
  const limit = pageSize(query.limit);
  const values: unknown[] = [ctx.tenantId];
  const where = ['tenant_id = $1'];
  const param = (value: unknown): string => {
    values.push(value);
    return `$${values.length}`;
  };
  if (query.source !== undefined) where.push(`source = ${param(query.source)}`);
  if (query.status !== undefined) where.push(`status = ${param(query.status)}`);
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    where.push(`(created_at, id) > (${param(after.at.toISOString())}::timestamptz, ${param(after.id)})`);
  }
  const rows = await ctx.driver.query(
    `select ${COLUMNS} from ${ctx.t.intakeQuarantine} where ${where.join(' and ')}
order by created_at, id limit ${param(limit + 1)}`,
    values,
    true,
  );
  const items = rows.slice(0, limit).map(toQuarantine);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null };
}

const SETTLE: Record<QuarantineSettlement['status'], string> = {
  open: `reason_code = $4, reason_field = $5, reason_message = $6, attempts = attempts + 1`,
  resolved: `status = 'resolved', case_id = $4`,
  discarded: `status = 'discarded', note = $4`,
};

/**
 * Settle an open row; null (nothing written) when it is missing or no longer open.
 *
 * @example
 * ```ts
 * await settleQuarantine(ctx, 'q-1', { status: 'resolved', caseId: 'hotline-GD-1', at: new Date() });
 * ```
 */
export async function settleQuarantine(
  ctx: StoreContext,
  id: string,
  settlement: QuarantineSettlement,
): Promise<QuarantineRecord | null> {
  const values =
    settlement.status === 'open'
      ? [settlement.reason.code, settlement.reason.field ?? null, settlement.reason.message]
      : [settlement.status === 'resolved' ? settlement.caseId : settlement.note];
  const [row] = await ctx.driver.query(
    `update ${ctx.t.intakeQuarantine} set ${SETTLE[settlement.status]}, updated_at = $3::timestamptz
where tenant_id = $1 and id = $2 and status = 'open'
returning ${COLUMNS}`,
    [ctx.tenantId, id, settlement.at.toISOString(), ...values],
    true,
  );
  return row ? toQuarantine(row) : null;
}

/**
 * A poller's cursor, or null.
 *
 * @example
 * ```ts
 * const cursor = await getCursor(ctx, 'hotline:todo');
 * ```
 */
export async function getCursor(ctx: StoreContext, name: string): Promise<CursorRecord | null> {
  const [row] = await ctx.driver.query(
    `select name, value, updated_at from ${ctx.t.intakeCursors} where tenant_id = $1 and name = $2`,
    [ctx.tenantId, name],
    true,
  );
  return row
    ? { name: row.name as string, value: row.value as string, updatedAt: toDate(row.updated_at) }
    : null;
}

/**
 * Write a cursor in one statement: an upsert, an insert only if absent (`expected: null`), or an update only
 * over the expected value. Racing writers from one value: the row lock lets one through, and the others find
 * the value changed when they re-check it.
 *
 * @example
 * ```ts
 * const moved = await setCursor(ctx, { name: 'hotline:todo', value: '42', expected: '41', at: new Date() });
 * ```
 */
export async function setCursor(ctx: StoreContext, write: CursorWrite): Promise<boolean> {
  const c = ctx.t.intakeCursors;
  const values = [ctx.tenantId, write.name, write.value, write.at.toISOString()];
  const insert = `insert into ${c} (tenant_id, name, value, updated_at) values ($1, $2, $3, $4::timestamptz)`;
  let text: string;
  if (write.expected === undefined) {
    text = `${insert} on conflict (tenant_id, name) do update set value = excluded.value,
  updated_at = excluded.updated_at returning name`;
  } else if (write.expected === null) {
    text = `${insert} on conflict (tenant_id, name) do nothing returning name`;
  } else {
    text = `update ${c} set value = $3, updated_at = $4::timestamptz
where tenant_id = $1 and name = $2 and value = $5 returning name`;
    values.push(write.expected);
  }
  return (await ctx.driver.query(text, values, true)).length > 0;
}
