import { createEngine } from '@gridflow/engine';
import pg from 'pg';
import { postgresStorage } from '../src/index.js';
import { ticketDirectory, worker } from '../test/fixtures/ticket-flow.js';
import { slaFlow } from './bench-flow.js';

/**
 * What {@link benchTimers} measured.
 *
 * @example
 * ```ts
 * const { perSecond, latenessP99Ms } = await benchTimers(url, schema, { timers: 100_000, spreadMs: 0 });
 * ```
 */
export interface TimerBenchResult {
  timers: number;
  /** Timers fired per second, from the first due time to the last firing. */
  perSecond: number;
  latenessP50Ms: number;
  latenessP99Ms: number;
}

/**
 * Seed `timers` cases with one SLA timer each (in SQL, with generate_series), due evenly over `spreadMs`
 * from two seconds from now (0: all at once, a backlog), start one engine, and wait until every timer fired.
 * Lateness is the journal entry's time minus the timer's due time.
 *
 * @example
 * ```ts
 * await benchTimers(url, schema, { timers: 100_000, spreadMs: 20_000, tenantId: 'steady' });
 * ```
 */
export async function benchTimers(
  url: string,
  schema: string,
  options: { timers: number; spreadMs: number; tenantId: string; connections?: number; engines?: number },
): Promise<TimerBenchResult> {
  const s = `"${schema}"`;
  const newPool = () =>
    new pg.Pool({
      connectionString: url,
      max: options.connections ?? 8,
      ...(process.env.BENCH_ASYNC ? { options: '-c synchronous_commit=off' } : {}),
    });
  const pool = newPool();
  const storage = postgresStorage({ client: pool, schema, tenantId: options.tenantId });
  // Further engines get a pool of their own, as separate processes would (they share this process's CPU).
  const extraPools = Array.from({ length: (options.engines ?? 1) - 1 }, newPool);
  const engines = [
    storage,
    ...extraPools.map((p) => postgresStorage({ client: p, schema, tenantId: options.tenantId })),
  ].map((engineStorage) =>
    createEngine({
      storage: engineStorage,
      flows: [slaFlow],
      directory: ticketDirectory,
      tuning: { batchSize: 400, pollIntervalMs: 50, leaseMs: 120_000 },
    }),
  );
  const engine = engines[0]!;
  try {
    const template = await engine.createCase({ flow: 'sla', actor: worker, orgUnit: 'comm-1' });
    const [timer] = await storage.listTimers(template.id);
    const snapshot = (await storage.loadCase(template.id))!.snapshot;
    await pool.query(`delete from ${s}.timers where tenant_id = $1`, [options.tenantId]);
    const firstDue = new Date(Date.now() + 2_000);
    await pool.query(
      `insert into ${s}.cases (tenant_id, id, flow_id, flow_version, state, status, snapshot, version, org_unit,
        handling_units, due_at, created_at, updated_at)
      select $1, 'tc-' || g, 'sla', 1, 'open', 'active', $2::jsonb, 1, 'comm-1', '{}', null, now(), now()
      from generate_series(1, $3) g`,
      [options.tenantId, JSON.stringify(snapshot), options.timers],
    );
    await pool.query(
      `insert into ${s}.timers (tenant_id, id, case_id, key, event, due_at, provisional)
      select $1, 'tt-' || g, 'tc-' || g, $2, $3::jsonb,
        $4::timestamptz + ((g - 1) * $5::float8 / $6) * interval '1 millisecond', false
      from generate_series(1, $6) g`,
      [
        options.tenantId,
        timer!.key,
        JSON.stringify(timer!.event),
        firstDue,
        options.spreadMs,
        options.timers,
      ],
    );
    await pool.query(`analyze ${s}.timers`);

    for (const e of engines) await e.start();
    for (;;) {
      const { rows } = await pool.query(
        `select exists (select 1 from ${s}.timers where tenant_id = $1) as left`,
        [options.tenantId],
      );
      if (!rows[0].left) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    for (const e of engines) await e.stop();

    const { rows } = await pool.query(
      `with fired as (
        select j.at, t.due from ${s}.journal j
        join lateral (select $2::timestamptz + ((substr(j.case_id, 4)::int - 1) * $3::float8 / $4)
          * interval '1 millisecond' as due) t on true
        where j.tenant_id = $1 and j.type like 'xstate.after.%')
      select count(*)::int as fired, extract(epoch from max(at) - $2::timestamptz) * 1000 as span_ms,
        percentile_cont(0.5) within group (order by extract(epoch from at - due) * 1000) as p50,
        percentile_cont(0.99) within group (order by extract(epoch from at - due) * 1000) as p99
      from fired`,
      [options.tenantId, firstDue, options.spreadMs, options.timers],
    );
    const result = rows[0] as { fired: number; span_ms: number; p50: number; p99: number };
    return {
      timers: result.fired,
      perSecond: result.fired / (Number(result.span_ms) / 1000),
      latenessP50Ms: Number(result.p50),
      latenessP99Ms: Number(result.p99),
    };
  } finally {
    for (const e of engines) await e.stop();
    for (const p of [pool, ...extraPools]) await p.end();
  }
}
