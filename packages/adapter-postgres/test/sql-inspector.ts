import type { CaseRecord, JournalEntry, QuarantineRecord } from '@gridflow/engine';
import type { InspectedOutbox, InspectedTimer, StorageInspector } from '@gridflow/engine/testing';
import type { TestDatabase } from './test-database.js';

const date = (v: unknown): Date => (v instanceof Date ? v : new Date(v as string));
const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : date(v));

/**
 * A {@link StorageInspector} in raw SQL on the tables, written without any of the adapter's code, so the
 * conformance suite checks what the adapter stored rather than what it reads back.
 *
 * @example
 * ```ts
 * const inspect = sqlInspector(db, 'gf_test_1a2b', 'default');
 * expect(await inspect.counts()).toEqual({ cases: 0, journal: 0, timers: 0, outbox: 0, idempotency: 0 });
 * ```
 */
export function sqlInspector(db: TestDatabase, schema: string, tenantId: string): StorageInspector {
  const s = `"${schema}"`;
  return {
    async case(caseId) {
      const [r] = await db.sql(`select * from ${s}.cases where tenant_id = $1 and id = $2`, [
        tenantId,
        caseId,
      ]);
      if (!r) return null;
      return {
        id: r.id,
        flowId: r.flow_id,
        flowVersion: r.flow_version,
        state: r.state,
        status: r.status,
        snapshot: r.snapshot,
        version: r.version,
        orgUnit: r.org_unit,
        assignee: r.assignee,
        requesterId: r.requester_id,
        handlingUnits: r.handling_units,
        dueAt: dateOrNull(r.due_at),
        createdAt: date(r.created_at),
        updatedAt: date(r.updated_at),
      } satisfies CaseRecord;
    },
    async journal(caseId) {
      const rows = await db.sql(
        `select * from ${s}.journal where tenant_id = $1 and case_id = $2 order by seq`,
        [tenantId, caseId],
      );
      return rows.map(
        (r): JournalEntry => ({
          caseId: r.case_id,
          seq: r.seq,
          type: r.type,
          event: r.event,
          actor: r.actor,
          flowVersion: r.flow_version,
          fromState: r.from_state,
          toState: r.to_state,
          at: date(r.at),
          causationId: r.causation_id,
          idempotencyKey: r.idempotency_key,
        }),
      );
    },
    async timers(caseId) {
      const rows = await db.sql(`select * from ${s}.timers where tenant_id = $1 and case_id = $2`, [
        tenantId,
        caseId,
      ]);
      return rows.map(
        (r): InspectedTimer => ({
          id: r.id,
          caseId: r.case_id,
          key: r.key,
          event: r.event,
          dueAt: date(r.due_at),
          provisional: r.provisional,
          plan: r.plan ? { from: date(r.plan.from), amount: r.plan.amount, unit: r.plan.unit } : null,
          leaseToken: r.lease_token,
          leaseUntil: dateOrNull(r.lease_until),
        }),
      );
    },
    async outbox(caseId) {
      const rows = await db.sql(`select * from ${s}.outbox where tenant_id = $1 and case_id = $2`, [
        tenantId,
        caseId,
      ]);
      return rows.map(
        (r): InspectedOutbox => ({
          id: r.id,
          caseId: r.case_id,
          type: r.type,
          payload: r.payload,
          idempotencyKey: r.idempotency_key,
          orderingKey: r.ordering_key,
          // `held`: pending, behind an earlier row of its ordering key (the adapter's own word, migration 8).
          status: r.status === 'held' ? 'pending' : r.status,
          attempts: r.attempts,
          nextAttemptAt: date(r.next_attempt_at),
          lastError: r.last_error,
          createdAt: date(r.created_at),
          deliveredAt: dateOrNull(r.delivered_at),
          leaseToken: r.lease_token,
          leaseUntil: dateOrNull(r.lease_until),
        }),
      );
    },
    async idempotency(key) {
      const [r] = await db.sql(`select * from ${s}.idempotency_keys where tenant_id = $1 and key = $2`, [
        tenantId,
        key,
      ]);
      return r
        ? {
            key: r.key,
            caseId: r.case_id,
            fingerprint: r.fingerprint,
            version: r.version,
            createdAt: date(r.created_at),
          }
        : null;
    },
    async flowVersion(flowId, version) {
      const [r] = await db.sql(
        `select * from ${s}.flow_versions where tenant_id = $1 and flow_id = $2 and version = $3`,
        [tenantId, flowId, version],
      );
      return r ? { flowId: r.flow_id, version: r.version, hash: r.hash } : null;
    },
    async counts() {
      const [r] = await db.sql(
        `select (select count(*) from ${s}.cases where tenant_id = $1)::int as cases,
  (select count(*) from ${s}.journal where tenant_id = $1)::int as journal,
  (select count(*) from ${s}.timers where tenant_id = $1)::int as timers,
  (select count(*) from ${s}.outbox where tenant_id = $1)::int as outbox,
  (select count(*) from ${s}.idempotency_keys where tenant_id = $1)::int as idempotency`,
        [tenantId],
      );
      return {
        cases: r!.cases,
        journal: r!.journal,
        timers: r!.timers,
        outbox: r!.outbox,
        idempotency: r!.idempotency,
      };
    },
    async quarantine(id) {
      const [r] = await db.sql(`select * from ${s}.intake_quarantine where tenant_id = $1 and id = $2`, [
        tenantId,
        id,
      ]);
      return r ? quarantineRow(r) : null;
    },
    async quarantineRows() {
      const rows = await db.sql(`select * from ${s}.intake_quarantine where tenant_id = $1`, [tenantId]);
      return rows.map(quarantineRow);
    },
    async cursor(name) {
      const [r] = await db.sql(`select * from ${s}.intake_cursors where tenant_id = $1 and name = $2`, [
        tenantId,
        name,
      ]);
      return r ? { name: r.name, value: r.value, updatedAt: date(r.updated_at) } : null;
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: a raw row, read field by field.
function quarantineRow(r: Record<string, any>): QuarantineRecord {
  return {
    id: r.id,
    source: r.source,
    externalId: r.external_id,
    raw: r.raw,
    reason: {
      code: r.reason_code,
      message: r.reason_message,
      ...(r.reason_field === null ? {} : { field: r.reason_field }),
    },
    status: r.status,
    attempts: r.attempts,
    caseId: r.case_id,
    note: r.note,
    createdAt: date(r.created_at),
    updatedAt: date(r.updated_at),
  };
}
