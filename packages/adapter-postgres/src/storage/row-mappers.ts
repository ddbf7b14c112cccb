import type {
  CaseRecord,
  IdempotencyRecord,
  JournalEntry,
  OutboxRecord,
  TimerPlan,
  TimerRecord,
} from '@gridflow/engine';

/**
 * Select lists that alias columns to the contract's field names, so a row needs little mapping.
 *
 * @example
 * ```ts
 * await db.query(`select ${CASE_COLUMNS} from ${t.cases} where tenant_id = $1`, [tenant]);
 * ```
 */
export const CASE_COLUMNS = `id, flow_id as "flowId", flow_version as "flowVersion", state, status, snapshot,
version, org_unit as "orgUnit", assignee, requester_id as "requesterId", handling_units as "handlingUnits",
due_at as "dueAt", created_at as "createdAt", updated_at as "updatedAt"`;

/** @example `select ${JOURNAL_COLUMNS} from ${t.journal}` */
export const JOURNAL_COLUMNS = `case_id as "caseId", seq, type, event, actor, flow_version as "flowVersion",
from_state as "fromState", to_state as "toState", at, causation_id as "causationId",
idempotency_key as "idempotencyKey"`;

/** @example `select ${TIMER_COLUMNS} from ${t.timers}` */
export const TIMER_COLUMNS = `id, case_id as "caseId", key, event, due_at as "dueAt", provisional, plan,
lease_token as "leaseToken", lease_until as "leaseUntil"`;

/** @example `select ${OUTBOX_COLUMNS} from ${t.outbox}` */
export const OUTBOX_COLUMNS = `id, case_id as "caseId", type, payload, idempotency_key as "idempotencyKey",
ordering_key as "orderingKey", status, attempts, next_attempt_at as "nextAttemptAt", last_error as "lastError", created_at as "createdAt",
delivered_at as "deliveredAt", lease_token as "leaseToken", lease_until as "leaseUntil"`;

/** @example `select ${IDEMPOTENCY_COLUMNS} from ${t.idempotencyKeys}` */
export const IDEMPOTENCY_COLUMNS = `key, case_id as "caseId", fingerprint, version, created_at as "createdAt"`;

// biome-ignore lint/suspicious/noExplicitAny: rows come untyped from the driver; each mapper names its fields.
type Row = Record<string, any>;

/**
 * A date from a row: drivers give `Date` for timestamptz, JSON built on the server gives a string.
 *
 * @example
 * ```ts
 * toDate('2026-01-05T08:00:00+00:00').getTime();
 * ```
 */
export function toDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(value as string);
}

function toDateOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : toDate(value);
}

/**
 * @example
 * ```ts
 * const record = toCaseRecord(rows[0]);
 * ```
 */
export function toCaseRecord(row: Row): CaseRecord {
  return {
    id: row.id,
    flowId: row.flowId,
    flowVersion: row.flowVersion,
    state: row.state,
    status: row.status,
    snapshot: row.snapshot,
    version: row.version,
    orgUnit: row.orgUnit,
    assignee: row.assignee,
    requesterId: row.requesterId,
    handlingUnits: row.handlingUnits ?? [],
    dueAt: toDateOrNull(row.dueAt),
    createdAt: toDate(row.createdAt),
    updatedAt: toDate(row.updatedAt),
  };
}

/**
 * @example
 * ```ts
 * const entries = rows.map(toJournalEntry);
 * ```
 */
export function toJournalEntry(row: Row): JournalEntry {
  return {
    caseId: row.caseId,
    seq: row.seq,
    type: row.type,
    event: row.event,
    actor: row.actor,
    flowVersion: row.flowVersion,
    fromState: row.fromState,
    toState: row.toState,
    at: toDate(row.at),
    causationId: row.causationId,
    idempotencyKey: row.idempotencyKey,
  };
}

/**
 * @example
 * ```ts
 * const timers = rows.map(toTimerRecord);
 * ```
 */
export function toTimerRecord(row: Row): TimerRecord {
  const plan = row.plan as (Omit<TimerPlan, 'from'> & { from: string }) | null;
  return {
    id: row.id,
    caseId: row.caseId,
    key: row.key,
    event: row.event,
    dueAt: toDate(row.dueAt),
    provisional: row.provisional,
    plan: plan ? { from: toDate(plan.from), amount: plan.amount, unit: plan.unit } : null,
  };
}

/**
 * An outbox row as the contract's record. A `held` row (pending, behind an earlier row of its ordering key,
 * migration 8) reads as `pending`.
 *
 * @example
 * ```ts
 * const rows = result.map(toOutboxRecord);
 * ```
 */
export function toOutboxRecord(row: Row): OutboxRecord {
  return {
    id: row.id,
    caseId: row.caseId,
    type: row.type,
    payload: row.payload,
    idempotencyKey: row.idempotencyKey,
    orderingKey: row.orderingKey ?? null,
    status: row.status === 'held' ? 'pending' : row.status,
    attempts: row.attempts,
    nextAttemptAt: toDate(row.nextAttemptAt),
    lastError: row.lastError,
    createdAt: toDate(row.createdAt),
    deliveredAt: toDateOrNull(row.deliveredAt),
  };
}

/**
 * @example
 * ```ts
 * const seen = toIdempotencyRecord(rows[0]);
 * ```
 */
export function toIdempotencyRecord(row: Row): IdempotencyRecord {
  return {
    key: row.key,
    caseId: row.caseId,
    fingerprint: row.fingerprint,
    version: row.version,
    createdAt: toDate(row.createdAt),
  };
}
