// One engine process of the crash test. Sends its share of the plan (idempotently, so a restarted worker
// simply starts over), runs the timer loop and the dispatcher, prints "done" when its plan is through, and
// stops gracefully on SIGTERM. The orchestrator SIGKILLs it at random moments.
import { createEngine, isGridflowError } from '@gridflow/engine';
import pg from 'pg';
import { postgresStorage } from '../../src/index.js';
import { ticketDirectory, ticketFlow, worker } from '../fixtures/ticket-flow.js';
import { bumpKeyOf, caseIdOf, reminderMsOf, workerSteps } from './crash-plan.js';

const index = Number(process.env.CRASH_WORKER);
const schema = process.env.CRASH_SCHEMA!;
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 6 });
pool.on('error', () => {});
const storage = postgresStorage({ client: pool, schema, migrate: false });
const selfKillAfter = Number(process.env.CRASH_SELF_KILL_AFTER ?? 0);
let delivered = 0;

const engine = createEngine({
  storage,
  flows: [ticketFlow],
  directory: ticketDirectory,
  instanceId: `worker-${index}-${process.pid}`,
  effects: {
    notify: async (delivery) => {
      await pool.query(
        `insert into "${schema}".deliveries (effect_id, idempotency_key, worker) values ($1, $2, $3)`,
        [delivery.id, delivery.idempotencyKey, `${index}:${process.pid}`],
      );
      // One sure crash between a delivery and its settlement (the random kills may miss that window).
      if (++delivered === selfKillAfter) process.kill(process.pid, 'SIGKILL');
      // The message went out; its acknowledgement takes a while. A kill in this window leaves the effect
      // delivered but unsettled, so it is delivered again: the redeliveries the idempotency key is for.
      await new Promise((resolve) => setTimeout(resolve, 20));
    },
  },
  // Short leases so work a killed worker had claimed is picked up within the test's time.
  tuning: { leaseMs: 3_000, pollIntervalMs: 250, batchSize: 50, conflictRetries: 200 },
});

async function bump(n: number, e: number): Promise<void> {
  const request = {
    caseId: caseIdOf(n),
    actor: worker,
    event: { type: 'bump' as const },
    idempotencyKey: bumpKeyOf(n, e),
  };
  try {
    await engine.send(request);
  } catch (error) {
    if (!isGridflowError(error, 'CASE_NOT_FOUND')) throw error;
    await engine.createCase({
      flow: 'ticket',
      actor: worker,
      orgUnit: 'comm-1',
      caseId: caseIdOf(n),
      idempotencyKey: `create-${caseIdOf(n)}`,
      input: { reminderMs: reminderMsOf(n) },
    });
    await engine.send(request);
  }
}

async function run(): Promise<void> {
  await engine.start();
  const steps = workerSteps(index);
  const lanes = Array.from({ length: 8 }, async () => {
    for (let step = steps.next(); !step.done; step = steps.next()) await bump(step.value.n, step.value.e);
  });
  await Promise.all(lanes);
  process.stdout.write('done\n');
}

process.on('SIGTERM', () => {
  engine
    .stop()
    .then(() => pool.end())
    .finally(() => process.exit(0));
});

run().catch((error: unknown) => {
  process.stderr.write(`worker ${index} failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
