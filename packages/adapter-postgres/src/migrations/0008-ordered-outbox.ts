import type { Migration } from './migration.js';
import { orderedCommitSetFunction } from './0008-ordered-commit-set.js';
import { orderedCommitFunction } from './0008-ordered-commit.js';
import { keyLock, orderSequence } from './0008-ordered-insert.js';

/**
 * Migration 8: ordered effects. Outbox rows gain `ordering_key` and `order_seq` (both null for unordered
 * rows, so existing rows and the unordered path stay as they were; adding null columns rewrites nothing).
 *
 * Only the first unfinished row of a key is `pending`; the rows behind it are stored `held` (read back as
 * `pending`: held is this adapter's word for "pending, behind its key"). The claim statement is unchanged:
 * it leases `pending` rows only, so held rows cost a claim nothing however many there are. The commit
 * functions insert ordered rows held or not (see `orderedOutboxInsert`), and a trigger moves a key on when its
 * first row finishes: delivered or discarded, the next row of the key becomes `pending` (and a NOTIFY wakes
 * the dispatchers); a dead row put back to `pending` is held again if an earlier row of its key is unfinished.
 * The trigger fires only for status changes of ordered rows, so settling an unordered row costs the same.
 *
 * `outbox_ordered_idx` serves the trigger, the commit's "is this key busy" probe and the held-back counts; it
 * holds unfinished ordered rows only. The status check gains `held` and `discarded`; it is added `not valid`
 * because every existing row already passed the narrower check, so the table is not scanned to prove it again.
 *
 * @example
 * ```ts
 * await tx.exec(orderedOutboxMigration.sql(sqlNames('gridflow')));
 * ```
 */
export const orderedOutboxMigration: Migration = {
  version: 8,
  name: 'ordered outbox',
  sql: (t) => `
alter table ${t.outbox} add column ordering_key text collate "C", add column order_seq bigint;
create sequence ${orderSequence(t)} as bigint;
alter table ${t.outbox} drop constraint outbox_status_check;
alter table ${t.outbox} add constraint outbox_status_check
  check (status in ('pending', 'held', 'delivered', 'dead', 'discarded')) not valid;
create index outbox_ordered_idx on ${t.outbox} (tenant_id, ordering_key, order_seq)
  where ordering_key is not null and status in ('pending', 'held', 'dead');

create or replace function ${t.schema}."gf_outbox_key_moved"() returns trigger
language plpgsql as $fn$
begin
  -- The commit functions take the same lock before inserting rows of this key: both see each other's rows.
  perform ${keyLock(t, 'new.tenant_id', 'new.ordering_key')};
  if new.status = 'pending' then
    -- A dead row put back: behind an earlier unfinished row of its key, it waits again.
    update ${t.outbox} set status = 'held'
    where tenant_id = new.tenant_id and id = new.id and status = 'pending' and exists (
      select 1 from ${t.outbox} e where e.tenant_id = new.tenant_id and e.ordering_key = new.ordering_key
        and e.status in ('pending', 'held', 'dead') and e.order_seq < new.order_seq);
  else
    -- A row finished: the first unfinished row of its key goes on, if it was held.
    update ${t.outbox} o set status = 'pending'
    from (select id, status from ${t.outbox}
      where tenant_id = new.tenant_id and ordering_key = new.ordering_key
        and status in ('pending', 'held', 'dead')
      order by order_seq limit 1) as first
    where o.tenant_id = new.tenant_id and o.id = first.id and first.status = 'held';
    if found then
      perform pg_notify('${t.channel}', 'outbox:' || new.tenant_id);
    end if;
  end if;
  return null;
end
$fn$;

create trigger outbox_ordered_key_moved after update of status on ${t.outbox}
for each row when (new.ordering_key is not null and old.status is distinct from new.status
  and (new.status in ('delivered', 'discarded') or (old.status = 'dead' and new.status = 'pending')))
execute function ${t.schema}."gf_outbox_key_moved"();
${orderedCommitFunction(t)}
${orderedCommitSetFunction(t)}`,
};
