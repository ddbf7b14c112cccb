import type { Engine } from '@gridflow/engine';
import { playRandomWorkOrders } from '@gridflow/engine/testing';
import type pg from 'pg';

/** Base histories are cloned once per week of the year. */
export const WEEKS = 52;
export const GRIDS = 400;

/**
 * Play the base histories through the engine (real commits, timers fired by the virtual clock), with time
 * passing 20 times slower than the random story asks, so the base spans a few weeks of the year's start.
 *
 * @example
 * ```ts
 * const base = await playBase(engine, (ms) => t.advance(ms), grids, 2000);
 * ```
 */
export async function playBase(
  engine: Engine,
  advance: (ms: number) => Promise<void>,
  grids: readonly string[],
  steps: number,
): Promise<number> {
  const ids = await playRandomWorkOrders(engine, (ms) => advance(Math.round(ms / 20)), {
    seed: 2026,
    steps,
    grids,
  });
  return ids.length;
}

/**
 * Prepare cloning: a function that shifts every ISO instant inside a jsonb document, and the base cases'
 * snapshots shifted by each week of the year, computed once (52 × the base).
 *
 * @example
 * ```ts
 * await prepareClones(pool, '"gf_bench"', 'metrics');
 * ```
 */
export async function prepareClones(pool: pg.Pool, s: string, tenant: string): Promise<void> {
  await pool.query(`create function ${s}.bench_shift(j jsonb, d interval) returns jsonb language sql immutable as $f$
  select case jsonb_typeof(j)
    when 'object' then (select coalesce(jsonb_object_agg(k, ${s}.bench_shift(v, d)), '{}'::jsonb) from jsonb_each(j) as e(k, v))
    when 'array' then (select coalesce(jsonb_agg(${s}.bench_shift(v, d) order by i), '[]'::jsonb)
      from jsonb_array_elements(j) with ordinality as a(v, i))
    when 'string' then case when (j #>> '{}') ~ '^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z$'
      then to_jsonb(to_char(((j #>> '{}')::timestamptz + d) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
      else j end
    else j end
$f$`);
  await pool.query(
    `create table ${s}.bench_base as
     select c.*, w, make_interval(days => 7 * w) as shift, ${s}.bench_shift(c.snapshot, make_interval(days => 7 * w)) as shifted
     from ${s}.cases c cross join generate_series(0, ${WEEKS - 1}) as w where c.tenant_id = $1`,
    [tenant],
  );
}

/**
 * Clone base cases (with their journals, not their facts) until the tenant holds `total` cases, using copy
 * numbers from `firstCopy` on (returns the next free one): each clone is
 * a base case shifted by a week of the year, under a grid picked by hashing its id. Cases only: timers and
 * outbox rows are not needed by reports.
 *
 * @example
 * ```ts
 * await cloneTo(pool, s, 'metrics', 100_000);
 * ```
 */
export async function cloneTo(
  pool: pg.Pool,
  s: string,
  tenant: string,
  total: number,
  firstCopy: number,
): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('set synchronous_commit = off');
    const have = Number(
      (await client.query(`select count(*) from ${s}.cases where tenant_id = $1`, [tenant])).rows[0].count,
    );
    const base = Number((await client.query(`select count(*) from ${s}.bench_base`)).rows[0].count);
    const missing = total - have;
    if (missing <= 0) return firstCopy;
    const copies = Math.ceil(missing / base);
    await client.query('begin');
    await client.query(
      `create temp table clones on commit drop as
       select b.id as base_id, b.id || '-' || b.w || '-' || k as id, b.shift, k
       from ${s}.bench_base b cross join generate_series($1::int, $2::int) as k
       order by k, hashtext(b.id || b.w) limit $3`,
      [firstCopy, firstCopy + copies - 1, missing],
    );
    await client.query(
      `insert into ${s}.cases (tenant_id, id, flow_id, flow_version, state, status, snapshot, version, org_unit,
         assignee, requester_id, handling_units, due_at, created_at, updated_at)
       select $1, n.id, b.flow_id, b.flow_version, b.state, b.status, b.shifted, b.version,
         'grid-' || (abs(hashtext(n.id)) % ${GRIDS}), b.assignee, b.requester_id, b.handling_units,
         b.due_at + n.shift, b.created_at + n.shift, b.updated_at + n.shift
       from clones n join ${s}.bench_base b on b.id = n.base_id and b.shift = n.shift`,
      [tenant],
    );
    await client.query(
      `insert into ${s}.journal (tenant_id, case_id, seq, type, event, actor, flow_version, from_state, to_state, at,
         causation_id, idempotency_key)
       select $1, n.id, j.seq, j.type, j.event, j.actor, j.flow_version, j.from_state, j.to_state, j.at + n.shift,
         j.causation_id, null
       from clones n join ${s}.journal j on j.tenant_id = $1 and j.case_id = n.base_id`,
      [tenant],
    );
    await client.query('commit');
    await client.query(`analyze ${s}.cases`);
    await client.query(`analyze ${s}.journal`);
    return firstCopy + copies;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
