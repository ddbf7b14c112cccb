import type { SqlNames } from '../sql-names.js';

/**
 * The sequence that numbers ordered outbox rows (`order_seq`) in commit order within each key.
 *
 * @example
 * ```ts
 * `select nextval('${orderSequence(t)}')`;
 * ```
 */
export function orderSequence(t: SqlNames): string {
  return `${t.schema}."outbox_order_seq"`;
}

/**
 * The transaction-scoped advisory lock of one ordering key: the commit functions take it before numbering a
 * key's new rows, and the release trigger before handing the key's next row out, so the two never interleave.
 * Two-int form: its own lock space, apart from the migration lock; the first half is per schema.
 *
 * @example
 * ```ts
 * `perform ${keyLock(t, 'p_tenant', 'k.key')}`;
 * ```
 */
export function keyLock(t: SqlNames, tenant: string, key: string): string {
  return `pg_advisory_xact_lock(hashtext('${t.channel}'), hashtext(${tenant} || '/' || ${key}))`;
}

/**
 * Statements that insert outbox rows some of which carry an ordering key. First the keys are locked, each
 * once and in one order (by key), so commits adding rows of one key run one after another and `order_seq`
 * (taken from the sequence only after the lock) follows commit order within a key: a claimer that sees a row
 * of a key also sees every earlier one. Then each row is inserted `held` when it is pending and its key
 * already has an unfinished row (`pending`, `held` or `dead`), stored or earlier in the same insert; only the
 * first unfinished row of a key is ever `pending`, so the claim needs no change and never reads held rows.
 *
 * `source.keys` is a FROM list yielding each outbox row as jsonb `r`; `source.rows` one yielding the typed
 * rows as `o` (with `o.n`, their position); `source.order` orders rows of one key within the insert.
 *
 * @example
 * ```ts
 * orderedOutboxInsert(t, { keys: "jsonb_array_elements(p->'outbox') as r", rows, order: 'o.n' });
 * ```
 */
export function orderedOutboxInsert(
  t: SqlNames,
  source: { keys: string; rows: string; order: string },
): string {
  return `      perform ${keyLock(t, 'p_tenant', 'k.key')}
      from (select distinct r->>'orderingKey' as key from ${source.keys}
        where r->>'orderingKey' is not null order by 1) as k;
      insert into ${t.outbox} (tenant_id, id, case_id, type, payload, idempotency_key, status, attempts,
        next_attempt_at, last_error, created_at, delivered_at, ordering_key, order_seq)
      select p_tenant, o.id, o."caseId", o.type, o.payload, o."idempotencyKey",
        case when o."orderingKey" is not null and o.status = 'pending' and (
            count(*) filter (where o.status in ('pending', 'dead')) over earlier > 0
            or exists (select 1 from ${t.outbox} e where e.tenant_id = p_tenant
              and e.ordering_key = o."orderingKey" and e.status in ('pending', 'held', 'dead')))
          then 'held' else o.status end,
        o.attempts, o."nextAttemptAt", o."lastError", o."createdAt", o."deliveredAt", o."orderingKey",
        -- Evaluated in the window's order, which sorts each key's rows by their place in the commit.
        case when o."orderingKey" is not null then nextval('${orderSequence(t)}') end
      from ${source.rows}
      window earlier as (partition by o."orderingKey" order by ${source.order}
        rows between unbounded preceding and 1 preceding);`;
}
