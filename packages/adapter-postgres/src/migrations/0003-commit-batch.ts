import type { Migration } from './migration.js';

/**
 * Several commits in one transaction, each in its own subtransaction: a refused commit (conflict, timer
 * gone, any error) rolls back only itself, and the batch shares one WAL flush. Outcomes come back in order;
 * refusals carry what the single-commit function put in its error.
 *
 * @example
 * ```ts
 * await db.query(`select ${t.commitFunction}_many($1, $2::jsonb) as outcomes`, [tenantId, JSON.stringify(requests)]);
 * ```
 */
export const commitBatchMigration: Migration = {
  version: 3,
  name: 'commit batches',
  sql: (t) => `
create or replace function ${t.commitBatchFunction}(p_tenant text, p jsonb) returns jsonb
language plpgsql as $fn$
declare
  r jsonb;
  v_outcomes jsonb := '[]'::jsonb;
  v_outcome jsonb;
  v_detail text;
begin
  for r in select value from jsonb_array_elements(p) loop
    begin
      v_outcome := ${t.commitFunction}(p_tenant, r);
    exception
      when sqlstate 'GF409' then
        get stacked diagnostics v_detail = pg_exception_detail;
        v_outcome := jsonb_build_object('status', 'conflict', 'detail', v_detail);
      when sqlstate 'GF410' then
        v_outcome := '{"status":"timer-gone"}'::jsonb;
      when others then
        v_outcome := jsonb_build_object('status', 'error', 'code', sqlstate, 'message', sqlerrm);
    end;
    v_outcomes := v_outcomes || jsonb_build_array(v_outcome);
  end loop;
  return v_outcomes;
end
$fn$;
`,
};
