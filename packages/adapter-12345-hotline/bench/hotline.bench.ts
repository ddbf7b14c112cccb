/**
 * `pnpm bench` for @gridflow/adapter-12345-hotline, on the real Postgres named by DATABASE_URL:
 *
 * 1. orders/s pushed through the signed webhook (the fake platform signing and posting each order over HTTP, the
 *    webhook verifying, mapping and ingesting it) against `createCase` alone with the same requests, in rounds
 *    on one engine where the paths take turns going first, with medians, spread and the ratio (target ≥ 0.8);
 *    a third path calls the same webhook in this process without HTTP, to split the webhook's own cost from the
 *    HTTP exchange's;
 * 2. write-backs/s: 签收 of every pushed order delivered to the fake platform by the engine's dispatcher.
 *
 * 10,000 orders by default; BENCH_SCALE=0.01 shrinks every count for a quick look. Runs in its own schema,
 * dropped afterwards. The platform pushes from a process of its own (`platform-process.ts`), as it does from its
 * own servers; BENCH_PLATFORM=inline pushes from this process instead, so its HTTP client's CPU is charged to
 * the webhook side too. CPU per order is this process's: the engine's, the webhook's and the `pg` client's.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { postgresStorage } from '@gridflow/adapter-postgres';
import { type Actor, createEngine, type Engine, memoryDirectory } from '@gridflow/engine';
import { PLATFORM_WRITE_BACK_EFFECT, workOrderFlowV3 } from '@gridflow/engine/flows';
import pg from 'pg';
import {
  DEFAULT_HOTLINE_CATEGORIES,
  hotlineCategoryTable,
  hotlineClient,
  hotlineIntake,
  hotlineSigner,
  hotlineUnitTable,
  hotlineWebhook,
  hotlineWriteBack,
  toNodeHandler,
} from '../src/index.js';
import { PLAIN_HANDLER, type PlainCapableHandler } from '../src/plain-exchange.js';
import { fakeHotlinePlatform, SAMPLE_UNIT_CODES, sampleOrderRecord } from '../src/testing/index.js';

const url = process.env.DATABASE_URL;
const scale = Number(process.env.BENCH_SCALE ?? 1);
const ORDERS = Math.max(20, Math.round(10_000 * scale));
const ROUNDS = 10;
const CONCURRENCY = 8;
const WRITE_BACKS = Math.max(10, Math.round(2_000 * scale));
const SECRET = 'bench-secret';
const PLATFORM = process.env.BENCH_PLATFORM === 'inline' ? 'inline' : 'process';

const seat: Actor = { id: 'hotline-12345', roles: ['dispatcher', 'supervisor'], orgUnit: 'district' };
const city: Actor = { id: 'u-city', roles: ['departmentHandler'], orgUnit: 'dept-city-management' };
const directory = memoryDirectory({
  units: [
    { id: 'district', name: '示范区', kind: 'district', parentId: null },
    { id: 'street-east', name: '东街道', kind: 'street', parentId: 'district' },
    { id: 'comm-1', name: '幸福社区', kind: 'community', parentId: 'street-east' },
    { id: 'comm-2', name: '和平社区', kind: 'community', parentId: 'street-east' },
    { id: 'dept-housing', name: '住建局', kind: 'department', parentId: 'district' },
    { id: 'dept-city-management', name: '城管局', kind: 'department', parentId: 'district' },
  ],
});

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** One timed batch: orders per second, and this process's CPU (user + system) per order in ms. */
interface Lap {
  perSecond: number;
  cpuMs: number;
}

async function timed(count: number, work: () => Promise<unknown>): Promise<Lap> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  await work();
  const used = process.cpuUsage(cpu);
  return {
    perSecond: count / ((performance.now() - started) / 1000),
    cpuMs: (used.user + used.system) / 1000 / count,
  };
}

function inLanes<T>(items: readonly T[], work: (item: T) => Promise<unknown>): Promise<Lap> {
  let next = 0;
  return timed(items.length, () =>
    Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < items.length) await work(items[next++]!);
      }),
    ),
  );
}

/**
 * The platform in a process of its own (see platform-process.ts): signs and lays out a round's pushes when
 * asked (untimed, as `createCase`'s requests are mapped beforehand), then pushes them `CONCURRENCY` at a time,
 * one request in flight per kept-alive connection: the same concurrency as `createCase`'s lanes.
 */
