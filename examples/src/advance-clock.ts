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
 * `createTestEngine().advanceTo`, on any storage, with one saving: it expects the outbox settled when called
 * (effects never fail here, so none wait for a retry), so a stretch with no timer costs one query. Returns
 * when the next pending timer is due (ms), so a caller can move the clock a little further without asking.
 *
 * @example
 * ```ts
 * await settle(engine);
 * await advanceTo(engine, clock, new Date('2026-09-15T09:00:00+08:00'));
 * ```
 */
export async function advanceTo(engine: Engine, clock: VirtualClock, at: Date): Promise<number> {
  const target = at.getTime();
  for (let settledAt = Number.NaN; ; ) {
    const next = (await engine.storage.nextTimerDue())?.getTime();
    const now = clock.now().getTime();
    // Settled at this instant already: what is left due is a leased timer, which a later claim retries.
    if (next === undefined || next > target || (next <= now && settledAt === now)) {
      clock.set(at);
      return next ?? Number.POSITIVE_INFINITY;
    }
    if (next > now) clock.set(new Date(next));
    await settle(engine);
    settledAt = clock.now().getTime();
  }
}
