import pg from 'pg';
import { postgresStorage } from '../src/index.js';
import { percentile } from './bench-stats.js';

const COMMUNITIES = 200;
/** Active states a worklist asks for; a case's state is one of these or `closed` (half of all cases). */
const OPEN_STATES = [
  'submitted',
  'pendingDispatch',
  'dispatched',
  'inProgress',
  'inProgress.suspended',
  'replied',
];

/**
 * What {@link benchWorklist} measured.
 *
 * @example
 * ```ts
 * const { p95Ms } = await benchWorklist(url, schema, { cases: 1_000_000, queries: 500 });
 * ```
 */
export interface WorklistBenchResult {
  cases: number;
  seedSeconds: number;
  queries: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  plan: string;
}

/**
 * Seed `cases` cases over 200 communities in SQL (generate_series, one statement), then time the worklist
 * query through the adapter: open cases of one community in one state, newest first, a page of 50.
 *
 * @example
 * ```ts
 * await benchWorklist(url, 'gf_bench', { cases: 1_000_000, queries: 500 });
 * ```
 */
export async function benchWorklist(
  url: string,
  schema: string,
  options: { cases: number; queries: number },
): Promise<WorklistBenchResult> {
  const s = `"${schema}"`;
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const storage = postgresStorage({ client: pool, schema, tenantId: 'worklist' });
  try {
    await storage.init?.();
    const seedStarted = performance.now();
    const seeder = await pool.connect();
    try {
      await seeder.query('set synchronous_commit = off');
      await seeder.query(
        `insert into ${s}.cases (tenant_id, id, flow_id, flow_version, state, status, snapshot, version, org_unit,
          assignee, requester_id, handling_units, due_at, created_at, updated_at)
        select 'worklist', 'wl-' || g, 'work-order', 1, st.state,
          case when st.state = 'closed' then 'done' else 'active' end,
          jsonb_build_object('status', 'active', 'value', st.state, 'historyValue', '{}'::jsonb, 'children', '{}'::jsonb,
            'context', jsonb_build_object('title', '路灯不亮 ' || g, 'orgUnit', 'comm-' || (g % ${COMMUNITIES}),
              'requesterId', 'r-' || (g % 50000), 'assignee', 'u-' || (g % 3000), 'category', 'streetlight',
              'urgency', 'normal', 'handlingUnits', jsonb_build_array('dept-' || (g % 20)))),
          1 + g % 7, 'comm-' || (g % ${COMMUNITIES}), 'u-' || (g % 3000), 'r-' || (g % 50000),
          array['dept-' || (g % 20)], created + interval '15 days', created, created
        from generate_series(1, $1) g
        cross join lateral (select now() - g * interval '30 seconds' as created) c
        cross join lateral (select case when (g / ${COMMUNITIES}) % 2 = 0 then 'closed'
          else ($2::text[])[1 + (g / ${2 * COMMUNITIES}) % ${OPEN_STATES.length}] end as state) st`,
        [options.cases, OPEN_STATES],
      );
      await seeder.query(`analyze ${s}.cases`);
    } finally {
      seeder.release();
    }
    const seedSeconds = (performance.now() - seedStarted) / 1000;

    const pick = (i: number) => ({
      orgUnits: [`comm-${(i * 37) % COMMUNITIES}`],
      state: OPEN_STATES[i % OPEN_STATES.length]!,
      status: 'active' as const,
      limit: 50,
    });
    for (let i = 0; i < 20; i++) await storage.queryCases(pick(i)); // warm-up: plans, buffers
    const timings: number[] = [];
    for (let i = 0; i < options.queries; i++) {
      const started = performance.now();
      const page = await storage.queryCases(pick(i + 1000));
      timings.push(performance.now() - started);
      if (page.items.length === 0) throw new Error('the worklist bench seeded no matching cases');
    }
    const { rows } = await pool.query(
      `explain select * from ${s}.cases where tenant_id = 'worklist' and org_unit = 'comm-7' and status = 'active'
        and (state = 'inProgress' or (state >= 'inProgress.' and state < 'inProgress/')
          or (state like '%,%' and (',' || state || ',' like '%,inProgress,%' or ',' || state like '%,inProgress.%')))
        order by created_at desc, id desc limit 51`,
    );
    return {
      cases: options.cases,
      seedSeconds,
      queries: options.queries,
      p50Ms: percentile(timings, 50),
      p95Ms: percentile(timings, 95),
      p99Ms: percentile(timings, 99),
      plan: rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n'),
    };
  } finally {
    await storage.dispose?.();
    await pool.end();
  }
}