async function platformProcess(appId: string) {
  const child = fork(fileURLToPath(new URL('./platform-process.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_APP_ID: appId, BENCH_SECRET: SECRET },
  });
  const reply = <T>() =>
    new Promise<T>((resolve, reject) => {
      const exited = (code: number | null) => reject(new Error(`the platform process exited (${code})`));
      child.once('exit', exited);
      child.once('message', (message) => {
        child.off('exit', exited);
        resolve(message as T);
      });
    });
  await reply();
  return {
    prepare: async (numbers: number[], to: string) => {
      const answer = reply();
      child.send({ kind: 'prepare', numbers, to });
      await answer;
    },
    push: async () => {
      const answer = reply<{ failures: string[] }>();
      child.send({ kind: 'push', lanes: CONCURRENCY });
      const { failures } = await answer;
      if (failures.length > 0) throw new Error(failures.slice(0, 3).join('; '));
    },
    close: () => child.disconnect(),
  };
}

async function main(): Promise<void> {
  if (!url) {
    console.log('adapter-12345-hotline bench skipped: set DATABASE_URL to a Postgres server to run it');
    return;
  }
  const schema = `gf_bench_${randomBytes(4).toString('hex')}`;
  const pool = new pg.Pool({ connectionString: url, max: CONCURRENCY + 2 });
  const platform = await fakeHotlinePlatform({ secret: SECRET });
  const units = hotlineUnitTable(SAMPLE_UNIT_CODES);
  const categories = hotlineCategoryTable(DEFAULT_HOTLINE_CATEGORIES);
  const intake = hotlineIntake({ units, categories, actor: seat, defaultOrgUnit: 'district' });
  const client = hotlineClient({ baseUrl: platform.url, appId: platform.appId, secret: SECRET });
  const engine: Engine = createEngine({
    storage: postgresStorage({ client: pool, schema }),
    flows: [workOrderFlowV3],
    directory,
    intakes: intake.intakes,
    effects: {
      notify: () => {},
      [PLATFORM_WRITE_BACK_EFFECT]: hotlineWriteBack({ client, units }),
    },
    tuning: { pollIntervalMs: 50 },
    ownsAdapters: false,
  });
  const hook = hotlineWebhook({ engine, appId: platform.appId, secret: SECRET });
  const webhook = createServer(toNodeHandler(hook));
  // The same webhook without HTTP: what it does beyond createCase (verify, parse, map, intake lookups) alone.
  const plainHook = (hook as PlainCapableHandler)[PLAIN_HANDLER]!;
  const signer = hotlineSigner({ appId: platform.appId, secret: SECRET });
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
  const pushUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hotline/push`;
  const pusher = PLATFORM === 'process' ? await platformProcess(platform.appId) : null;

  try {
    console.log(
      `# adapter-12345-hotline bench: ${fmt(ORDERS)} orders, ${CONCURRENCY} at a time, platform pushing from ` +
        `${PLATFORM === 'process' ? 'its own process' : 'this process'}, ${cpus().length} cores, ` +
        `load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}, Node ${process.version}\n`,
    );
    // Warm up both paths (JIT, prepared statements, flow registration) outside the measurement.
    await platform.pushOrder(sampleOrderRecord(9_000_001), { to: pushUrl });
    await pusher?.prepare([9_000_003], pushUrl);
    await pusher?.push();
    const [orderIntake] = intake.intakes;
    /**
     * The `createCase` request of order `n` exactly as the webhook's intake builds it (same input, caller and
     * origin), mapped beforehand: the floor side pays for the commit only. Its own case id and key. The input
     * is a plain copy, not the intake's frozen result, so `createCase` validates it, as it does any caller's:
     * both sides validate a work order's input once, in the timed part.
     */
    const requestOf = async (n: number) => {
      const mapped = await orderIntake.map(sampleOrderRecord(n), { directory, now: new Date() });
      if (!mapped.ok || mapped.command.kind !== 'create') throw new Error(`order ${n} does not map`);
      const { request } = mapped.command;
      return {
        ...request,
        input: { ...request.input },
        caseId: `direct-${request.caseId}`,
        idempotencyKey: `direct:${mapped.externalId}`,
      };
    };
    await engine.createCase(await requestOf(9_000_002));

    const perRound = Math.ceil(ORDERS / ROUNDS);
    const pushed: Lap[] = [];
    const handled: Lap[] = [];
    const direct: Lap[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const numbers = Array.from({ length: perRound }, (_, i) => 1 + round * perRound + i);
      const viaInlinePlatform = () =>
        inLanes(numbers, async (n) => {
          const answer = await platform.pushOrder(sampleOrderRecord(n), { to: pushUrl });
          if (answer.status !== 200) throw new Error(`push ${n}: ${answer.status} ${answer.text}`);
        });
      const viaWebhook = async () => {
        if (!pusher) return viaInlinePlatform();
        await pusher.prepare(numbers, pushUrl);
        return timed(numbers.length, () => pusher.push());
      };
      const viaHandler = () =>
        inLanes(numbers, async (n) => {
          const body = JSON.stringify(sampleOrderRecord(2_000_000 + n));
          const pathAndQuery = '/hotline/push';
          const headers = signer.sign({ method: 'POST', pathAndQuery, body });
          const answer = await plainHook({ method: 'POST', pathAndQuery, headers, body: Buffer.from(body) });
          if (answer.status !== 200) throw new Error(`handle ${n}: ${answer.status} ${answer.body}`);
        });
      const requests = await Promise.all(numbers.map((n) => requestOf(1_000_000 + n)));
      const viaCreateCase = () => inLanes(requests, (request) => engine.createCase(request));
      // Rotate which path goes first, so drift over the run (autovacuum, cache, others' load) hits all alike.
      const paths: [Lap[], () => Promise<Lap>][] = [
        [pushed, viaWebhook],
        [direct, viaCreateCase],
        [handled, viaHandler],
      ];
      for (let i = 0; i < paths.length; i++) {
        const [laps, run] = paths[(round + i) % paths.length]!;
        laps.push(await run());
      }
    }
    console.log(`## Orders per second (${ROUNDS} interleaved rounds of ${fmt(perRound)})\n`);
    console.log('| path | median orders/s | min | max | CPU ms per order (median) |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    const row = (name: string, laps: Lap[]) => {
      const rates = laps.map((lap) => lap.perSecond);
      const cpu = median(laps.map((lap) => lap.cpuMs));
      console.log(
        `| ${name} | ${fmt(median(rates))} | ${fmt(Math.min(...rates))} | ${fmt(Math.max(...rates))} | ${fmt(cpu, 2)} |`,
      );
    };
    row('signed push through the webhook (HTTP, verify, map, ingest)', pushed);
    row('`createCase` alone (the same requests, mapped beforehand, idempotency key)', direct);
    row('the webhook called in this process, no HTTP (verify, parse, map, ingest)', handled);
    const ratios = pushed.map((lap, i) => lap.perSecond / direct[i]!.perSecond);
    const ratio = median(pushed.map((lap) => lap.perSecond)) / median(direct.map((lap) => lap.perSecond));
    console.log(
      `\nwebhook ÷ createCase (medians): **${fmt(ratio, 2)}** (target ≥ 0.8); per round: median ` +
        `${fmt(median(ratios), 2)}, ${fmt(Math.min(...ratios), 2)} to ${fmt(Math.max(...ratios), 2)}. ` +
        "CPU is this process's, user + system: the engine, the webhook and the pg client" +
        `${PLATFORM === 'inline' ? ', and the platform pushing' : ''}.`,
    );
    const handledRatio =
      median(handled.map((lap) => lap.perSecond)) / median(direct.map((lap) => lap.perSecond));
    console.log(`webhook without HTTP ÷ createCase (medians): ${fmt(handledRatio, 2)}\n`);

    // Write-backs: 签收 of pushed orders, committed first, then delivered by the dispatcher while timed.
    const signed = Array.from({ length: Math.min(WRITE_BACKS, ORDERS) }, (_, i) => i + 1);
    // The orders the platform process pushed are this platform's too: it takes write-backs only for known ones.
    platform.seed(signed.map((n) => sampleOrderRecord(n)));
    await inLanes(signed, async (n) => {
      const caseId = `hotline-${sampleOrderRecord(n).orderNo}`;
      await engine.send({ caseId, actor: seat, event: { type: 'accept' } });
      await engine.send({
        caseId,
        actor: seat,
        event: { type: 'dispatch', leadUnit: 'dept-city-management' },
      });
      await engine.send({ caseId, actor: city, event: { type: 'signFor' } });
    });
    const before = platform.calls().length;
    const started = performance.now();
    await engine.start();
    while (platform.calls().length - before < signed.length) await new Promise((r) => setTimeout(r, 20));
    const seconds = (performance.now() - started) / 1000;
    console.log('## Write-backs to the fake platform\n');
    console.log('| write-backs | seconds | write-backs/s |');
    console.log('| ---: | ---: | ---: |');
    console.log(`| ${fmt(signed.length)} | ${fmt(seconds, 2)} | ${fmt(signed.length / seconds)} |`);
  } finally {
    await engine.stop();
    pusher?.close();
    await new Promise<void>((resolve) => webhook.close(() => resolve()));
    await platform.close();
    await pool.query(`drop schema if exists "${schema}" cascade`);
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
