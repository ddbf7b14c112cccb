// API latency of the district server (`pnpm bench` in examples): p50/p95 of the worklist, the case page
// (case + timeline + events) and district metrics over a year, through real HTTP as signed-in members.
//   1. the demo's data on embedded PGlite (BENCH_DEMO_CASES, default 560 over 30 working days);
//   2. with DATABASE_URL: BENCH_CASES work orders spread over a year on Postgres (default 100 000), every one
//      accepted and dispatched to its community, one in eight signed for there (their deadlines then run out).
// BENCH_RUNS sets the calls per measurement (default 50); BENCH_PARTS=demo or =postgres runs one part.
// BENCH_SCHEMA=name keeps the Postgres data in that schema and measures it again on the next run without
// writing it anew (seeding 100 000 cases through the engine takes a quarter of an hour).
import { randomBytes } from 'node:crypto';
import { pgliteStorage, postgresStorage } from '@gridflow/adapter-postgres';
import { type Storage, virtualClock } from '@gridflow/engine';
import pg from 'pg';
import { demoEngine } from '../src/demo-engine.js';
import { serveDistrict } from '../src/server/serve-district.js';
import { serverConfigFromEnv } from '../src/server/server-config.js';
import { runSimulation } from '../src/simulation.js';
import { signInDemo, type TestClient } from '../test/server/http-client.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const DAY = 86_400_000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function measure(label: string, call: () => Promise<void>): Promise<void> {
  await call(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(1).padStart(8);
  console.log(
    `  ${label.padEnd(44)} p50 ${f(percentile(times, 50))} ms   p95 ${f(percentile(times, 95))} ms`,
  );
}

