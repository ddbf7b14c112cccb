/**
 * `pnpm bench` for @gridflow/adapter-postgres, on the real server named by DATABASE_URL:
 *
 * 1. events/s of the engine on Postgres against the raw floor (the same transaction by hand with `pg`), at 1
 *    and 8 connections, with the ratio;
 * 2. timers fired per second with 100,000 due timers, and their lateness p99; then lateness at a steady rate;
 * 3. the worklist query's p95 over 1,000,000 seeded cases;
 * 4. metrics at district scale: the journal way vs the case-facts projection, counts, worklist plans.
 *
 * BENCH_ONLY=events,metrics runs only the named parts (events, timers, worklist, metrics); BENCH_VACUUM=1 vacuums
 * the case-facts projection after each backfill (part 4);
 * BENCH_METRICS_SIZES (default 10000,100000,300000) and BENCH_METRICS_OLD_UP_TO (the largest size the journal
 * way is timed at; default all) shape part 4.
 * Each part runs in its own schema, dropped afterwards. BENCH_SCALE=0.1 shrinks the counts for a quick look.
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import { migrate } from '../src/index.js';
import { benchEvents } from './bench-events.js';
import { fmt } from './bench-stats.js';
import { benchTimers } from './bench-timers.js';
import { benchMetrics, metricsRow } from './bench-metrics.js';
import { benchWorklist } from './bench-worklist.js';

const url = process.env.DATABASE_URL;
const scale = Number(process.env.BENCH_SCALE ?? 1);
/** Time each side of the events comparison runs, in ten slices taken in turns. */
const RUN_MS = Number(process.env.BENCH_RUN_MS ?? 10_000);
const only = process.env.BENCH_ONLY?.split(',');
const runs = (part: string) => !only || only.includes(part);

async function withSchema<T>(work: (schema: string) => Promise<T>): Promise<T> {
  const schema = `gf_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await migrate({ client: admin, schema });
    return await work(schema);
  } finally {
    await admin.query(`drop schema if exists "${schema}" cascade`);
    await admin.end();
  }
}

async function main(): Promise<void> {
  if (!url) {
    console.log('adapter-postgres bench skipped: set DATABASE_URL to a Postgres server to run it');
    return;
  }
  const server = new pg.Client({ connectionString: url });
  await server.connect();
  const version = (await server.query('show server_version')).rows[0].server_version as string;
  const syncCommit = (await server.query('show synchronous_commit')).rows[0].synchronous_commit as string;
  await server.end();
  console.log(
    `# adapter-postgres bench: PostgreSQL ${version} (synchronous_commit=${syncCommit}), ${cpus().length} cores, ` +
      `load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}, Node ${process.version}\n`,
  );

  if (runs('events')) await eventsPart();
  if (runs('timers')) await timersPart();
  if (runs('worklist')) await worklistPart();
  if (runs('metrics')) await metricsPart();
}

async function eventsPart(): Promise<void> {
  if (!url) return;
  console.log('## Events per second: engine.send on Postgres vs the raw pg floor\n');
  console.log(
    '| connections | engine events/s | adapter alone tx/s | raw floor tx/s | engine ÷ raw | adapter ÷ raw | ' +
      'engine without case facts events/s | without ÷ raw | with ÷ without |',
  );
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const connections of [1, 8]) {
    const { engine, storage, raw, noFacts } = await withSchema((schema) =>
      benchEvents(url, schema, connections, RUN_MS),
    );
    console.log(
      `| ${connections} | ${fmt(engine)} | ${fmt(storage)} | ${fmt(raw)} | ${fmt((engine / raw) * 100)}% | ` +
        `${fmt((storage / raw) * 100)}% | ${fmt(noFacts)} | ${fmt((noFacts / raw) * 100)}% | ` +
        `${fmt((engine / noFacts) * 100)}% |`,
    );
  }
}

async function timersPart(): Promise<void> {
  if (!url) return;
  const timers = Math.round(100_000 * scale);
  console.log(`\n## Timers: ${fmt(timers)} due at once (each engine with a pool of 8)\n`);
  const backlog = await withSchema((schema) =>
    benchTimers(url, schema, { timers, spreadMs: 0, tenantId: 'backlog' }),
  );
  // Engines are stateless and claim with SKIP LOCKED, so a district adds processes for timer throughput.
  const scaledOut = await withSchema((schema) =>
    benchTimers(url, schema, { timers, spreadMs: 0, tenantId: 'backlog2', engines: 2 }),
  );
  console.log('| engines | timers | fired/s | lateness p50 | lateness p99 |');
  console.log('| ---: | ---: | ---: | ---: | ---: |');
  for (const [engines, run] of [
    [1, backlog],
    [2, scaledOut],
  ] as const) {
    console.log(
      `| ${engines} | ${fmt(run.timers)} | ${fmt(run.perSecond)} | ${fmt(run.latenessP50Ms)} ms | ${fmt(run.latenessP99Ms)} ms |`,
    );
  }
  // Lateness in a backlog is mostly queueing; at a steady 80% of that rate it shows the loop's own delay.
  const steadyRate = Math.max(100, Math.round(backlog.perSecond * 0.8));
  const steadyTimers = Math.round(steadyRate * 20 * Math.min(1, scale * 2));
  const steady = await withSchema((schema) =>
    benchTimers(url, schema, {
      timers: steadyTimers,
      spreadMs: (steadyTimers / steadyRate) * 1000,
      tenantId: 'steady',
    }),
  );
  console.log(
    `| 1 | ${fmt(steady.timers)} due over ${fmt(steadyTimers / steadyRate)} s (${fmt(steadyRate)}/s) | ` +
      `${fmt(steady.perSecond)} | ${fmt(steady.latenessP50Ms)} ms | ${fmt(steady.latenessP99Ms)} ms |`,
  );
}

async function worklistPart(): Promise<void> {
  if (!url) return;
  const cases = Math.round(1_000_000 * scale);
  console.log(`\n## Worklist query over ${fmt(cases)} cases\n`);
  const worklist = await withSchema((schema) => benchWorklist(url, schema, { cases, queries: 500 }));
  console.log('| cases | seeding | queries | p50 | p95 | p99 |');
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: |');
  console.log(
    `| ${fmt(worklist.cases)} | ${fmt(worklist.seedSeconds, 1)} s | ${worklist.queries} | ${fmt(worklist.p50Ms, 1)} ms | ` +
      `${fmt(worklist.p95Ms, 1)} ms | ${fmt(worklist.p99Ms, 1)} ms |`,
  );
  console.log(`\nPlan:\n\n\`\`\`\n${worklist.plan}\n\`\`\``);
}

async function metricsPart(): Promise<void> {
  if (!url) return;
  const sizes = (process.env.BENCH_METRICS_SIZES ?? '10000,100000,300000').split(',').map(Number);
  const oldUpTo = Number(process.env.BENCH_METRICS_OLD_UP_TO ?? Number.POSITIVE_INFINITY);
  console.log('\n## Metrics at district scale: the journal way vs the case-facts projection (516 units)\n');
  console.log(
    '| cases | seeding | backfill | district month, old / new | district year, old / new | community year, old / new | ' +
      'counts district / community p95 | district worklist after community pages / fresh connection p95 |',
  );
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  await withSchema((schema) =>
    benchMetrics(url, schema, {
      sizes,
      baseSteps: Number(process.env.BENCH_METRICS_BASE_STEPS ?? 3000),
      oldUpTo,
      onRow: (row) => console.log(metricsRow(row)),
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
