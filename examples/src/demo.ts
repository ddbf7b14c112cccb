import { parseArgs } from 'node:util';
import type { Storage } from '@gridflow/engine';
import { demoEngine } from './demo-engine.js';
import { demoStorage } from './demo-storage.js';
import { metricsTable } from './metrics-table.js';
import { type DayProgress, runSimulation } from './simulation.js';
import { runningClock } from './server/running-clock.js';
import { serveDistrict } from './server/serve-district.js';
import { serverConfigFromEnv } from './server/server-config.js';
import { summarize } from './summary.js';
import { formatSummary } from './summary-format.js';

const USAGE = `pnpm demo [--seed N] [--cases N] [--days N] [--fresh] [--no-serve]

Simulates a district (滨江区) running every gridflow flow and prints its metrics and a summary, then serves the
district's dashboard over the same data with the clock running on, until Ctrl-C.
  --seed N    the random seed; the same seed prints the same output (default 42)
  --cases N   cases coming in from outside, spread over all but the last three days (default 560)
  --days N    working days to simulate from 2026-09-14 (default 30)
  --fresh     with DATABASE_URL: drop the schema gridflow_demo_<seed> left by an earlier run
  --no-serve  exit after the simulation (for scripts and CI)
Server settings come from the environment: PORT (default 8787), SESSION_SECRET, WECOM_*, HOTLINE_*.
Storage: PGlite in examples/.data/demo-<seed> (wiped at start), or a Postgres server when DATABASE_URL is set.
`;

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '42' },
      cases: { type: 'string', default: '560' },
      days: { type: 'string', default: '30' },
      fresh: { type: 'boolean', default: false },
      'no-serve': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const seed = whole(values.seed, 'seed', 0);
  const casesTarget = whole(values.cases, 'cases');
  const days = whole(values.days, 'days');
  const startedAt = performance.now();
  const store = await demoStorage({ seed, fresh: values.fresh });
  const serving = !values['no-serve'];
  const demo = demoEngine({
    storage: store.storage,
    start: new Date('2026-09-14T08:00:00+08:00'),
    ownsAdapters: !serving,
  });
  const { engine, district, effects } = demo;
  const say = (line = '') => process.stdout.write(`${line}\n`);
  say(`gridflow demo · seed ${seed} · ${casesTarget} cases · ${days} working days from 2026-09-14`);
  say(`storage: ${store.label}`);
  say(
    `${district.root.name}: ${district.streets.length} streets, ${district.communities.length} communities, ` +
      `${district.grids.length} grids, ${district.departments.length} departments, ${district.config.members.length} people`,
  );
  say();
  const counted = (...topics: string[]) => topics.reduce((n, t) => n + (effects.notify.get(t) ?? 0), 0);
  const onProgress = (p: DayProgress) => {
    const day = new Date(`${p.date}T12:00:00+08:00`).getUTCDay();
    const note = day === 0 || day === 6 ? ' 调休 make-up working day' : '';
    say(
      `day ${String(p.day).padStart(2)}/${p.days}  ${p.date} ${WEEKDAYS[day]}  ` +
        `arrived ${String(p.arrived).padStart(4)}  open ${String(p.open).padStart(4)}  ` +
        `closed ${String(p.closed).padStart(4)}  breaches ${String(counted('workOrder.slaBreached')).padStart(3)}  ` +
        `escalations ${String(counted('workOrder.escalated', 'workOrder.escalationTopReached')).padStart(3)}${note}`,
    );
  };
  try {
    const result = await runSimulation({ ...demo, seed, days, casesTarget, onProgress });
    const report = await engine.metrics({ orgUnit: 'district', from: result.from, to: result.to });
    say();
    say(
      `Metrics ${result.dates[0]} → ${result.dates.at(-1)} (all flows; each row covers the unit's subtree)`,
    );
    say(metricsTable(report));
    say();
    say('What happened');
    say(formatSummary(await summarize(engine, district, demo.ledger)));
    const dead = await engine.deadLetters({ limit: 1 });
    say(
      `effects          ${[...effects.notify.values()].reduce((a, b) => a + b, 0)} notifications delivered, ${dead.items.length ? 'some' : 'no'} dead letters`,
    );
    if (result.refused.size > 0) {
      process.stderr.write(
        `warning: the engine refused ${[...result.refused].map(([k, n]) => `${k} ×${n}`).join(', ')}\n`,
      );
    }
  } catch (error) {
    await engine.stop();
    await store.close();
    throw error;
  }
  await engine.stop();
  process.stderr.write(`\nran in ${((performance.now() - startedAt) / 1000).toFixed(1)} s\n`);
  if (!serving) return store.close();
  await serveDemo(demo.clock.now(), store);
}

/** Serve the dashboard over the simulated district's storage, its clock going on from where the simulation stopped. */
async function serveDemo(
  stoppedAt: Date,
  store: { storage: Storage; close(): Promise<void> },
): Promise<void> {
  const config = serverConfigFromEnv(process.env, { demo: true });
  const running = await serveDistrict({ storage: store.storage, clock: runningClock(stoppedAt), config });
  process.stdout.write(
    `\ndashboard: ${running.url}/  (sign in as any of the district's people; the clock runs on from ${stoppedAt.toISOString()})\n` +
      'Ctrl-C stops the server.\n',
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.stdout.write('stopping…\n');
  await running.close();
  await store.close();
}

function whole(text: string, name: string, min = 1): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > 2 ** 31) {
    const error = new Error(`--${name} must be a whole number from ${min}, got ${text}`);
    throw Object.assign(error, { name: 'UsageError' });
  }
  return n;
}

main().catch((error: unknown) => {
  // A wrong option or a schema in use needs a sentence, not a stack trace.
  const usage = error instanceof Error && error.name === 'UsageError';
  const text =
    error instanceof Error ? (usage ? error.message : (error.stack ?? error.message)) : String(error);
  process.stderr.write(`${text}\n`);
  process.exitCode = 1;
});
