import type { Engine, VirtualClock } from '@gridflow/engine';

/**
 * Fire due timers and deliver due effects until nothing more is due now.
 *
 * @example
 * ```ts
 * await settle(engine);
 * ```
 */
export async function settle(engine: Engine): Promise<void> {
  for (let round = 0; round < 10_000; round++) {
    const fired = await engine.runDueTimers();
    const attempted = await engine.drainOutbox();
    if (fired === 0 && attempted === 0) return;
  }
  throw new Error('settle did not finish after 10 000 rounds: a timer or effect re-arms itself at once');
}

/**
 * Move the virtual clock to `at`, stopping at every pending timer on the way so each fires at its own due time
 * (an SLA breach at 10:30 is journalled at 10:30, not when the simulation next looks). The same stepping as
 * `createTestEngine().advanceTo`, on any storage. Effects never fail here, so only timers need visiting.
 *
 * @example
 * ```ts
 * await advanceTo(engine, clock, new Date('2026-09-15T09:00:00+08:00'));
 * ```
 */
export async function advanceTo(engine: Engine, clock: VirtualClock, at: Date): Promise<void> {
  const target = at.getTime();
  await settle(engine);
  for (;;) {
    const next = await engine.storage.nextTimerDue();
    if (!next || next.getTime() > target || next.getTime() <= clock.now().getTime()) break;
    clock.set(next);
    await settle(engine);
  }
  clock.set(at);
  await settle(engine);
}
