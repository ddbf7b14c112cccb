/**
 * Engine throughput on memory storage against bare XState on the same machine and events.
 *
 * Bare XState does, per event, what any durable use of XState must: parse the stored snapshot, resolve it,
 * run a pure transition, serialize the persisted snapshot. It runs twice: with XState's `transition()`, and
 * with the cheaper step the engine itself uses (`machine.transition` with a recording scope, see
 * pure-transition.ts). The engine adds validation, authorization, journal, timers, outbox and the storage
 * commit. Target: the engine reaches at least half of the faster bare XState.
 *
 * Run: pnpm bench (or: npx tsx bench/engine.bench.ts)
 */
import { transition } from 'xstate';
import { chinaCalendar } from '../src/calendar/china-calendar.js';
import { virtualClock } from '../src/clock/virtual-clock.js';
import { memoryDirectory } from '../src/directory/memory-directory.js';
import { createEngine } from '../src/runtime/engine.js';
import { pureTransition } from '../src/runtime/commands/pure-transition.js';
import { withTransitionScope } from '../src/flow/working-time.js';
import { memoryStorage } from '../src/storage/memory-storage.js';
import type { Actor } from '../src/types.js';
import type { CaseEvent } from '../src/runtime/typed-requests.js';
import { org, resident, staffA } from '../test/fixtures/org.js';
import { repairFlow, repairMachine } from '../test/fixtures/repair-flow.js';

const CASES = 200;
const EVENTS = Number(process.env.BENCH_EVENTS ?? 40_000);
const ROUNDS = 3;

/** The same event sequence for both sides: assign/release re-enter states (timers), notes assign context. */
function eventFor(i: number): CaseEvent<typeof repairFlow> {
  const step = Math.floor(i / CASES) % 4;
  if (step === 0) return { type: 'assign', to: 'g-wang' };
  if (step === 2) return { type: 'release' };
  return { type: 'note', text: `note ${i}` };
}

async function benchEngine(): Promise<number> {
  const clock = virtualClock('2026-03-02T09:00:00+08:00');
  const engine = createEngine({
    storage: memoryStorage(),
    flows: [repairFlow],
    directory: memoryDirectory(org),
    clock,
    calendar: chinaCalendar(),
  });
  const ids: string[] = [];
  for (let i = 0; i < CASES; i++) {
    ids.push(
      (
        await engine.createCase({
          flow: 'repair',
          actor: resident,
          orgUnit: 'grid-a1',
          input: { title: 't' },
        })
      ).id,
    );
  }
  const actor: Actor = staffA;
  const start = performance.now();
  for (let i = 0; i < EVENTS; i++) {
    await engine.send({ caseId: ids[i % CASES]!, actor, event: eventFor(i) });
  }
  return EVENTS / ((performance.now() - start) / 1000);
}

function benchBareXState(step: 'xstate' | 'engine-step'): number {
  const calendar = chinaCalendar();
  const now = new Date('2026-03-02T01:00:00Z');
  const stored: string[] = [];
  for (let i = 0; i < CASES; i++) {
    const input = { caseId: `c${i}`, orgUnit: 'grid-a1', requesterId: 'r-li', title: 't' };
    const snap = withTransitionScope(now, calendar, () =>
      repairMachine.resolveState({
        value: 'open',
        context: {
          caseId: input.caseId,
          orgUnit: input.orgUnit,
          requesterId: input.requesterId,
          assignee: null,
          title: 't',
          notes: [],
          escalated: 0,
          urged: 0,
        },
      }),
    ).result;
    stored.push(JSON.stringify(repairMachine.getPersistedSnapshot(snap)));
  }
  const meta = { actor: staffA, at: now.toISOString() };
  const start = performance.now();
  for (let i = 0; i < EVENTS; i++) {
    const slot = i % CASES;
    const event = { ...eventFor(i), meta };
    const snapshot = repairMachine.resolveState(JSON.parse(stored[slot]!));
    const [next] = withTransitionScope(now, calendar, () =>
      step === 'xstate'
        ? transition(repairMachine, snapshot, event as never)
        : pureTransition(repairMachine, snapshot, event as never),
    ).result;
    stored[slot] = JSON.stringify(repairMachine.getPersistedSnapshot(next));
  }
  return EVENTS / ((performance.now() - start) / 1000);
}

async function main() {
  // Warm up both paths so the JIT does not favour whichever runs second.
  benchBareXState('xstate');
  benchBareXState('engine-step');
  await benchEngine();
  const bareXState: number[] = [];
  const bare: number[] = [];
  const engine: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    bareXState.push(benchBareXState('xstate'));
    bare.push(benchBareXState('engine-step'));
    engine.push(await benchEngine());
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const bx = median(bareXState);
  const b = Math.max(median(bare), bx);
  const e = median(engine);
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(9);
  console.log(
    `gridflow engine bench: ${EVENTS} events over ${CASES} cases, median of ${ROUNDS} rounds, node ${process.version}`,
  );
  console.log(`  bare XState, transition() (parse, resolve, step, serialize):        ${fmt(bx)} events/s`);
  console.log(
    `  bare XState, the engine's step (parse, resolve, step, serialize):  ${fmt(median(bare))} events/s`,
  );
  console.log(`  engine on memory storage (send, full commit):                      ${fmt(e)} events/s`);
  console.log(`  ratio engine / faster bare XState: ${(e / b).toFixed(2)} (target >= 0.50)`);
}

await main();