async function ok(client: TestClient, path: string): Promise<unknown> {
  const response = await client.get(path);
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/** Measure the three calls on a server over `storage`, its clock at `now`. */
async function measureServer(
  storage: Storage,
  now: Date,
  caseIds: { staff: string; staffCase: string },
): Promise<void> {
  const config = serverConfigFromEnv(
    { PORT: '0', SESSION_SECRET: randomBytes(32).toString('hex') },
    { demo: true },
  );
  const running = await serveDistrict({ storage, clock: virtualClock(now), config });
  try {
    const staff = await signInDemo(running.url, caseIds.staff);
    const dispatcher = await signInDemo(running.url, 'dispatcher-1');
    await measure(
      `worklist, community staff (50 rows)`,
      async () => void (await ok(staff, '/api/cases?limit=50')),
    );
    await measure(
      `worklist, command centre (50 rows)`,
      async () => void (await ok(dispatcher, '/api/cases?limit=50')),
    );
    await measure(
      `worklist, overdue filter`,
      async () => void (await ok(dispatcher, '/api/cases?limit=50&overdue=true')),
    );
    await measure(
      'counts per state, command centre',
      async () => void (await ok(dispatcher, '/api/cases/counts')),
    );
    await measure('case page (case + timeline + events)', async () => {
      await Promise.all(
        ['', '/timeline', '/events'].map((p) =>
          ok(staff, `/api/cases/${encodeURIComponent(caseIds.staffCase)}${p}`),
        ),
      );
    });
    await measure('metrics, district over a year', async () => void (await ok(dispatcher, '/api/metrics')));
  } finally {
    await running.close();
  }
}

async function demoData(): Promise<void> {
  const cases = Number(process.env.BENCH_DEMO_CASES ?? 560);
  const storage = await pgliteStorage({ tenantId: 'binjiang' });
  const demo = demoEngine({ storage, start: new Date('2026-09-14T08:00:00+08:00'), ownsAdapters: false });
  const started = performance.now();
  await runSimulation({ ...demo, seed: 42, days: 30, casesTarget: cases });
  await demo.engine.stop();
  const staffCase = (await demo.engine.query({ handlingUnit: 'comm-xingfu', limit: 1 })).items[0]!.id;
  console.log(
    `demo data on PGlite: ${cases} cases over 30 working days (simulated in ${((performance.now() - started) / 1000).toFixed(0)} s)`,
  );
  await measureServer(storage, demo.clock.now(), { staff: 'staff-xingfu-1', staffCase });
  await storage.dispose?.();
}

/** A community-xingfu case in a kept schema, or undefined when the schema holds none yet. */
async function seededCase(engine: ReturnType<typeof demoEngine>['engine']): Promise<string | undefined> {
  const page = await engine.query({ handlingUnit: 'comm-xingfu', limit: 1 });
  return page.items[0]?.id;
}

async function postgresData(url: string): Promise<void> {
  const total = Number(process.env.BENCH_CASES ?? 100_000);
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  const kept = process.env.BENCH_SCHEMA;
  const schema = kept ?? `gridflow_bench_api_${randomBytes(3).toString('hex')}`;
  const storage = postgresStorage({ client: pool, schema, tenantId: 'binjiang' });
  const end = new Date('2026-12-31T10:00:00+08:00');
  const clock = virtualClock(new Date(end.getTime() - 365 * DAY));
  const demo = demoEngine({ storage, start: clock.now(), ownsAdapters: false });
  const { engine, district } = demo;
  const dispatcher = district.person('dispatcher-1');
  const grids = district.grids;
  const started = performance.now();
  let staffCase = '';
  const seeded = kept ? await seededCase(engine) : undefined;
  try {
    if (seeded) {
      staffCase = seeded;
      await engine.stop();
      console.log(`\nPostgres: the work orders kept in schema ${schema}`);
      await measureServer(storage, end, { staff: 'staff-xingfu-1', staffCase });
      return;
    }
    for (let i = 0; i < total; i += 16) {
      demo.clock.set(new Date(end.getTime() - 365 * DAY + (i / total) * 365 * DAY));
      await Promise.all(
        Array.from({ length: Math.min(16, total - i) }, async (_, j) => {
          const grid = grids[(i + j) % grids.length]!;
          const resident = district.actors(grid.id, 'resident')[0]!;
          const c = await engine.createCase({
            flow: 'work-order',
            actor: resident,
            orgUnit: grid.id,
            input: { title: `诉求 ${i + j}` },
          });
          await engine.send({ caseId: c.id, actor: dispatcher, event: { type: 'accept' } });
          const community = district.parentOf(grid.id).id;
          await engine.send({
            caseId: c.id,
            actor: dispatcher,
            event: { type: 'dispatch', leadUnit: community },
          });
          // One in eight is signed for: its handling deadline runs, and most pass during the year, so the
          // overdue worklist has both kinds (a running deadline passed, a breach the SLA timer recorded).
          if ((i + j) % 8 === 0) {
            const staff = district.actors(community, 'communityStaff')[0]!;
            await engine.send({ caseId: c.id, actor: staff, event: { type: 'signFor' } });
          }
          if (community === 'comm-xingfu') staffCase = c.id;
        }),
      );
      // Fire the timers and deliver the effects as time passes, so the server measured next has no backlog.
      while ((await engine.runDueTimers()) + (await engine.drainOutbox()) > 0);
    }
    await engine.stop();
    // Fresh statistics, as autovacuum would have after a bulk load: without them the planner guesses.
    const tables = await pool.query<{ name: string }>(
      'select tablename as name from pg_tables where schemaname = $1',
      [schema],
    );
    for (const { name } of tables.rows) await pool.query(`analyze ${schema}."${name}"`);
    console.log(
      `\nPostgres: ${total} work orders over a year (written in ${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
    await measureServer(storage, end, { staff: 'staff-xingfu-1', staffCase });
  } finally {
    await storage.dispose?.();
    if (!kept) await pool.query(`drop schema if exists ${schema} cascade`);
    await pool.end();
  }
}

const parts = (process.env.BENCH_PARTS ?? 'demo,postgres').split(',');
if (parts.includes('demo')) await demoData();
if (!parts.includes('postgres')) process.exit(0);
if (process.env.DATABASE_URL) await postgresData(process.env.DATABASE_URL);
else console.log('\n(no DATABASE_URL: the Postgres part is skipped)');
