import type { EngineContext } from '../engine-context.js';

/**
 * Recompute provisional deadlines with the calendar's current data (after a year's holidays were added). A
 * timer keeps its plan (start instant, amount, unit), so re-planning is exact; the case's `dueAt` follows.
 */
export async function replanProvisional(ctx: EngineContext): Promise<number> {
  const { storage, calendar } = ctx;
  let moved = 0;
  const seen = new Set<string>();
  for (;;) {
    const timers = (await storage.listProvisionalTimers(ctx.tuning.batchSize)).filter((t) => !seen.has(t.id));
    if (timers.length === 0) break;
    for (const timer of timers) {
      seen.add(timer.id);
      if (!timer.plan) continue;
      const { from, amount, unit } = timer.plan;
      const start = new Date(from);
      if (!calendar.covers(start, timer.dueAt)) continue;
      const dueAt =
        unit === 'workingDays'
          ? calendar.addWorkingDays(start, amount)
          : calendar.addWorkingHours(start, amount);
      await storage.rescheduleTimer(timer.id, dueAt, !calendar.covers(start, dueAt));
      moved++;
    }
  }
  if (moved > 0) ctx.events.emit('calendar.replanned', { timers: moved });
  return moved;
}
