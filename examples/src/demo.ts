import { parseArgs } from 'node:util';
import { demoEngine } from './demo-engine.js';
import { demoStorage } from './demo-storage.js';
import { metricsTable } from './metrics-table.js';
import { type DayProgress, runSimulation } from './simulation.js';
import { summarize } from './summary.js';
import { formatSummary } from './summary-format.js';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '42' },
      cases: { type: 'string', default: '560' },
      days: { type: 'string', default: '30' },
      fresh: { type: 'boolean', default: false },
    },
  });
  const seed = whole(values.seed, 'seed');
  const casesTarget = whole(values.cases, 'cases');
  const days = whole(values.days, 'days');
  const startedAt = performance.now();
  const store = await demoStorage({ seed, fresh: values.fresh });
  const demo = demoEngine({ storage: store.storage, start: new Date('2026-09-14T08:00:00+08:00') });
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
  } finally {
    await engine.stop();
    await store.close();
  }
  process.stderr.write(`\nran in ${((performance.now() - startedAt) / 1000).toFixed(1)} s\n`);
}

function whole(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`--${name} must be a positive whole number, got ${text}`);
  return n;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
