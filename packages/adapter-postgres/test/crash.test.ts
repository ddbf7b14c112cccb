import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../src/index.js';
import { checkCrashInvariants } from './crash/crash-checks.js';
import { CRASH_PLAN } from './crash/crash-plan.js';
import { openTestDatabase, type TestDatabase } from './test-database.js';

const url = process.env.DATABASE_URL;
const MIN_KILLS = 5;
// Generous: on two shared cores each worker start (tsx) alone can take seconds; the invariants are the point.
const DEADLINE_MS = 400_000;
const workerScript = fileURLToPath(new URL('./crash/crash-worker.ts', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx');

if (!url) {
  console.log('crash test skipped: it needs a real Postgres server; set DATABASE_URL to run it');
}

describe.skipIf(!url)(
  'crash test: four engine processes on one Postgres, one SIGKILLed again and again',
  () => {
    let db: TestDatabase;
    let schema: string;
    beforeAll(async () => {
      db = await openTestDatabase();
      schema = db.freshSchemaName();
      await migrate({ client: db.client, schema });
      await db.sql(`create table "${schema}".deliveries (effect_id text not null, idempotency_key text not null,
      worker text not null, at timestamptz not null default clock_timestamp())`);
    });
    afterAll(async () => {
      await db.dropSchema(schema);
      await db.close();
    });

    it(
      'journals every accepted event once, replays every snapshot, fires every timer once and delivers every effect',
      async () => {
        const started = Date.now();
        const failures: string[] = [];
        // Worker 0 kills itself once right after a delivery, before the engine settles it (see crash-worker.ts).
        let selfKills = 0;
        const slots: Array<{ index: number; done: boolean; child: ChildProcess }> = [];
        for (let i = 0; i < CRASH_PLAN.workers; i++)
          slots.push({ index: i, done: false, child: spawnWorker(i) });

        function spawnWorker(index: number): ChildProcess {
          const selfKill = index === 0 && selfKills === 0 ? '5' : '0';
          const child = spawn(process.execPath, ['--import', tsx, workerScript], {
            env: {
              ...process.env,
              CRASH_WORKER: String(index),
              CRASH_SCHEMA: schema,
              CRASH_SELF_KILL_AFTER: selfKill,
            },
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          child.stdout!.on('data', (chunk: Buffer) => {
            if (chunk.toString().includes('done')) slots[index]!.done = true;
          });
          child.stderr!.on('data', (chunk: Buffer) => failures.push(`worker ${index}: ${chunk}`));
          child.once('exit', (_code, signal) => {
            const slot = slots[index];
            // Killed by itself, not by the loop below (which replaces the slot's child first): restart it.
            if (signal === 'SIGKILL' && slot && slot.child === child && !killing.has(child)) {
              selfKills += 1;
              slot.done = false;
              slot.child = spawnWorker(index);
            }
          });
          return child;
        }
        const killing = new Set<ChildProcess>();

        // Kill at random moments, at least MIN_KILLS times, and keep going until every worker got its plan through.
        let kills = 0;
        while (kills < MIN_KILLS || slots.some((slot) => !slot.done)) {
          expect(Date.now() - started, 'the crash test ran out of time').toBeLessThan(DEADLINE_MS);
          expect(failures).toEqual([]);
          await sleep(500 + Math.random() * 2_500);
          if (kills >= MIN_KILLS + 3) continue; // enough chaos: let the remaining plans finish
          const slot = slots[Math.floor(Math.random() * slots.length)]!;
          const victim = slot.child;
          killing.add(victim);
          victim.kill('SIGKILL');
          await new Promise((resolve) =>
            victim.exitCode !== null || victim.signalCode ? resolve(null) : victim.once('exit', resolve),
          );
          kills += 1;
          slot.done = false;
          slot.child = spawnWorker(slot.index);
        }

        // Let the survivors fire the remaining timers and deliver the remaining effects, then stop them cleanly.
        for (;;) {
          expect(Date.now() - started, 'timers and effects did not settle in time').toBeLessThan(DEADLINE_MS);
          const [left] = await db.sql(`select (select count(*) from "${schema}".timers)::int as timers,
          (select count(*) from "${schema}".outbox where status <> 'delivered')::int as outbox`);
          if (left!.timers === 0 && left!.outbox === 0) break;
          await sleep(500);
        }
        await Promise.all(
          slots.map((slot) => {
            const exited = new Promise((resolve) => slot.child.once('exit', resolve));
            slot.child.kill('SIGTERM');
            return exited;
          }),
        );
        expect(failures).toEqual([]);

        const findings = await checkCrashInvariants(db, schema);
        console.log('crash test', {
          kills,
          selfKills,
          seconds: Math.round((Date.now() - started) / 1000),
          ...findings,
        });
        expect(kills).toBeGreaterThanOrEqual(MIN_KILLS);
        expect(selfKills).toBe(1);
        // At least the self-killed worker's delivery went out twice, under one idempotency key (checked below).
        expect(findings.redeliveries).toBeGreaterThanOrEqual(1);
        expect(findings).toMatchObject({
          cases: CRASH_PLAN.cases,
          bumpEvents: CRASH_PLAN.cases * CRASH_PLAN.eventsPerCase,
          journalGaps: 0,
          repeatedEvents: 0,
          replayMismatches: 0,
          timersNotFiredOnce: 0,
          timersLeft: 0,
          // Three bumps in ten notify, plus the reminder.
          outboxRows: CRASH_PLAN.cases * (Math.floor(CRASH_PLAN.eventsPerCase / 3) + 1),
          undelivered: 0,
          effectsNeverDelivered: 0,
          effectsWithOtherKeys: 0,
        });
      },
      DEADLINE_MS + 10_000,
    );
  },
);

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
